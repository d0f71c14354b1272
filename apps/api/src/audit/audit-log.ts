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

  async list(limit: number, before: number | undefined): Promise<AuditEntry[]> {
    const { rows } = await this.pool.query<AuditEntry & { at: Date; id: string }>(
      `SELECT id, at, actor, action, target_type AS "targetType", target_id AS "targetId", details
       FROM audit_log WHERE $2::bigint IS NULL OR id < $2 ORDER BY id DESC LIMIT $1`,
      [limit, before ?? null],
    );
    return rows.map((row) => ({ ...row, id: Number(row.id), at: row.at.toISOString() }));
  }
}
