import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { InjectPool } from '@kiosk-pulse/database';

/** A kiosk's activity over a report's period: what the stats endpoints do not already give. */
export interface KioskActivity {
  kioskId: string;
  label: string;
  wardCode: string;
  daysActive: number;
  hoursHeard: number;
  /** The hours of the period the kiosk could have been heard in: from its registration (or first signal) to the period's end, now, or its revocation. */
  hoursPossible: number;
}

/**
 * The report's own reads; everything else a report holds comes from the stats, targets and
 * campaigns code the dashboard uses, so the two cannot disagree.
 *
 * Kiosks of the scope registered before the period's end, or heard during it (a kiosk moved to
 * another ward keeps its history where it was): the hours in which it sent anything (from the
 * hourly tier, heartbeats included) and the city days it started a visit.
 */
const KIOSK_ACTIVITY = `
  WITH heard AS (
    SELECT kiosk_id,
           count(DISTINCT bucket)::int AS hours_heard,
           count(DISTINCT time_bucket(INTERVAL '1 day', bucket, 'Asia/Ho_Chi_Minh'))
             FILTER (WHERE type = 'visit_started')::int AS days_active,
           min(bucket) AS first_heard
    FROM events_hourly
    WHERE bucket >= $1 AND bucket < $2 AND ($3::text IS NULL OR ward_code = $3)
    GROUP BY kiosk_id
  )
  SELECT k.id AS kiosk_id, k.label, k.ward_code,
         coalesce(h.days_active, 0) AS days_active,
         coalesce(h.hours_heard, 0) AS hours_heard,
         greatest(0, ceil(extract(epoch FROM (
           least($2::timestamptz, now(), coalesce(k.revoked_at, $2::timestamptz))
           - greatest($1::timestamptz, least(k.created_at, coalesce(h.first_heard, k.created_at)))
         )) / 3600))::int AS hours_possible
  FROM kiosks k
  LEFT JOIN heard h ON h.kiosk_id = k.id
  WHERE (h.kiosk_id IS NOT NULL
         OR (($3::text IS NULL OR k.ward_code = $3) AND k.created_at < $2 AND (k.revoked_at IS NULL OR k.revoked_at > $1)))
  ORDER BY k.ward_code, k.label, k.id`;

@Injectable()
export class ReportsRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  async kioskActivity(from: Date, to: Date, wardCode: string | null): Promise<KioskActivity[]> {
    const { rows } = await this.pool.query<{
      kiosk_id: string;
      label: string;
      ward_code: string;
      days_active: number;
      hours_heard: number;
      hours_possible: number;
    }>(KIOSK_ACTIVITY, [from, to, wardCode]);
    return rows.map((row) => ({
      kioskId: row.kiosk_id,
      label: row.label,
      wardCode: row.ward_code,
      daysActive: row.days_active,
      hoursHeard: row.hours_heard,
      hoursPossible: row.hours_possible,
    }));
  }

  /** The ward's name in each language, or undefined for an unknown code. */
  async wardName(code: string): Promise<{ vi: string; en: string } | undefined> {
    const { rows } = await this.pool.query<{ name: string; name_en: string }>(
      'SELECT name, name_en FROM wards WHERE code = $1',
      [code],
    );
    return rows[0] && { vi: rows[0].name, en: rows[0].name_en };
  }
}
