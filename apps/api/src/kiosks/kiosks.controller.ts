import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Req,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { FleetEntry, KioskPairingCode, KioskWithKey } from '@kiosk-pulse/contract';
import { cityDayStart, nextCityDayStart } from '@kiosk-pulse/contract/time';
import { InjectPool, transaction } from '@kiosk-pulse/database';
import { CurrentPrincipal } from '../access/decorators';
import { assertManagesKiosksOf, canReadWard, type Principal } from '../access/principal';
import { AuditLog } from '../audit/audit-log';
import { ReadAudit } from '../audit/read-audit';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { displayText } from '../http/display-text';
import { parseInput } from '../http/parse-input';
import { WardAccess, wardCode } from '../wards/ward-code';
import { generateKioskKey, hashKioskKey } from './kiosk-key';
import { KioskKeys } from './kiosk-keys';
import { KioskPairing } from './kiosk-pairing.service';
import { kioskStatus } from './kiosk-status';
import { KiosksRepository, type Kiosk } from './kiosks.repository';

const label = displayText(100);

const createKioskBody = z.strictObject({ wardCode, label });
const updateKioskBody = z
  .strictObject({ label: label.optional(), wardCode: wardCode.optional() })
  .refine((value) => value.label !== undefined || value.wardCode !== undefined, { message: 'nothing to change' });

/** The kiosk fleet. Admins manage every kiosk, ward staff their ward's, city officials read them all. */
@Controller('api/v1/kiosks')
export class KiosksController {
  constructor(
    private readonly kiosks: KiosksRepository,
    private readonly wards: WardAccess,
    private readonly keys: KioskKeys,
    private readonly pairing: KioskPairing,
    private readonly audit: AuditLog,
    private readonly reads: ReadAudit,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @InjectPool() private readonly pool: Pool,
  ) {}

  /** Creates a kiosk; its key is in this answer only. */
  @Post()
  async create(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<KioskWithKey> {
    const input = parseInput(createKioskBody, body);
    await this.wards.require(input.wardCode);
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
  async list(@CurrentPrincipal() principal: Principal): Promise<FleetEntry[]> {
    const scope = principal.role === 'ward_staff' ? principal.wardCode : null;
    const fleet = await this.fleetWithStatus(scope);
    this.recordRead(principal, 'fleet', scope);
    return fleet;
  }

  /** One kiosk as the list shows it. One outside the caller's scope is not found, as if it did not exist. */
  @Get(':id')
  async one(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FleetEntry> {
    const kiosk = await this.kiosks.find(id);
    const entry =
      kiosk && canReadWard(principal, kiosk.wardCode)
        ? (await this.fleetWithStatus(kiosk.wardCode)).find((candidate) => candidate.id === id)
        : undefined;
    if (!entry) throw new NotFoundException(`no kiosk ${id}`);
    this.recordRead(principal, 'kiosk', entry.wardCode);
    return entry;
  }

  /** The fleet and a kiosk's page show today's counts: a read of the ward's (or the city's) figures. */
  private recordRead(principal: Principal, view: 'fleet' | 'kiosk', ward: string | null): void {
    const now = Date.now();
    this.reads.record(principal, { view, wardCode: ward, from: cityDayStart(now), to: nextCityDayStart(now) });
  }

  private async fleetWithStatus(wardCode: string | null): Promise<FleetEntry[]> {
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
      await this.wards.require(input.wardCode);
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
    if (updated.wardCode !== kiosk.wardCode) await this.keys.forget(kiosk.keyHash);
    return updated;
  }

  /** Gives the kiosk a new key, shown once; the old key stops working at once. */
  @Post(':id/rotate')
  @HttpCode(200)
  async rotate(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<KioskWithKey> {
    const kiosk = await this.managedKiosk(id, principal);
    if (kiosk.revokedAt) throw new BadRequestException('a revoked kiosk gets no new key; create a new kiosk');
    return this.keys.replacing(async (newKey, db) => {
      const rotated = (await newKey(id)) as KioskWithKey;
      await this.audit.record(principal, 'kiosk.rotate', { type: 'kiosk', id }, {}, db);
      return rotated;
    });
  }

  /**
   * A pairing code for the kiosk app, single use and valid 10 minutes, with the app's link for a
   * QR code. Pairing gives the kiosk a new key, so a revoked kiosk may be paired again.
   */
  @Post(':id/pairing-code')
  async pairingCode(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
  ): Promise<KioskPairingCode> {
    const kiosk = await this.managedKiosk(id, principal);
    // The address the caller reached the api at (behind a trusted proxy, the one it was asked for):
    // the dashboard's own, which the tablet on the ward's network reaches too.
    return this.pairing.newCode(kiosk, principal, `${request.protocol}://${request.host}`);
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
    await this.keys.forget(kiosk.keyHash);
    return revoked;
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
}
