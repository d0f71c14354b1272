import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { InjectPool } from '@kiosk-pulse/database';
import type { Role } from '../auth/principal';

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  wardCode: string | null;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const COLUMNS = `id, name, role, ward_code AS "wardCode", created_by AS "createdBy", created_at AS "createdAt",
                 revoked_at AS "revokedAt", last_used_at AS "lastUsedAt"`;

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

  async create(token: {
    id: string;
    name: string;
    hash: Buffer;
    role: Role;
    wardCode: string | null;
    createdBy: string;
  }) {
    const { rows } = await this.pool.query(
      `INSERT INTO api_tokens (id, name, token_hash, role, ward_code, created_by) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING ${COLUMNS}`,
      [token.id, token.name, token.hash, token.role, token.wardCode, token.createdBy],
    );
    return toToken(rows[0]);
  }

  async list(): Promise<ApiToken[]> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM api_tokens ORDER BY created_at DESC`);
    return rows.map(toToken);
  }

  async revoke(id: string): Promise<ApiToken | undefined> {
    const { rows } = await this.pool.query(
      `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0] && toToken(rows[0]);
  }

  /** The live token with this hash; notes when it was used. */
  async use(hash: Buffer): Promise<ApiToken | undefined> {
    const { rows } = await this.pool.query(
      `UPDATE api_tokens SET last_used_at = now() WHERE token_hash = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`,
      [hash],
    );
    return rows[0] && toToken(rows[0]);
  }
}
