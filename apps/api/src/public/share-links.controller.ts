import { randomBytes, randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { CreatedShareLink, ShareLink } from '@kiosk-pulse/contract';
import { InjectPool, transaction } from '@kiosk-pulse/database';
import { CurrentPrincipal, Roles } from '../access/decorators';
import type { Principal } from '../access/principal';
import { digestSecret } from '../access/secret-digest';
import { AuditLog } from '../audit/audit-log';
import { displayText } from '../http/display-text';
import { parseInput } from '../http/parse-input';
import { WardAccess, wardCode } from '../wards/ward-code';
import { PublicViewCache } from './public-view.cache';
import { ShareLinksRepository } from './share-links.repository';

const createShareLinkBody = z.strictObject({
  label: displayText(120),
  wardCode: wardCode.optional(),
});

/** What every share link token starts with: told apart from API tokens and sign-ins at a glance. */
const SHARE_TOKEN_PREFIX = 'kps_';

/**
 * Share links to the public view: an admin makes them for the city or any ward, ward staff for
 * their own ward; either may list and revoke the links they may make. A revoked link stops at
 * once, its cached page included.
 */
@Controller('api/v1/share-links')
@Roles('admin', 'ward_staff')
export class ShareLinksController {
  constructor(
    private readonly links: ShareLinksRepository,
    private readonly wards: WardAccess,
    private readonly audit: AuditLog,
    private readonly cache: PublicViewCache,
    @InjectPool() private readonly pool: Pool,
  ) {}

  /** The token is in this answer only. */
  @Post()
  async create(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<CreatedShareLink> {
    const input = parseInput(createShareLinkBody, body);
    const ward = principal.role === 'ward_staff' ? (input.wardCode ?? principal.wardCode) : input.wardCode;
    await this.wards.require(ward ?? undefined, principal);
    const token = SHARE_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const created = await transaction(this.pool, async (db) => {
      const made = await this.links.create(
        {
          id: randomUUID(),
          hash: digestSecret(token),
          label: input.label,
          wardCode: ward ?? null,
          createdBy: principal.actor,
        },
        db,
      );
      await this.audit.record(
        principal,
        'share_link.create',
        { type: 'share_link', id: made.id },
        { label: made.label, wardCode: made.wardCode },
        db,
      );
      return made;
    });
    return { ...created, token };
  }

  @Get()
  list(@CurrentPrincipal() principal: Principal): Promise<ShareLink[]> {
    return this.links.list(principal.role === 'ward_staff' ? (principal.wardCode as string) : undefined);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  async revoke(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ShareLink> {
    const { link, tokenDigest } = await transaction(this.pool, async (db) => {
      const found = await this.links.find(id, db);
      // Another ward's link answers as an unknown one: no telling which links exist.
      if (!found || (principal.role === 'ward_staff' && found.wardCode !== principal.wardCode)) {
        throw new NotFoundException(`no share link ${id}`);
      }
      const revoked = await this.links.revoke(id, db);
      await this.audit.record(principal, 'share_link.revoke', { type: 'share_link', id }, { label: found.label }, db);
      return revoked;
    });
    await this.cache.forget(tokenDigest);
    return link;
  }
}
