import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Post, Put, Query } from '@nestjs/common';
import type { Pool } from 'pg';
import { z } from 'zod';
import {
  POPULATION_GROUPS,
  type PopulationFigure,
  type Ward,
  type WardPopulation,
  type WardPopulationHistory,
} from '@kiosk-pulse/contract';
import { InjectPool, transaction } from '@kiosk-pulse/database';
import { CurrentPrincipal, Roles } from '../access/decorators';
import type { Principal } from '../access/principal';
import { AuditLog } from '../audit/audit-log';
import { parseInput } from '../http/parse-input';
import { populationBody, populationFigureBody } from './population.schema';
import { PopulationsRepository } from './populations.repository';
import { WardAccess, wardCode } from './ward-code';
import { WardsRepository } from './wards.repository';

const wardsQuery = z.strictObject({ q: z.string().max(100).optional() });

const figureParams = z.strictObject({ code: wardCode, group: z.enum(POPULATION_GROUPS), asOf: z.iso.date() });

@Controller('api/v1/wards')
export class WardsController {
  constructor(
    private readonly wards: WardsRepository,
    private readonly populations: PopulationsRepository,
    private readonly access: WardAccess,
    private readonly audit: AuditLog,
    @InjectPool() private readonly pool: Pool,
  ) {}

  @Get()
  list(@Query() query: unknown): Promise<Ward[]> {
    return this.wards.list(parseInput(wardsQuery, query).q);
  }

  /**
   * Sets a ward's residents (and those aged 60+), with where the figure comes from and its date:
   * a figure of another date is added to the ward's history, one of the same date replaced.
   */
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
    const { estimate, aged60PlusEstimate, ...answer } = population;
    return {
      ...answer,
      ...(estimate ? { estimate: true as const } : {}),
      ...(aged60PlusEstimate && answer.aged60Plus !== null
        ? { aged60PlusSource: { source: answer.source, asOf: answer.asOf, estimate: true as const } }
        : {}),
    };
  }

  /** Removes every residents' figure of the ward (and the 60+ figures beside them): no rate is shown for it. */
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

  /** A ward's population history, every group, newest first: whoever may read the ward. */
  @Get(':code/populations')
  async history(@Param('code') code: string, @CurrentPrincipal() principal: Principal): Promise<WardPopulationHistory> {
    const ward = parseInput(wardCode, code);
    await this.access.require(ward, principal);
    return { wardCode: ward, figures: await this.populations.history(ward) };
  }

  /**
   * Adds a figure to a ward's history (residents, adults 18+ or people 60+, with its source and
   * date, and whether it is an estimate); one of the same group and date is replaced, and the
   * audit log keeps what it replaced.
   */
  @Post(':code/populations')
  @Roles('admin')
  async addFigure(
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PopulationFigure> {
    const ward = parseInput(wardCode, code);
    const figure = parseInput(populationFigureBody, body);
    await this.access.require(ward);
    await transaction(this.pool, async (db) => {
      const replaced = await this.populations.add(ward, figure, principal.actor, db);
      await this.audit.record(
        principal,
        'ward.population.add',
        { type: 'ward', id: ward },
        { ...figure, ...(replaced ? { replaced } : {}) },
        db,
      );
    });
    const added = (await this.populations.history(ward)).find(
      (entry) => entry.group === figure.group && entry.asOf === figure.asOf,
    );
    return added as PopulationFigure;
  }

  /** Removes one figure of a ward's history (a mistake, say); the one before it is used again. */
  @Delete(':code/populations/:group/:asOf')
  @Roles('admin')
  @HttpCode(204)
  async removeFigure(@Param() params: unknown, @CurrentPrincipal() principal: Principal): Promise<void> {
    const { code: ward, group, asOf } = parseInput(figureParams, params);
    await this.access.require(ward);
    await transaction(this.pool, async (db) => {
      if (!(await this.populations.remove(ward, group, asOf, db)))
        throw new NotFoundException(`no ${group} figure of ward ${ward} as of ${asOf}`);
      await this.audit.record(principal, 'ward.population.remove', { type: 'ward', id: ward }, { group, asOf }, db);
    });
  }
}
