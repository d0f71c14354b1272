import { randomUUID } from 'node:crypto';
import { BadRequestException, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import {
  AGE_GROUPS,
  ORDINARY_DAYS,
  ORDINARY_DAYS_DEFINITION,
  OPENING_HOURS,
  OUTCOMES,
  addCityDays,
  cityDay,
  type Campaign,
  type CampaignComparison,
  type CampaignFigures,
  type Outcome,
} from '@kiosk-pulse/contract';
import { InjectPool, transaction } from '@kiosk-pulse/database';
import { assertWritesForWard, listedWards, readableRecord, type Principal } from '../access/principal';
import { AuditLog } from '../audit/audit-log';
import { WardAccess } from '../wards/ward-code';
import { hoursProblem } from './campaign.schema';
import { CampaignsRepository, type CampaignFields, type RawFigures } from './campaigns.repository';

/** Ward staff record their own ward's campaigns, admins any ward's; city officials read them. */
export function assertRecordsCampaignsOf(principal: Principal, wardCode: string): void {
  assertWritesForWard(principal, wardCode, 'campaigns are recorded by ward staff and admins; city officials read them');
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

@Injectable()
export class CampaignsService {
  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly wards: WardAccess,
    private readonly audit: AuditLog,
    @InjectPool() private readonly pool: Pool,
  ) {}

  /** A campaign the principal may read; one of another ward is not found, like an unknown id. */
  async readable(id: string, principal: Principal): Promise<Campaign> {
    return readableRecord(await this.campaigns.find(id), principal, `no campaign ${id}`);
  }

  async list(principal: Principal, filter: { wardCode?: string; from?: Date; to?: Date }): Promise<Campaign[]> {
    await this.wards.require(filter.wardCode, principal);
    return this.campaigns.list({
      wards: listedWards(principal, filter.wardCode),
      from: filter.from,
      to: filter.to,
    });
  }

  async create(fields: CampaignFields, principal: Principal): Promise<Campaign> {
    await this.wards.require(fields.wardCode);
    assertRecordsCampaignsOf(principal, fields.wardCode);
    await this.checkKiosks(fields.wardCode, fields.kioskIds);
    const id = randomUUID();
    await transaction(this.pool, async (db) => {
      await this.campaigns.create(id, fields, principal.actor, db);
      await this.audit.record(principal, 'campaign.create', { type: 'campaign', id }, { ...fields }, db);
    });
    return (await this.campaigns.find(id)) as Campaign;
  }

  async update(id: string, change: Partial<Omit<CampaignFields, 'wardCode'>>, principal: Principal): Promise<Campaign> {
    const before = await this.readable(id, principal);
    assertRecordsCampaignsOf(principal, before.wardCode);
    const after: CampaignFields = {
      name: change.name ?? before.name,
      wardCode: before.wardCode,
      place: change.place !== undefined ? change.place : before.place,
      startsAt: change.startsAt ?? before.startsAt,
      endsAt: change.endsAt ?? before.endsAt,
      kioskIds: change.kioskIds ?? before.kioskIds,
    };
    const problem = hoursProblem(after.startsAt, after.endsAt);
    if (problem) throw new BadRequestException(problem);
    if (change.kioskIds) await this.checkKiosks(before.wardCode, change.kioskIds);
    await transaction(this.pool, async (db) => {
      await this.campaigns.update(id, after, db);
      const { id: _id, recordedBy: _by, recordedAt: _at, ...was } = before;
      await this.audit.record(principal, 'campaign.update', { type: 'campaign', id }, { from: was, to: after }, db);
    });
    return (await this.campaigns.find(id)) as Campaign;
  }

  async delete(id: string, principal: Principal): Promise<void> {
    const campaign = await this.readable(id, principal);
    assertRecordsCampaignsOf(principal, campaign.wardCode);
    await transaction(this.pool, async (db) => {
      await this.campaigns.delete(id, db);
      await this.audit.record(principal, 'campaign.delete', { type: 'campaign', id }, { ...campaign }, db);
    });
  }

  /**
   * The campaign's hours against the same kiosks' ordinary days and the ward's other kiosks over
   * the same hours (ORDINARY_DAYS_DEFINITION). Totals only: no age mix (see figures()).
   */
  async comparison(id: string, principal: Principal): Promise<CampaignComparison> {
    const campaign = await this.readable(id, principal);
    const firstDay = cityDay(new Date(campaign.startsAt));
    const ordinary = { from: addCityDays(firstDay, -ORDINARY_DAYS), to: addCityDays(firstDay, -1) };
    const hours = (Date.parse(campaign.endsAt) - Date.parse(campaign.startsAt)) / 3_600_000;
    const [during, before, others] = await Promise.all([
      this.campaigns.campaignHours(campaign),
      this.campaigns.ordinaryDays(campaign, ordinary.from, ordinary.to),
      this.campaigns.wardOtherKiosks(campaign),
    ]);
    const openingHours = OPENING_HOURS.to - OPENING_HOURS.from;
    return {
      campaign,
      campaignHours: this.figures(during, during.units, hours * during.units),
      ordinaryDays: {
        ...this.figures(before, campaign.kioskIds.length, before.units * openingHours),
        ...ordinary,
      },
      wardOtherKiosks: this.figures(others, others.units, hours * others.units),
      definition: { ...ORDINARY_DAYS_DEFINITION },
    };
  }

  /*
   * One side's figures: totals only. An age mix of hours and kiosks that whoever records the
   * campaign chooses would be an age split outside the published periods of docs/privacy.md: two
   * campaigns a day apart, or a campaign and its ward's published week, could be subtracted to
   * uncover the small counts the rule hides. So byAgeGroup and share60Plus stay null.
   */
  private figures(raw: RawFigures, kiosks: number, hoursOpen: number): CampaignFigures {
    const visits = AGE_GROUPS.reduce((sum, group) => sum + (raw.visits.get(group) ?? 0), 0);
    const byOutcome = Object.fromEntries(
      OUTCOMES.map((outcome) => [outcome, raw.outcomes.get(outcome) ?? 0]),
    ) as Record<Outcome, number>;
    const outcomes = Object.values(byOutcome).reduce((sum, count) => sum + count, 0);
    return {
      kiosks,
      hoursOpen: round(hoursOpen, 2),
      visits,
      visitsPerHour: hoursOpen > 0 ? round(visits / hoursOpen, 2) : null,
      outcomes,
      byOutcome,
      outcomesPerVisit: visits > 0 ? round(outcomes / visits, 2) : null,
      byAgeGroup: null,
      share60Plus: null,
    };
  }

  /** Every kiosk must exist and be of the campaign's ward. */
  private async checkKiosks(wardCode: string, kioskIds: string[]): Promise<void> {
    const wards = await this.campaigns.kioskWards(kioskIds);
    const problems = kioskIds.flatMap((kiosk) => {
      const ward = wards.get(kiosk);
      if (ward === undefined) return [`no kiosk ${kiosk}`];
      if (ward !== wardCode) return [`the kiosk ${kiosk} is in ward ${ward}, not ${wardCode}`];
      return [];
    });
    if (problems.length > 0) throw new BadRequestException(`kioskIds: ${problems.join('; ')}`);
  }
}
