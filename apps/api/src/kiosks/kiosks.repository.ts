import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { InjectPool } from '@kiosk-pulse/database';

export interface Kiosk {
  id: string;
  wardCode: string;
  label: string;
  createdAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
}

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
}

const COLUMNS = 'id, ward_code, label, created_at, revoked_at, last_seen_at';

const toKiosk = (row: KioskRow): Kiosk => ({
  id: row.id,
  wardCode: row.ward_code,
  label: row.label,
  createdAt: row.created_at.toISOString(),
  revokedAt: row.revoked_at?.toISOString() ?? null,
  lastSeenAt: row.last_seen_at?.toISOString() ?? null,
});

@Injectable()
export class KiosksRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  async create(kiosk: { id: string; wardCode: string; label: string; keyHash: Buffer }): Promise<Kiosk> {
    const { rows } = await this.pool.query<KioskRow>(
      `INSERT INTO kiosks (id, ward_code, label, key_hash) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [kiosk.id, kiosk.wardCode, kiosk.label, kiosk.keyHash],
    );
    return toKiosk(rows[0]);
  }

  async list(): Promise<Kiosk[]> {
    const { rows } = await this.pool.query<KioskRow>(`SELECT ${COLUMNS} FROM kiosks ORDER BY ward_code, label, id`);
    return rows.map(toKiosk);
  }

  /** Marks the kiosk revoked (keeping the first revocation time); returns it with its key hash. */
  async revoke(id: string): Promise<(Kiosk & { keyHash: Buffer }) | undefined> {
    const { rows } = await this.pool.query<KioskRow & { key_hash: Buffer }>(
      `UPDATE kiosks SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}, key_hash`,
      [id],
    );
    return rows[0] && { ...toKiosk(rows[0]), keyHash: rows[0].key_hash };
  }

  async findActiveByKeyHash(keyHash: Buffer): Promise<ActiveKiosk | undefined> {
    const { rows } = await this.pool.query<{ id: string; ward_code: string }>(
      'SELECT id, ward_code FROM kiosks WHERE key_hash = $1 AND revoked_at IS NULL',
      [keyHash],
    );
    return rows[0] && { id: rows[0].id, wardCode: rows[0].ward_code };
  }
}
