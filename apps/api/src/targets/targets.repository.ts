import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import {
  AGE_GROUPS,
  OUTCOMES,
  type AgeGroup,
  type Outcome,
  type Target,
  type TargetIndicator,
  type Team,
} from '@kiosk-pulse/contract';
import { InjectPool } from '@kiosk-pulse/database';
import type { TargetFields } from './target.schema';

type Db = Pool | PoolClient;

interface TargetRow {
  id: string;
  indicator: TargetIndicator;
  age_groups: AgeGroup[] | null;
  ward_code: string | null;
  team_id: string | null;
  target: number;
  start_day: string;
  deadline: string;
  note: string | null;
  set_by: string;
  set_at: Date;
}

const COLUMNS = `id, indicator, age_groups::text[] AS age_groups, ward_code, team_id, target,
  start_day::text AS start_day, deadline::text AS deadline, note, set_by, set_at`;

const toTarget = (row: TargetRow): Target => ({
  id: row.id,
  indicator: row.indicator,
  ageGroups: row.age_groups,
  wardCode: row.ward_code,
  teamId: row.team_id,
  target: row.target,
  startDay: row.start_day,
  deadline: row.deadline,
  note: row.note,
  setBy: row.set_by,
  setAt: row.set_at.toISOString(),
});

/** The values of an insert, $2 to $10 (the id is $1, who set it $11). */
const values = (fields: TargetFields) => [
  fields.indicator,
  fields.indicator === 'visits' ? null : fields.indicator,
  fields.ageGroups,
  fields.wardCode,
  fields.teamId,
  fields.target,
  fields.startDay,
  fields.deadline,
  fields.note,
];

const INSERT = `
  INSERT INTO targets (id, indicator, outcome, age_groups, ward_code, team_id, target, start_day, deadline, note, set_by)
  VALUES ($1, $2, $3::outcome, $4::age_group[], $5, $6, $7, $8::date, $9::date, $10, $11)`;

/** A ward's or a kiosk's counts over some city days: visits per age group, and each outcome. */
export interface Counts {
  visits: Partial<Record<AgeGroup, number>>;
  outcomes: Partial<Record<Outcome, number>>;
}

const REACHED = AGE_GROUPS.map((group) => `sum(reached_${group})::bigint AS reached_${group}`).join(', ');
const OUTCOME_SUMS = OUTCOMES.map((outcome) => `sum(outcome_${outcome})::bigint AS outcome_${outcome}`).join(', ');

// The city days $1 to $2 (YYYY-MM-DD, both counted), as the daily tiers' buckets start them.
const DAYS = `bucket >= ($1::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')
  AND bucket < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')`;

@Injectable()
export class TargetsRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  async create(id: string, fields: TargetFields, setBy: string, db: Db = this.pool): Promise<Target> {
    const { rows } = await db.query<TargetRow>(`${INSERT} RETURNING ${COLUMNS}`, [id, ...values(fields), setBy]);
    return toTarget(rows[0]);
  }

  /** Creates the target, or sets the target figure and note of the one of the same scope and period. */
  async upsert(id: string, fields: TargetFields, setBy: string, db: Db): Promise<{ target: Target; created: boolean }> {
    const { rows } = await db.query<TargetRow & { created: boolean }>(
      `${INSERT}
       ON CONFLICT ON CONSTRAINT targets_scope_unique
       DO UPDATE SET target = excluded.target, note = excluded.note, set_by = excluded.set_by, set_at = now()
       RETURNING ${COLUMNS}, (xmax = 0) AS created`,
      [id, ...values(fields), setBy],
    );
    return { target: toTarget(rows[0]), created: rows[0].created };
  }

  async find(id: string, db: Db = this.pool): Promise<Target | undefined> {
    const { rows } = await db.query<TargetRow>(`SELECT ${COLUMNS} FROM targets WHERE id = $1`, [id]);
    return rows[0] && toTarget(rows[0]);
  }

  /**
   * Targets, ward by ward (the city's first), each ward's by indicator and period. `wards`: only
   * those of these wards and the city's; `indicator`: only those of it.
   */
  async list(filter: { wards?: string[]; indicator?: TargetIndicator } = {}): Promise<Target[]> {
    const { rows } = await this.pool.query<TargetRow>(
      `SELECT ${COLUMNS} FROM targets
       WHERE ($1::text[] IS NULL OR ward_code IS NULL OR ward_code = ANY($1))
         AND ($2::text IS NULL OR indicator = $2)
       ORDER BY ward_code NULLS FIRST, indicator, start_day, deadline, team_id NULLS FIRST, age_groups, id`,
      [filter.wards ?? null, filter.indicator ?? null],
    );
    return rows.map(toTarget);
  }

  async update(
    id: string,
    change: { target?: number; startDay?: string; deadline?: string; note?: string | null },
    setBy: string,
    db: Db,
  ): Promise<Target> {
    const { rows } = await db.query<TargetRow>(
      `UPDATE targets
       SET target = coalesce($2, target), start_day = coalesce($3::date, start_day),
           deadline = coalesce($4::date, deadline), note = CASE WHEN $5 THEN $6 ELSE note END,
           set_by = $7, set_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [
        id,
        change.target ?? null,
        change.startDay ?? null,
        change.deadline ?? null,
        change.note !== undefined,
        change.note ?? null,
        setBy,
      ],
    );
    return toTarget(rows[0]);
  }

  async delete(id: string, db: Db): Promise<void> {
    await db.query('DELETE FROM targets WHERE id = $1', [id]);
  }

  /** Each ward's counts over the city days `first` to `last`, from the daily tiers (0006, 0017): 168 rows at most. */
  async wardCounts(first: string, last: string): Promise<Map<string, Counts>> {
    const figures = await this.pool.query(
      `SELECT ward_code AS key, ${REACHED} FROM ward_daily_figures WHERE ${DAYS} GROUP BY ward_code`,
      [first, last],
    );
    const outcomes = await this.pool.query(
      `SELECT ward_code AS key, ${OUTCOME_SUMS} FROM ward_daily_outcomes WHERE ${DAYS} GROUP BY ward_code`,
      [first, last],
    );
    return counts(figures.rows, outcomes.rows);
  }

  /** The same per kiosk (in whichever ward it was), for the kiosks given: a team's counts. */
  async kioskCounts(kioskIds: string[], first: string, last: string): Promise<Map<string, Counts>> {
    if (kioskIds.length === 0) return new Map();
    const figures = await this.pool.query(
      `SELECT kiosk_id::text AS key, ${REACHED} FROM kiosk_daily_figures
       WHERE ${DAYS} AND kiosk_id = ANY($3::uuid[]) GROUP BY kiosk_id`,
      [first, last, kioskIds],
    );
    const outcomes = await this.pool.query(
      `SELECT kiosk_id::text AS key, ${OUTCOME_SUMS} FROM kiosk_daily_outcomes
       WHERE ${DAYS} AND kiosk_id = ANY($3::uuid[]) GROUP BY kiosk_id`,
      [first, last, kioskIds],
    );
    return counts(figures.rows, outcomes.rows);
  }

  async wardNames(): Promise<Map<string, string>> {
    const { rows } = await this.pool.query<{ code: string; name: string }>('SELECT code, name FROM wards');
    return new Map(rows.map((row) => [row.code, row.name]));
  }

  async wardCodes(db: Db = this.pool): Promise<Set<string>> {
    const { rows } = await db.query<{ code: string }>('SELECT code FROM wards');
    return new Set(rows.map((row) => row.code));
  }

  // Teams.

  async teams(wards?: string[], db: Db = this.pool): Promise<Team[]> {
    const { rows } = await db.query<{
      id: string;
      name: string;
      ward_code: string | null;
      kiosk_ids: string[];
      created_by: string;
      created_at: Date;
    }>(
      `SELECT t.id, t.name, t.ward_code, t.created_by, t.created_at,
              coalesce(array_agg(k.kiosk_id::text ORDER BY k.kiosk_id) FILTER (WHERE k.kiosk_id IS NOT NULL), '{}') AS kiosk_ids
       FROM teams AS t LEFT JOIN team_kiosks AS k ON k.team_id = t.id
       WHERE $1::text[] IS NULL OR t.ward_code IS NULL OR t.ward_code = ANY($1)
       GROUP BY t.id ORDER BY t.ward_code NULLS FIRST, t.name`,
      [wards ?? null],
    );
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      wardCode: row.ward_code,
      kioskIds: row.kiosk_ids,
      createdBy: row.created_by,
      createdAt: row.created_at.toISOString(),
    }));
  }

  async team(id: string, db: Db = this.pool): Promise<Team | undefined> {
    return (await this.teams(undefined, db)).find((team) => team.id === id);
  }

  /** The wards of the kiosks given; a kiosk that does not exist is missing from the answer. */
  async kioskWards(kioskIds: string[], db: Db = this.pool): Promise<Map<string, string>> {
    const { rows } = await db.query<{ id: string; ward_code: string }>(
      'SELECT id::text, ward_code FROM kiosks WHERE id = ANY($1::uuid[])',
      [kioskIds],
    );
    return new Map(rows.map((row) => [row.id, row.ward_code]));
  }

  async createTeam(
    team: { id: string; name: string; wardCode: string | null; kioskIds: string[] },
    createdBy: string,
    db: Db,
  ): Promise<void> {
    await db.query('INSERT INTO teams (id, name, ward_code, created_by) VALUES ($1, $2, $3, $4)', [
      team.id,
      team.name,
      team.wardCode,
      createdBy,
    ]);
    await this.setTeamKiosks(team.id, team.kioskIds, db);
  }

  async renameTeam(id: string, name: string, db: Db): Promise<void> {
    await db.query('UPDATE teams SET name = $2 WHERE id = $1', [id, name]);
  }

  async setTeamKiosks(id: string, kioskIds: string[], db: Db): Promise<void> {
    await db.query('DELETE FROM team_kiosks WHERE team_id = $1', [id]);
    await db.query('INSERT INTO team_kiosks (team_id, kiosk_id) SELECT $1, unnest($2::uuid[])', [id, kioskIds]);
  }

  async teamTargets(id: string, db: Db = this.pool): Promise<number> {
    const { rows } = await db.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM targets WHERE team_id = $1',
      [id],
    );
    return rows[0].count;
  }

  async deleteTeam(id: string, db: Db): Promise<void> {
    await db.query('DELETE FROM teams WHERE id = $1', [id]);
  }
}

/** Rows of the figure and outcome tiers, as each key's (ward's or kiosk's) counts. */
function counts(figures: Record<string, string>[], outcomes: Record<string, string>[]): Map<string, Counts> {
  const byKey = new Map<string, Counts>();
  const entry = (row: Record<string, string>) => {
    const found = byKey.get(row.key) ?? { visits: {}, outcomes: {} };
    byKey.set(row.key, found);
    return found;
  };
  for (const row of figures) {
    const found = entry(row);
    for (const group of AGE_GROUPS) found.visits[group] = Number(row[`reached_${group}`] ?? 0);
  }
  for (const row of outcomes) {
    const found = entry(row);
    for (const outcome of OUTCOMES) found.outcomes[outcome] = Number(row[`outcome_${outcome}`] ?? 0);
  }
  return byKey;
}
