import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { CreatedApiToken } from '@kiosk-pulse/contract';
import { InjectPool, transaction } from '@kiosk-pulse/database';
import { CurrentPrincipal, Roles } from '../access/decorators';
import { ROLES, type Principal } from '../access/principal';
import { AuditLog } from '../audit/audit-log';
import { displayText } from '../http/display-text';
import { parseInput } from '../http/parse-input';
import { CredentialEvents } from '../users/credential-events';
import { WardAccess, wardCode } from '../wards/ward-code';
import { generateApiToken, hashApiToken } from './api-token-secret';
import { ApiTokensRepository, type ApiToken } from './api-tokens.repository';

const createTokenBody = z
  .strictObject({
    name: displayText(100),
    // The least a token can do, unless asked for more: read the figures.
    role: z.enum(ROLES).default('city_official'),
    wardCode: wardCode.optional(),
  })
  .refine((value) => (value.role === 'ward_staff') === (value.wardCode !== undefined), {
    message: 'a ward_staff token needs a wardCode, and only such a token has one',
    path: ['wardCode'],
  });

/**
 * Named tokens for scripts and integrations, read-only (city_official) unless made for another
 * role or a ward. A token carries the rights of the admin who made it only while that admin is
 * an active admin.
 */
@Controller('api/v1/tokens')
@Roles('admin')
export class ApiTokensController {
  constructor(
    private readonly tokens: ApiTokensRepository,
    private readonly wards: WardAccess,
    private readonly audit: AuditLog,
    private readonly credentials: CredentialEvents,
    @InjectPool() private readonly pool: Pool,
  ) {}

  /** The token itself is in this answer only. */
  @Post()
  async create(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<CreatedApiToken> {
    const input = parseInput(createTokenBody, body);
    await this.wards.require(input.wardCode);
    const token = generateApiToken();
    const created = await transaction(this.pool, async (db) => {
      const made = await this.tokens.create(
        {
          id: randomUUID(),
          name: input.name,
          hash: hashApiToken(token),
          role: input.role,
          wardCode: input.wardCode ?? null,
          createdBy: principal.actor,
          ownerId: principal.ownerId,
        },
        db,
      );
      await this.audit.record(
        principal,
        'token.create',
        { type: 'token', id: made.id },
        { name: made.name, role: made.role, wardCode: made.wardCode },
        db,
      );
      return made;
    });
    return { ...created, token };
  }

  @Get()
  list(): Promise<ApiToken[]> {
    return this.tokens.list();
  }

  @Post(':id/revoke')
  @HttpCode(200)
  async revoke(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ApiToken> {
    const revoked = await transaction(this.pool, async (db) => {
      const found = await this.tokens.revoke(id, db);
      if (!found) throw new NotFoundException(`no token ${id}`);
      await this.audit.record(principal, 'token.revoke', { type: 'token', id }, { name: found.name }, db);
      return found;
    });
    // Sockets opened with it close.
    this.credentials.changed({ tokenId: id });
    return revoked;
  }
}
