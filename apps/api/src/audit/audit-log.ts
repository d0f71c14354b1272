import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { InjectPool } from '@kiosk-pulse/database';
import type { Principal } from '../auth/principal';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  /** The target's name now (user name, kiosk label, token name, ward name); null for a batch or a gone row. */
  targetName: string | null;
  details: Record<string, unknown>;
}

/**
 * Who created, changed, rotated or revoked what, and who signed in (or failed to). Never holds
 * a secret. A change is recorded in the transaction that makes it (pass its client as `db`):
 * there is no change without its entry, nor an entry without its change.
 */
@Injectable()
export class AuditLog {
  constructor(@InjectPool() private readonly pool: Pool) {}

  async record(
    who: Principal | string,
    action: string,
    target: { type: string; id: string },
    details: Record<string, unknown> = {},
    db: Pool | PoolClient = this.pool,
  ): Promise<void> {
    await db.query(
      'INSERT INTO audit_log (actor, action, target_type, target_id, details) VALUES ($1, $2, $3, $4, $5)',
      [typeof who === 'string' ? who : who.actor, action, target.type, target.id, JSON.stringify(details)],
    );
  }

  /** Newest first, `limit` entries older than the entry `before`, each target named as it is now. */
  async list(limit: number, before: number | undefined): Promise<AuditEntry[]> {
    const { rows } = await this.pool.query<AuditEntry & { at: Date; id: string }>(
      `WITH page AS (
         SELECT id, at, actor, action, target_type, target_id, details
         FROM audit_log WHERE $2::bigint IS NULL OR id < $2 ORDER BY id DESC LIMIT $1
       )
       SELECT p.id, p.at, p.actor, p.action, p.target_type AS "targetType", p.target_id AS "targetId",
              COALESCE(u.username, k.label, t.name, w.name) AS "targetName", p.details
       FROM page AS p
       LEFT JOIN users AS u ON p.target_type = 'user' AND u.id::text = p.target_id
       LEFT JOIN kiosks AS k ON p.target_type = 'kiosk' AND k.id::text = p.target_id
       LEFT JOIN api_tokens AS t ON p.target_type = 'token' AND t.id::text = p.target_id
       LEFT JOIN wards AS w ON p.target_type = 'ward' AND w.code = p.target_id
       ORDER BY p.id DESC`,
      [limit, before ?? null],
    );
    return rows.map((row) => ({ ...row, id: Number(row.id), at: row.at.toISOString() }));
  }
}
