import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
} from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { z } from 'zod';
import { InjectPool, transaction } from '@kiosk-pulse/database';
import { CurrentPrincipal, Roles } from '../access/decorators';
import { ROLES, type Principal } from '../access/principal';
import { AuditLog } from '../audit/audit-log';
import { parseInput } from '../http/parse-input';
import { WardAccess, wardCode } from '../wards/ward-code';
import { CredentialEvents } from './credential-events';
import { hashPassword } from './passwords';
import { UsersRepository, publicUser, type User } from './users.repository';

const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,64}$/, 'must be 3 to 64 of a-z, 0-9, dot, underscore, hyphen');
const password = z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters');

const wardMatchesRole = (value: { role?: string; wardCode?: string | null }) =>
  value.role === undefined ||
  (value.role === 'ward_staff') === (value.wardCode !== undefined && value.wardCode !== null);
const wardRule = { message: 'ward_staff needs a wardCode, and only ward_staff has one', path: ['wardCode'] };

const createUserBody = z
  .strictObject({ username, password, role: z.enum(ROLES), wardCode: wardCode.nullable().optional() })
  .refine(wardMatchesRole, wardRule);

const updateUserBody = z
  .strictObject({
    disabled: z.boolean().optional(),
    password: password.optional(),
    role: z.enum(ROLES).optional(),
    wardCode: wardCode.nullable().optional(),
  })
  .refine((value) => Object.keys(value).length > 0, { message: 'nothing to change' })
  .refine(wardMatchesRole, wardRule)
  .refine((value) => value.wardCode === undefined || value.role !== undefined, {
    message: 'change wardCode together with role',
    path: ['wardCode'],
  });

@Controller('api/v1/users')
@Roles('admin')
export class UsersController {
  constructor(
    private readonly users: UsersRepository,
    private readonly wards: WardAccess,
    private readonly audit: AuditLog,
    private readonly credentials: CredentialEvents,
    @InjectPool() private readonly pool: Pool,
  ) {}

  @Post()
  async create(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<User> {
    const input = parseInput(createUserBody, body);
    await this.wards.require(input.wardCode);
    if (await this.users.findByUsername(input.username))
      throw new ConflictException(`username ${input.username} is taken`);
    const passwordHash = await hashPassword(input.password);
    const user = await transaction(this.pool, async (db) => {
      const made = await this.users.create(
        {
          id: randomUUID(),
          username: input.username,
          passwordHash,
          role: input.role,
          wardCode: input.wardCode ?? null,
        },
        db,
      );
      await this.audit.record(
        principal,
        'user.create',
        { type: 'user', id: made.id },
        { username: made.username, role: made.role, wardCode: made.wardCode },
        db,
      );
      return made;
    });
    return publicUser(user);
  }

  @Get()
  async list(): Promise<User[]> {
    return (await this.users.list()).map(publicUser);
  }

  @Patch(':id')
  async update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<User> {
    const input = parseInput(updateUserBody, body);
    if (input.disabled && principal.userId === id) throw new BadRequestException('you cannot lock yourself out');
    await this.wards.require(input.wardCode);
    const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
    const changed = await transaction(this.pool, async (db) => {
      if (input.disabled === true || (input.role !== undefined && input.role !== 'admin')) {
        await this.keepAnAdmin(id, db);
      }
      const updated = await this.users.update(
        id,
        {
          disabled: input.disabled,
          passwordHash,
          role: input.role,
          wardCode: input.role === undefined ? undefined : (input.wardCode ?? null),
        },
        db,
      );
      if (!updated) throw new NotFoundException(`no user ${id}`);
      const { password: newPassword, ...shown } = input;
      await this.audit.record(
        principal,
        'user.update',
        { type: 'user', id },
        { ...shown, passwordReset: newPassword !== undefined },
        db,
      );
      return updated;
    });
    // Their sign-ins have ended; their sockets, and those of the API tokens they made, are checked again.
    this.credentials.changed({ userId: id });
    return publicUser(changed);
  }

  /** Refuses to lock or demote the last active admin: nobody could manage users any more. */
  private async keepAnAdmin(id: string, db: PoolClient): Promise<void> {
    const admins = await this.users.lockActiveAdmins(db);
    if (admins.length === 1 && admins[0] === id) {
      throw new ConflictException(
        'this is the only active admin: make another user an admin first, or nobody could manage users',
      );
    }
  }
}
