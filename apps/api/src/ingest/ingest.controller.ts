import {
  BadRequestException,
  Controller,
  Headers,
  HttpCode,
  Post,
  Body,
  UnauthorizedException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { IngestResponse } from '@kiosk-pulse/contract';
import { envelopeProblem, type Envelope } from '@kiosk-pulse/contract/validation';
import { bearerToken } from '../access/bearer';
import { Public } from '../access/decorators';
import { RateLimits } from '../auth/rate-limits';
import { KioskAuthenticator } from '../kiosks/kiosk-authenticator';
import { IngestService } from './ingest.service';

/** POST /api/v1/events: kiosks post batches of anonymous usage events here, with their own key. */
@Controller('api/v1')
@Public()
export class IngestController {
  constructor(
    private readonly authenticator: KioskAuthenticator,
    private readonly limits: RateLimits,
    private readonly batches: IngestService,
  ) {}

  @Post('events')
  @HttpCode(202)
  async ingest(
    @Headers('authorization') authorization: string | undefined,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
  ): Promise<IngestResponse> {
    // Fastify reads text/plain too; kiosks speak JSON only.
    if (!isJson(contentType)) throw new UnsupportedMediaTypeException('send the batch as application/json');
    const kiosk = await this.authenticator.authenticate(bearerToken(authorization));
    if (!kiosk) throw new UnauthorizedException('a valid kiosk key is required (Authorization: Bearer <kiosk key>)');
    await this.limits.ingestPost(kiosk.id);
    const problem = envelopeProblem(body);
    if (problem) throw new BadRequestException(problem);
    return this.batches.take(kiosk, body as Envelope);
  }
}

const isJson = (contentType: string | undefined): boolean => /^application\/json\s*(;|$)/i.test(contentType ?? '');
