import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';

/** A code taken by the kiosk app: whose it was, and what the app is told about its kiosk. */
export interface ClaimedCode {
  kioskId: string;
  createdBy: string;
  wardName: string;
  wasRevoked: boolean;
}

/** The kiosks' pairing codes (migration 0018), each kept only as a keyed hash. */
@Injectable()
export class KioskPairingRepository {
  /**
   * Stores a new code for the kiosk, valid `ttlMs` by the database's clock, and drops the kiosk's
   * unused ones: only the newest code handed out works. Codes expired a day ago go too; nothing
   * reads them. Undefined when the hash is taken (another live code, once in billions): draw again.
   */
  async issue(
    code: { hash: Buffer; kioskId: string; createdBy: string; ttlMs: number },
    db: PoolClient,
  ): Promise<Date | undefined> {
    await db.query(
      `DELETE FROM kiosk_pairing_codes
       WHERE (kiosk_id = $1 AND used_at IS NULL) OR expires_at < now() - interval '1 day'`,
      [code.kioskId],
    );
    const { rows } = await db.query<{ expires_at: Date }>(
      `INSERT INTO kiosk_pairing_codes (code_hash, kiosk_id, created_by, expires_at)
       VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond')
       ON CONFLICT (code_hash) DO NOTHING
       RETURNING expires_at`,
      [code.hash, code.kioskId, code.createdBy, code.ttlMs],
    );
    return rows[0]?.expires_at;
  }

  /**
   * Marks the code used if it is unused and unexpired. One statement, so of two requests with the
   * same code the second waits for the first's row lock, finds it used, and gets nothing.
   */
  async claim(hash: Buffer, db: PoolClient): Promise<ClaimedCode | undefined> {
    const { rows } = await db.query<{ kiosk_id: string; created_by: string; ward_name: string; was_revoked: boolean }>(
      `UPDATE kiosk_pairing_codes AS p SET used_at = now()
       FROM kiosks AS k JOIN wards AS w ON w.code = k.ward_code
       WHERE p.code_hash = $1 AND p.used_at IS NULL AND p.expires_at > now() AND k.id = p.kiosk_id
       RETURNING p.kiosk_id, p.created_by, w.name AS ward_name, k.revoked_at IS NOT NULL AS was_revoked`,
      [hash],
    );
    const row = rows[0];
    return (
      row && { kioskId: row.kiosk_id, createdBy: row.created_by, wardName: row.ward_name, wasRevoked: row.was_revoked }
    );
  }
}
