import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { cityDay, type EventRejection, type FleetKiosk, type Kiosk, type KioskFlag } from '@kiosk-pulse/contract';
import { InjectPool } from '@kiosk-pulse/database';

// The rows are the contract's wire types: the fleet page reads them as they are.
export { KIOSK_FLAG_CODES, type FleetKiosk, type Kiosk, type KioskFlag } from '@kiosk-pulse/contract';

export interface ActiveKiosk {
  id: string;
  wardCode: string;
}

interface KioskRow {
  id: string;
  ward_code: string;
  label: string;
  created_at: Date;
  revoked_at: Date | null;
  last_seen_at: Date | null;
  key_hash: Buffer;
}

const COLUMNS = 'id, ward_code, label, created_at, revoked_at, last_seen_at, key_hash';

const toKiosk = (row: KioskRow): Kiosk => ({
  id: row.id,
  wardCode: row.ward_code,
  label: row.label,
  createdAt: row.created_at.toISOString(),
  revokedAt: row.revoked_at?.toISOString() ?? null,
  lastSeenAt: row.last_seen_at?.toISOString() ?? null,
});

// Today's counts are the kiosk's events in the ward it is in now: events keep the ward they were
// recorded in, so after a move the old ward's events are not shown to the new ward.
const FLEET = `
  SELECT ${COLUMNS}, k.events_stored, k.events_rejected, k.last_error, k.last_error_code, k.last_error_at,
         k.heartbeat_at, k.pending_events, k.app_version,
         coalesce(t.people_reached, 0) AS people_reached,
         coalesce(t.guides_completed, 0) AS guides_completed,
         coalesce(t.accounts_registered, 0) AS accounts_registered,
         coalesce(f.flags, '[]') AS flags
  FROM kiosks AS k
  LEFT JOIN (
    SELECT kiosk_id, ward_code AS events_ward,
           sum(events) FILTER (WHERE type = 'visit_started')::bigint AS people_reached,
           sum(events) FILTER (WHERE type = 'guide_completed')::bigint AS guides_completed,
           sum(events) FILTER (WHERE type = 'account_registered')::bigint AS accounts_registered
    FROM events_hourly
    WHERE bucket >= $1 AND bucket < $2 AND ($3::text IS NULL OR ward_code = $3)
    GROUP BY kiosk_id, ward_code
  ) AS t ON t.kiosk_id = k.id AND t.events_ward = k.ward_code
  LEFT JOIN (
    SELECT kiosk_id,
           json_agg(json_build_object('code', code, 'count', count, 'lastAt', last_at) ORDER BY code) AS flags
    FROM kiosk_flags
    WHERE day = $4::date
    GROUP BY kiosk_id
  ) AS f ON f.kiosk_id = k.id
  WHERE $3::text IS NULL OR k.ward_code = $3
  ORDER BY k.ward_code, k.label, k.id`;

// The kiosk's rejection counters, and its over_limit flag of the city day when some were over it.
const RECORD_REJECTED = `
  WITH flagged AS (
    INSERT INTO kiosk_flags AS f (kiosk_id, day, code, count, last_at)
    SELECT $1::uuid, (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 'over_limit', $5::bigint, now()
    WHERE $5::bigint > 0
    ON CONFLICT (kiosk_id, day, code) DO UPDATE SET count = f.count + excluded.count, last_at = excluded.last_at
  )
  UPDATE kiosks
  SET events_rejected = events_rejected + $2, last_error = $3::text, last_error_code = $4::text, last_error_at = now()
  WHERE id = $1::uuid`;

@Injectable()
export class KiosksRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  async create(
    kiosk: { id: string; wardCode: string; label: string; keyHash: Buffer },
    db: Pool | PoolClient = this.pool,
  ): Promise<Kiosk> {
    const { rows } = await db.query<KioskRow>(
      `INSERT INTO kiosks (id, ward_code, label, key_hash) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [kiosk.id, kiosk.wardCode, kiosk.label, kiosk.keyHash],
    );
    return toKiosk(rows[0]);
  }

  async find(id: string): Promise<(Kiosk & { keyHash: Buffer }) | undefined> {
    const { rows } = await this.pool.query<KioskRow>(`SELECT ${COLUMNS} FROM kiosks WHERE id = $1`, [id]);
    return rows[0] && { ...toKiosk(rows[0]), keyHash: rows[0].key_hash };
  }

  /** The kiosks of one ward or of all, with today's counts (from the hourly aggregate), traffic and flags. */
  async fleet(wardCode: string | null, today: { from: Date; to: Date; day?: string }): Promise<FleetKiosk[]> {
    const { rows } = await this.pool.query<
      KioskRow & {
        events_stored: number;
        events_rejected: number;
        last_error: string | null;
        last_error_code: string | null;
        last_error_at: Date | null;
        heartbeat_at: Date | null;
        pending_events: number | null;
        app_version: string | null;
        people_reached: number;
        guides_completed: number;
        accounts_registered: number;
        flags: { code: KioskFlag['code']; count: number; lastAt: string }[];
      }
    >(FLEET, [today.from, today.to, wardCode, today.day ?? cityDay(today.from)]);
    return rows.map((row) => ({
      ...toKiosk(row),
      today: {
        peopleReached: row.people_reached,
        guidesCompleted: row.guides_completed,
        accountsRegistered: row.accounts_registered,
      },
      eventsStored: row.events_stored,
      eventsRejected: row.events_rejected,
      lastError: row.last_error,
      lastErrorCode: row.last_error_code,
      lastErrorAt: row.last_error_at?.toISOString() ?? null,
      heartbeat:
        row.heartbeat_at === null
          ? null
          : { at: row.heartbeat_at.toISOString(), pendingEvents: row.pending_events, appVersion: row.app_version },
      flags: row.flags.map((flag) => ({
        code: flag.code,
        count: Number(flag.count),
        lastAt: new Date(flag.lastAt).toISOString(),
      })),
    }));
  }

  /** Renames or moves a kiosk; its past events keep the ward they were recorded in. */
  async update(
    id: string,
    changes: { label?: string; wardCode?: string },
    db: Pool | PoolClient = this.pool,
  ): Promise<Kiosk | undefined> {
    const { rows } = await db.query<KioskRow>(
      `UPDATE kiosks SET label = coalesce($2, label), ward_code = coalesce($3, ward_code) WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, changes.label ?? null, changes.wardCode ?? null],
    );
    return rows[0] && toKiosk(rows[0]);
  }

  /**
   * Gives the kiosk a new key hash, and the old one back to be forgotten. A revoked kiosk keeps
   * none unless `reactivate` (pairing it again) brings it back.
   */
  async replaceKey(
    id: string,
    keyHash: Buffer,
    db: Pool | PoolClient = this.pool,
    { reactivate = false } = {},
  ): Promise<(Kiosk & { previousKeyHash: Buffer }) | undefined> {
    // The old hash is read under the row's lock, so that a key replaced meanwhile is not the one forgotten.
    const { rows } = await db.query<KioskRow & { previous_key_hash: Buffer }>(
      `WITH previous AS (SELECT id, key_hash FROM kiosks WHERE id = $1 FOR UPDATE)
       UPDATE kiosks AS k
       SET key_hash = $2, revoked_at = CASE WHEN $3 THEN NULL ELSE k.revoked_at END
       FROM previous
       WHERE k.id = previous.id AND ($3 OR k.revoked_at IS NULL)
       RETURNING k.id, k.ward_code, k.label, k.created_at, k.revoked_at, k.last_seen_at, k.key_hash,
                 previous.key_hash AS previous_key_hash`,
      [id, keyHash, reactivate],
    );
    return rows[0] && { ...toKiosk(rows[0]), previousKeyHash: rows[0].previous_key_hash };
  }

  /** Marks the kiosk revoked (keeping the first revocation time). */
  async revoke(id: string, db: Pool | PoolClient = this.pool): Promise<Kiosk | undefined> {
    const { rows } = await db.query<KioskRow>(
      `UPDATE kiosks SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0] && toKiosk(rows[0]);
  }

  async findActiveByKeyHash(keyHash: Buffer): Promise<ActiveKiosk | undefined> {
    const { rows } = await this.pool.query<{ id: string; ward_code: string }>(
      'SELECT id, ward_code FROM kiosks WHERE key_hash = $1 AND revoked_at IS NULL',
      [keyHash],
    );
    return rows[0] && { id: rows[0].id, wardCode: rows[0].ward_code };
  }

  /**
   * Notes events of a kiosk's post that were rejected, and why the last one was; those refused
   * past the kiosk's bounds (`overLimit` of them) also raise its over_limit flag of the day.
   */
  async recordRejected(id: string, count: number, last: EventRejection, overLimit: number): Promise<void> {
    await this.pool.query(RECORD_REJECTED, [id, count, last.message, last.code, overLimit]);
  }
}
