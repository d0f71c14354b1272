import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { ApiToken } from '@kiosk-pulse/contract';
import { InjectPool } from '@kiosk-pulse/database';
import type { Role } from '../access/principal';

// The wire type of the contract, as the API answers it.
export type { ApiToken };

// A token acts only while the admin who made it could still make it.
const OWNER_ACTIVE = `(t.owner_id IS NULL OR EXISTS (
  SELECT 1 FROM users AS u WHERE u.id = t.owner_id AND u.role = 'admin' AND NOT u.disabled))`;

const COLUMNS = `t.id, t.name, t.role, t.ward_code AS "wardCode", t.created_by AS "createdBy", t.owner_id AS "ownerId",
                 t.created_at AS "createdAt", t.revoked_at AS "revokedAt", t.last_used_at AS "lastUsedAt",
                 NOT ${OWNER_ACTIVE} AS suspended`;

const toToken = (row: Record<string, unknown>): ApiToken => {
  const time = (value: unknown) => (value instanceof Date ? value.toISOString() : null);
  return {
    ...(row as unknown as ApiToken),
    createdAt: time(row.createdAt) as string,
    revokedAt: time(row.revokedAt),
    lastUsedAt: time(row.lastUsedAt),
  };
};

@Injectable()
export class ApiTokensRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  async create(
    token: {
      id: string;
      name: string;
      hash: Buffer;
      role: Role;
      wardCode: string | null;
      createdBy: string;
      ownerId: string | null;
    },
    db: Pool | PoolClient = this.pool,
  ) {
    const { rows } = await db.query(
      `INSERT INTO api_tokens AS t (id, name, token_hash, role, ward_code, created_by, owner_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING ${COLUMNS}`,
      [token.id, token.name, token.hash, token.role, token.wardCode, token.createdBy, token.ownerId],
    );
    return toToken(rows[0]);
  }

  async list(): Promise<ApiToken[]> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM api_tokens AS t ORDER BY t.created_at DESC`);
    return rows.map(toToken);
  }

  async revoke(id: string, db: Pool | PoolClient = this.pool): Promise<ApiToken | undefined> {
    const { rows } = await db.query(
      `UPDATE api_tokens AS t SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0] && toToken(rows[0]);
  }

  /**
   * The live token with this hash, while its owner is an active admin; notes when it was used
   * unless `touch` is false (a socket checking its credential again).
   */
  async use(hash: Buffer, touch = true): Promise<ApiToken | undefined> {
    const live = `t.token_hash = $1 AND t.revoked_at IS NULL AND ${OWNER_ACTIVE}`;
    const { rows } = await this.pool.query(
      touch
        ? `UPDATE api_tokens AS t SET last_used_at = now() WHERE ${live} RETURNING ${COLUMNS}`
        : `SELECT ${COLUMNS} FROM api_tokens AS t WHERE ${live}`,
      [hash],
    );
    return rows[0] && toToken(rows[0]);
  }
}
