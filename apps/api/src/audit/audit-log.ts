import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { AUDIT_READ_ACTIONS, type AuditEntry } from '@kiosk-pulse/contract';
import { InjectPool } from '@kiosk-pulse/database';
import type { Principal } from '../access/principal';
import type { AuditFilter } from './audit-query';

// The wire type of the contract, as the API answers it.
export type { AuditEntry };

/**
 * Who created, changed, rotated or revoked what, and who signed in (or failed to); who read or
 * exported which figures is written here too, by ReadAudit. Never holds a secret. A change is recorded in the transaction that makes it (pass its client as `db`):
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

  /** Newest first, `limit` entries older than the entry `before` that match the filter, each target named as it is now. */
  async list(filter: AuditFilter): Promise<AuditEntry[]> {
    const { rows } = await this.pool.query<AuditEntry & { at: Date; id: string }>(
      `WITH page AS (
         SELECT id, at, actor, action, target_type, target_id, details
         FROM audit_log
         WHERE ($2::bigint IS NULL OR id < $2)
           AND ($3::text IS NULL OR actor = $3)
           AND ($4::text IS NULL OR action = $4)
           AND ($5::text IS NULL OR (action = ANY($6)) = ($5 = 'reads'))
           AND ($7::text IS NULL OR (target_type = 'ward' AND target_id = $7))
           AND ($8::timestamptz IS NULL OR at >= $8)
           AND ($9::timestamptz IS NULL OR at < $9)
         ORDER BY id DESC LIMIT $1
       )
       SELECT p.id, p.at, p.actor, p.action, p.target_type AS "targetType", p.target_id AS "targetId",
              COALESCE(u.username, k.label, t.name, w.name) AS "targetName", p.details
       FROM page AS p
       LEFT JOIN users AS u ON p.target_type = 'user' AND u.id::text = p.target_id
       LEFT JOIN kiosks AS k ON p.target_type = 'kiosk' AND k.id::text = p.target_id
       LEFT JOIN api_tokens AS t ON p.target_type = 'token' AND t.id::text = p.target_id
       LEFT JOIN wards AS w ON p.target_type = 'ward' AND w.code = p.target_id
       ORDER BY p.id DESC`,
      [
        filter.limit,
        filter.before ?? null,
        filter.actor ?? null,
        filter.action ?? null,
        filter.kind ?? null,
        AUDIT_READ_ACTIONS,
        filter.wardCode ?? null,
        filter.from ?? null,
        filter.to ?? null,
      ],
    );
    return rows.map((row) => ({ ...row, id: Number(row.id), at: row.at.toISOString() }));
  }
}
