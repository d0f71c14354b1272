import { randomBytes, randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import type { Pool } from 'pg';
import { z } from 'zod';
import { InjectPool, transaction } from '@kiosk-pulse/database';
import { AuditLog } from '../audit/audit-log';
import { CredentialEvents } from '../auth/credential-events';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import { ROLES, type Principal } from '../auth/principal';
import { digestSecret } from '../auth/secret-digest';
import { displayText } from '../http/display-text';
import { parseInput } from '../http/zod-query';
import { WardsRepository } from '../wards/wards.repository';
import { ApiTokensRepository, type ApiToken } from './api-tokens.repository';

export const API_TOKEN_PREFIX = 'kpt_';

const createTokenBody = z
  .strictObject({
    name: displayText(100),
    // The least a token can do, unless asked for more: read the figures.
    role: z.enum(ROLES).default('city_official'),
    wardCode: z
      .string()
      .regex(/^\d{5}$/, 'must be a 5-digit ward code')
      .optional(),
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
    private readonly wards: WardsRepository,
    private readonly audit: AuditLog,
    private readonly credentials: CredentialEvents,
    @InjectPool() private readonly pool: Pool,
  ) {}

  /** The token itself is in this answer only. */
  @Post()
  async create(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<ApiToken & { token: string }> {
    const input = parseInput(createTokenBody, body);
    if (input.wardCode && !(await this.wards.exists(input.wardCode)))
      throw new BadRequestException(`unknown ward ${input.wardCode}`);
    const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const created = await transaction(this.pool, async (db) => {
      const made = await this.tokens.create(
        {
          id: randomUUID(),
          name: input.name,
          hash: digestSecret(token),
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
