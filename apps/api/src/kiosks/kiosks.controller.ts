import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Logger,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
} from '@nestjs/common';
import type { Pool } from 'pg';
import { z } from 'zod';
import { cityDayStart, nextCityDayStart } from '@kiosk-pulse/contract';
import { InjectPool, transaction } from '@kiosk-pulse/database';
import { AuditLog } from '../audit/audit-log';
import { CurrentPrincipal } from '../auth/decorators';
import { assertManagesKiosksOf, canReadWard, type Principal } from '../auth/principal';
import { API_CONFIG, type ApiConfig } from '../config';
import { displayText } from '../http/display-text';
import { parseInput } from '../http/zod-query';
import { WardsRepository } from '../wards/wards.repository';
import { kioskStatus, type KioskStatus } from './kiosk-status';
import { KioskAuthenticator } from './kiosk-authenticator';
import { generateKioskKey, hashKioskKey } from './kiosk-key';
import { KiosksRepository, type FleetKiosk, type Kiosk } from './kiosks.repository';

const wardCode = z.string().regex(/^\d{5}$/, 'must be a 5-digit ward code');
const label = displayText(100);

const createKioskBody = z.strictObject({ wardCode, label });
const updateKioskBody = z
  .strictObject({ label: label.optional(), wardCode: wardCode.optional() })
  .refine((value) => value.label !== undefined || value.wardCode !== undefined, { message: 'nothing to change' });

/** The kiosk fleet. Admins manage every kiosk, ward staff their ward's, city officials read them all. */
@Controller('api/v1/kiosks')
export class KiosksController {
  private readonly logger = new Logger(KiosksController.name);

  constructor(
    private readonly kiosks: KiosksRepository,
    private readonly wards: WardsRepository,
    private readonly authenticator: KioskAuthenticator,
    private readonly audit: AuditLog,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @InjectPool() private readonly pool: Pool,
  ) {}

  /** Creates a kiosk; its key is in this answer only. */
  @Post()
  async create(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<Kiosk & { key: string }> {
    const input = parseInput(createKioskBody, body);
    await this.requireWard(input.wardCode);
    assertManagesKiosksOf(principal, input.wardCode);
    const key = generateKioskKey();
    const kiosk = await transaction(this.pool, async (db) => {
      const made = await this.kiosks.create({ id: randomUUID(), ...input, keyHash: hashKioskKey(key) }, db);
      await this.audit.record(
        principal,
        'kiosk.create',
        { type: 'kiosk', id: made.id },
        { wardCode: made.wardCode, label: made.label },
        db,
      );
      return made;
    });
    return { ...kiosk, key };
  }

  /** The kiosks in the caller's scope, with their status, today's counts and traffic. */
  @Get()
  async list(@CurrentPrincipal() principal: Principal): Promise<(FleetKiosk & { status: KioskStatus })[]> {
    return this.fleetWithStatus(principal.role === 'ward_staff' ? principal.wardCode : null);
  }

  /** One kiosk as the list shows it. One outside the caller's scope is not found, as if it did not exist. */
  @Get(':id')
  async one(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FleetKiosk & { status: KioskStatus }> {
    const kiosk = await this.kiosks.find(id);
    const entry =
      kiosk && canReadWard(principal, kiosk.wardCode)
        ? (await this.fleetWithStatus(kiosk.wardCode)).find((candidate) => candidate.id === id)
        : undefined;
    if (!entry) throw new NotFoundException(`no kiosk ${id}`);
    return entry;
  }

  private async fleetWithStatus(wardCode: string | null): Promise<(FleetKiosk & { status: KioskStatus })[]> {
    const now = Date.now();
    const fleet = await this.kiosks.fleet(wardCode, { from: cityDayStart(now), to: nextCityDayStart(now) });
    return fleet.map((kiosk) => ({ ...kiosk, status: kioskStatus(kiosk, now, this.config) }));
  }

  /** Renames a kiosk or (admins only) moves it to another ward; its past events stay where they were. */
  @Patch(':id')
  async update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Kiosk> {
    const input = parseInput(updateKioskBody, body);
    const kiosk = await this.managedKiosk(id, principal);
    if (input.wardCode !== undefined && input.wardCode !== kiosk.wardCode) {
      await this.requireWard(input.wardCode);
      assertManagesKiosksOf(principal, input.wardCode);
    }
    const updated = await transaction(this.pool, async (db) => {
      const changed = (await this.kiosks.update(id, input, db)) as Kiosk;
      await this.audit.record(
        principal,
        input.wardCode ? 'kiosk.move' : 'kiosk.rename',
        { type: 'kiosk', id },
        {
          from: { wardCode: kiosk.wardCode, label: kiosk.label },
          to: { wardCode: changed.wardCode, label: changed.label },
        },
        db,
      );
      return changed;
    });
    // Ingest caches each key's ward: its next events must carry the new one.
    if (updated.wardCode !== kiosk.wardCode) await this.forget(kiosk.keyHash);
    return updated;
  }

  /** Gives the kiosk a new key, shown once; the old key stops working at once. */
  @Post(':id/rotate')
  @HttpCode(200)
  async rotate(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Kiosk & { key: string }> {
    const kiosk = await this.managedKiosk(id, principal);
    if (kiosk.revokedAt) throw new BadRequestException('a revoked kiosk gets no new key; create a new kiosk');
    const key = generateKioskKey();
    const rotated = await transaction(this.pool, async (db) => {
      const changed = (await this.kiosks.replaceKey(id, hashKioskKey(key), db)) as Kiosk;
      await this.audit.record(principal, 'kiosk.rotate', { type: 'kiosk', id }, {}, db);
      return changed;
    });
    await this.forget(kiosk.keyHash);
    return { ...rotated, key };
  }

  @Post(':id/revoke')
  @HttpCode(200)
  async revoke(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal): Promise<Kiosk> {
    const kiosk = await this.managedKiosk(id, principal);
    const revoked = await transaction(this.pool, async (db) => {
      const changed = (await this.kiosks.revoke(id, db)) as Kiosk;
      await this.audit.record(principal, 'kiosk.revoke', { type: 'kiosk', id }, {}, db);
      return changed;
    });
    await this.forget(kiosk.keyHash);
    return revoked;
  }

  /**
   * Drops a key from the ingest caches: at once here, and in the other api processes through
   * Redis. With Redis away the change stands all the same (the others' caches forget within a
   * minute, and they cannot take posts without Redis anyway).
   */
  private async forget(keyHash: Buffer): Promise<void> {
    await this.authenticator
      .forget(keyHash)
      .catch((error: Error) => this.logger.warn(`could not tell the other api processes: ${error.message}`));
  }

  /**
   * A kiosk the caller may change. One outside the caller's scope is not found, with the very
   * answer an unknown id gets, so that its existence is not told either (a city official, who
   * sees every kiosk, is told that they may not change it).
   */
  private async managedKiosk(id: string, principal: Principal) {
    const kiosk = await this.kiosks.find(id);
    if (!kiosk || !canReadWard(principal, kiosk.wardCode)) throw new NotFoundException(`no kiosk ${id}`);
    assertManagesKiosksOf(principal, kiosk.wardCode);
    return kiosk;
  }

  private async requireWard(code: string): Promise<void> {
    if (!(await this.wards.exists(code))) throw new BadRequestException(`unknown ward ${code}`);
  }
}
