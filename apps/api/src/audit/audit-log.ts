import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
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

/** Who created, changed, rotated or revoked what. Never holds a secret. */
@Injectable()
export class AuditLog {
  constructor(@InjectPool() private readonly pool: Pool) {}

  async record(
    principal: Principal,
    action: string,
    target: { type: string; id: string },
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.pool.query(
      'INSERT INTO audit_log (actor, action, target_type, target_id, details) VALUES ($1, $2, $3, $4, $5)',
      [principal.actor, action, target.type, target.id, JSON.stringify(details)],
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
