import { Controller, Get, Headers, NotFoundException, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { SHARE_TOKEN_HEADER, type PublicView } from '@kiosk-pulse/contract';
import { Public } from '../access/decorators';
import { digestSecret } from '../access/secret-digest';
import { RateLimits } from '../auth/rate-limits';
import { PublicViewCache } from './public-view.cache';
import { PublicViewService } from './public-view.service';
import { publicViewAnswers } from './public.metrics';
import { ShareLinksRepository } from './share-links.repository';

const GONE = 'this share link does not exist or was revoked';

/**
 * The public view's API: no sign-in, the share link's token in a header (never in the address,
 * which servers and proxies log). Limited per address, answered from a shared cache.
 */
@Controller('api/v1/public')
@Public()
export class PublicController {
  constructor(
    private readonly links: ShareLinksRepository,
    private readonly views: PublicViewService,
    private readonly cache: PublicViewCache,
    private readonly limits: RateLimits,
  ) {}

  /** Everything the public page shows, for the link in the x-share-token header. */
  @Get('view')
  async view(
    @Headers(SHARE_TOKEN_HEADER) token: string | undefined,
    @Req() request: FastifyRequest,
  ): Promise<PublicView> {
    await this.limits.publicRead(request.ip);
    // Unknown, malformed and revoked links are answered alike: no telling which exist.
    if (typeof token !== 'string' || token.length > 200) throw new NotFoundException(GONE);
    const digest = digestSecret(token);
    const cached = await this.cache.get(digest);
    if (cached) {
      publicViewAnswers.inc({ source: 'cached' });
      return cached;
    }
    // When the answer expires, every screen asks at once: one build per process serves them all.
    const key = digest.toString('hex');
    let building = this.building.get(key);
    if (!building) {
      building = this.build(digest).finally(() => this.building.delete(key));
      this.building.set(key, building);
    }
    return building;
  }

  private readonly building = new Map<string, Promise<PublicView>>();

  private async build(digest: Buffer): Promise<PublicView> {
    const link = await this.links.open(digest);
    if (!link) throw new NotFoundException(GONE);
    const view = await this.views.view(link);
    await this.cache.set(digest, view);
    publicViewAnswers.inc({ source: 'built' });
    return view;
  }
}
