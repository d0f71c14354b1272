import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { OPENING_HOURS, type AgeGroup, type Campaign, type Outcome } from '@kiosk-pulse/contract';
import { InjectPool } from '@kiosk-pulse/database';

/*
 * Every SQL statement of campaigns and kiosk days: the tables of migration 0024, and the
 * comparison's counts, read from the raw events (a campaign's hours need not be whole hours,
 * and no aggregate holds outcomes per kiosk and hour). Undone events are deleted from events,
 * so they count nowhere here either.
 */

type Db = Pool | PoolClient;

interface CampaignRow {
  id: string;
  name: string;
  ward_code: string;
  place: string | null;
  starts_at: Date;
  ends_at: Date;
  kiosk_ids: string[];
  recorded_by: string;
  recorded_at: Date;
}

const SELECT = `SELECT c.id, c.name, c.ward_code, c.place, c.starts_at, c.ends_at, c.recorded_by, c.recorded_at,
  coalesce((SELECT array_agg(ck.kiosk_id::text ORDER BY ck.kiosk_id) FROM campaign_kiosks ck WHERE ck.campaign_id = c.id),
           '{}') AS kiosk_ids
  FROM campaigns c`;

const toCampaign = (row: CampaignRow): Campaign => ({
  id: row.id,
  name: row.name,
  wardCode: row.ward_code,
  place: row.place,
  startsAt: row.starts_at.toISOString(),
  endsAt: row.ends_at.toISOString(),
  kioskIds: row.kiosk_ids,
  recordedBy: row.recorded_by,
  recordedAt: row.recorded_at.toISOString(),
});

export interface CampaignFields {
  name: string;
  wardCode: string;
  place: string | null;
  startsAt: string;
  endsAt: string;
  kioskIds: string[];
}

/** Counts of one side of a comparison, as read: visits per age group, outcomes per outcome. */
export interface RawFigures {
  /** Kiosk-days (ordinary days) or kiosks (over the campaign's hours) that recorded any event. */
  units: number;
  visits: Map<AgeGroup, number>;
  outcomes: Map<Outcome, number>;
}

interface CountRow {
  kind: 'visit' | 'outcome';
  age_group: AgeGroup | null;
  outcome: Outcome | null;
  n: number;
}

const COUNTED = `(e.type = 'visit_started' OR e.outcome IS NOT NULL)`;
const COUNT_COLUMNS = `CASE WHEN e.type = 'visit_started' THEN 'visit' ELSE 'outcome' END AS kind,
  CASE WHEN e.type = 'visit_started' THEN coalesce(e.age_group, 'unknown')::text END AS age_group,
  e.outcome::text AS outcome, count(*)::int AS n`;

function rawFigures(units: number, rows: CountRow[]): RawFigures {
  const figures: RawFigures = { units, visits: new Map(), outcomes: new Map() };
  for (const row of rows) {
    if (row.kind === 'visit' && row.age_group)
      figures.visits.set(row.age_group, (figures.visits.get(row.age_group) ?? 0) + row.n);
    else if (row.kind === 'outcome' && row.outcome)
      figures.outcomes.set(row.outcome, (figures.outcomes.get(row.outcome) ?? 0) + row.n);
  }
  return figures;
}

@Injectable()
export class CampaignsRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  async find(id: string, db: Db = this.pool): Promise<Campaign | undefined> {
    const { rows } = await db.query<CampaignRow>(`${SELECT} WHERE c.id = $1`, [id]);
    return rows[0] && toCampaign(rows[0]);
  }

  /** The campaigns overlapping [from, to), of the wards given (all for undefined), earliest first. */
  async list(filter: { wards?: string[]; from?: Date; to?: Date }): Promise<Campaign[]> {
    const { rows } = await this.pool.query<CampaignRow>(
      `${SELECT}
       WHERE ($1::text[] IS NULL OR c.ward_code = ANY($1))
         AND ($2::timestamptz IS NULL OR c.ends_at > $2)
         AND ($3::timestamptz IS NULL OR c.starts_at < $3)
       ORDER BY c.starts_at, c.name, c.id`,
      [filter.wards ?? null, filter.from ?? null, filter.to ?? null],
    );
    return rows.map(toCampaign);
  }

  async create(id: string, fields: CampaignFields, recordedBy: string, db: Db): Promise<void> {
    await db.query(
      `INSERT INTO campaigns (id, name, ward_code, place, starts_at, ends_at, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, fields.name, fields.wardCode, fields.place, fields.startsAt, fields.endsAt, recordedBy],
    );
    await this.setKiosks(id, fields.kioskIds, db);
  }

  async update(id: string, fields: CampaignFields, db: Db): Promise<void> {
    await db.query(`UPDATE campaigns SET name = $2, place = $3, starts_at = $4, ends_at = $5 WHERE id = $1`, [
      id,
      fields.name,
      fields.place,
      fields.startsAt,
      fields.endsAt,
    ]);
    await this.setKiosks(id, fields.kioskIds, db);
  }

  async delete(id: string, db: Db): Promise<void> {
    await db.query('DELETE FROM campaigns WHERE id = $1', [id]);
  }

  private async setKiosks(id: string, kioskIds: string[], db: Db): Promise<void> {
    await db.query('DELETE FROM campaign_kiosks WHERE campaign_id = $1', [id]);
    await db.query(
      'INSERT INTO campaign_kiosks (campaign_id, kiosk_id) SELECT $1, kiosk FROM unnest($2::uuid[]) AS kiosk',
      [id, kioskIds],
    );
  }

  /** Each kiosk's ward, for the kiosks that exist. */
  async kioskWards(kioskIds: string[]): Promise<Map<string, string>> {
    const { rows } = await this.pool.query<{ id: string; ward_code: string }>(
      'SELECT id::text AS id, ward_code FROM kiosks WHERE id = ANY($1::uuid[])',
      [kioskIds],
    );
    return new Map(rows.map((row) => [row.id, row.ward_code]));
  }

  /** The campaign's kiosks over its hours: every kiosk taking part counts as open throughout. */
  async campaignHours(campaign: Campaign): Promise<RawFigures> {
    const { rows } = await this.pool.query<CountRow>(
      `SELECT ${COUNT_COLUMNS} FROM events e
       WHERE e.kiosk_id = ANY($1::uuid[]) AND e.occurred_at >= $2 AND e.occurred_at < $3 AND ${COUNTED}
       GROUP BY 1, 2, 3`,
      [campaign.kioskIds, campaign.startsAt, campaign.endsAt],
    );
    return rawFigures(campaign.kioskIds.length, rows);
  }

  /**
   * The ward's other kiosks over the campaign's hours: the events recorded in the ward (where the
   * kiosk was then) by kiosks not taking part; `units` is how many of them recorded any event.
   */
  async wardOtherKiosks(campaign: Campaign): Promise<RawFigures> {
    const params = [campaign.wardCode, campaign.kioskIds, campaign.startsAt, campaign.endsAt];
    const where = `e.ward_code = $1 AND NOT (e.kiosk_id = ANY($2::uuid[])) AND e.occurred_at >= $3 AND e.occurred_at < $4`;
    const [counts, kiosks] = await Promise.all([
      this.pool.query<CountRow>(
        `SELECT ${COUNT_COLUMNS} FROM events e WHERE ${where} AND ${COUNTED} GROUP BY 1, 2, 3`,
        params,
      ),
      this.pool.query<{ n: number }>(
        `SELECT count(DISTINCT e.kiosk_id)::int AS n FROM events e WHERE ${where}`,
        params,
      ),
    ]);
    return rawFigures(kiosks.rows[0].n, counts.rows);
  }

  /**
   * The campaign's kiosks on ordinary days: the city days `first` to `last` (both counted),
   * OPENING_HOURS city time, each kiosk's days on which it recorded any event in those hours and
   * took part in no other campaign; `units` is how many such kiosk-days there were.
   */
  async ordinaryDays(campaign: Campaign, first: string, last: string): Promise<RawFigures> {
    const { rows } = await this.pool.query<CountRow & { kiosk_days: number }>(
      `WITH open_hours AS (
         SELECT e.kiosk_id, (e.occurred_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, e.type, e.age_group, e.outcome
         FROM events e
         WHERE e.kiosk_id = ANY($1::uuid[])
           AND e.occurred_at >= ($2::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')
           AND e.occurred_at < (($3::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')
           AND extract(hour FROM e.occurred_at AT TIME ZONE 'Asia/Ho_Chi_Minh') >= $5
           AND extract(hour FROM e.occurred_at AT TIME ZONE 'Asia/Ho_Chi_Minh') < $6
       ),
       kept AS (
         SELECT DISTINCT o.kiosk_id, o.day FROM open_hours o
         WHERE NOT EXISTS (
           SELECT 1 FROM campaign_kiosks ck JOIN campaigns c ON c.id = ck.campaign_id
           WHERE ck.kiosk_id = o.kiosk_id AND c.id <> $4
             AND c.starts_at < ((o.day + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')
             AND c.ends_at > (o.day::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'))
       )
       SELECT (SELECT count(*)::int FROM kept) AS kiosk_days, counted.*
       FROM (SELECT 1) AS one
       LEFT JOIN (
         SELECT ${COUNT_COLUMNS}
         FROM open_hours e JOIN kept ON kept.kiosk_id = e.kiosk_id AND kept.day = e.day
         WHERE ${COUNTED}
         GROUP BY 1, 2, 3
       ) AS counted ON true`,
      [campaign.kioskIds, first, last, campaign.id, OPENING_HOURS.from, OPENING_HOURS.to],
    );
    return rawFigures(
      rows[0]?.kiosk_days ?? 0,
      rows.filter((row) => row.kind !== null),
    );
  }
}
