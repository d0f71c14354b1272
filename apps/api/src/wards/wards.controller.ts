import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Put, Query } from '@nestjs/common';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { Ward, WardPopulation } from '@kiosk-pulse/contract';
import { InjectPool, transaction } from '@kiosk-pulse/database';
import { CurrentPrincipal, Roles } from '../access/decorators';
import type { Principal } from '../access/principal';
import { AuditLog } from '../audit/audit-log';
import { parseInput } from '../http/parse-input';
import { wardCode } from './ward-code';
import { WardsRepository } from './wards.repository';

const wardsQuery = z.strictObject({ q: z.string().max(100).optional() });

const populationBody = z
  .strictObject({
    total: z.number().int().positive(),
    aged60Plus: z.number().int().nonnegative().nullable().default(null),
    source: z.string().trim().min(1, 'say where the figure comes from').max(200),
    asOf: z.iso.date(),
  })
  .refine((value) => value.aged60Plus === null || value.aged60Plus <= value.total, {
    message: 'cannot exceed total',
    path: ['aged60Plus'],
  });

@Controller('api/v1/wards')
export class WardsController {
  constructor(
    private readonly wards: WardsRepository,
    private readonly audit: AuditLog,
    @InjectPool() private readonly pool: Pool,
  ) {}

  @Get()
  list(@Query() query: unknown): Promise<Ward[]> {
    return this.wards.list(parseInput(wardsQuery, query).q);
  }

  /** Sets a ward's residents (and those aged 60+), with where the figure comes from and its date. */
  @Put(':code/population')
  @Roles('admin')
  async setPopulation(
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WardPopulation> {
    const ward = parseInput(wardCode, code);
    const population = parseInput(populationBody, body);
    if (!(await this.wards.exists(ward))) throw new NotFoundException(`no ward ${ward}`);
    await transaction(this.pool, async (db) => {
      await this.wards.setPopulation(ward, population, principal.actor, db);
      await this.audit.record(principal, 'ward.population', { type: 'ward', id: ward }, { ...population }, db);
    });
    return population;
  }

  @Delete(':code/population')
  @Roles('admin')
  @HttpCode(204)
  async clearPopulation(@Param('code') code: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    const ward = parseInput(wardCode, code);
    await transaction(this.pool, async (db) => {
      if (!(await this.wards.clearPopulation(ward, db))) throw new NotFoundException(`no population for ward ${ward}`);
      await this.audit.record(principal, 'ward.population.clear', { type: 'ward', id: ward }, {}, db);
    });
  }
}
