import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { InjectPool } from '@kiosk-pulse/database';
import { toUser, type UserRow, type UserWithSecrets } from '../users/users.repository';

/** Sign-ins that ended before their expiry, in the database so that a sign-out holds while Redis is away. */
@Injectable()
export class SessionsRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  /** The user a sign-in token names, and whether that sign-in was ended; one query per request. */
  async find(userId: string, jti: string): Promise<{ user: UserWithSecrets; signedOut: boolean } | undefined> {
    const { rows } = await this.pool.query<UserRow & { signed_out: boolean }>(
      `SELECT u.*, EXISTS (SELECT 1 FROM revoked_sessions WHERE jti = $2) AS signed_out FROM users AS u WHERE u.id = $1`,
      [userId, jti],
    );
    return rows[0] && { user: toUser(rows[0]), signedOut: rows[0].signed_out };
  }

  /** Ends one sign-in; rows of sign-ins that have expired by now are no longer needed. */
  async revoke(jti: string, expiresAt: Date): Promise<void> {
    await this.pool.query('DELETE FROM revoked_sessions WHERE expires_at < now()');
    await this.pool.query(
      'INSERT INTO revoked_sessions (jti, expires_at) VALUES ($1, $2) ON CONFLICT (jti) DO NOTHING',
      [jti, expiresAt],
    );
  }
}
