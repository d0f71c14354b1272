import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { User } from '@kiosk-pulse/contract';
import { InjectPool } from '@kiosk-pulse/database';
import type { Role } from '../access/principal';

// The wire type of the contract, as the API answers it.
export type { User };

export interface UserWithSecrets extends User {
  passwordHash: string;
  tokenVersion: number;
}

export interface UserRow {
  id: string;
  username: string;
  role: Role;
  ward_code: string | null;
  disabled: boolean;
  created_at: Date;
  updated_at: Date;
  password_hash: string;
  token_version: number;
}

export const toUser = (row: UserRow): UserWithSecrets => ({
  id: row.id,
  username: row.username,
  role: row.role,
  wardCode: row.ward_code,
  disabled: row.disabled,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  passwordHash: row.password_hash,
  tokenVersion: row.token_version,
});

/** A user as the API shows it: never the password hash. */
export const publicUser = ({ passwordHash: _hash, tokenVersion: _version, ...user }: UserWithSecrets): User => user;

export interface UserChanges {
  disabled?: boolean;
  passwordHash?: string;
  role?: Role;
  wardCode?: string | null;
}

@Injectable()
export class UsersRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  async create(
    user: { id: string; username: string; passwordHash: string; role: Role; wardCode: string | null },
    db: Pool | PoolClient = this.pool,
  ) {
    const { rows } = await db.query<UserRow>(
      `INSERT INTO users (id, username, password_hash, role, ward_code) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [user.id, user.username, user.passwordHash, user.role, user.wardCode],
    );
    return toUser(rows[0]);
  }

  async list(): Promise<UserWithSecrets[]> {
    const { rows } = await this.pool.query<UserRow>('SELECT * FROM users ORDER BY username');
    return rows.map(toUser);
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    return rows[0].n;
  }

  async findById(id: string): Promise<UserWithSecrets | undefined> {
    const { rows } = await this.pool.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
    return rows[0] && toUser(rows[0]);
  }

  async findByUsername(username: string): Promise<UserWithSecrets | undefined> {
    const { rows } = await this.pool.query<UserRow>('SELECT * FROM users WHERE username = $1', [username]);
    return rows[0] && toUser(rows[0]);
  }

  /**
   * Applies the changes; any of them ends the user's sign-ins issued so far (token_version + 1),
   * so a locked user, a new role or a reset password takes effect at once.
   */
  async update(
    id: string,
    changes: UserChanges,
    db: Pool | PoolClient = this.pool,
  ): Promise<UserWithSecrets | undefined> {
    const { rows } = await db.query<UserRow>(
      `UPDATE users SET
         disabled      = coalesce($2, disabled),
         password_hash = coalesce($3, password_hash),
         role          = coalesce($4, role),
         ward_code     = CASE WHEN $5 THEN $6 ELSE ward_code END,
         token_version = token_version + 1,
         updated_at    = now()
       WHERE id = $1
       RETURNING *`,
      [
        id,
        changes.disabled ?? null,
        changes.passwordHash ?? null,
        changes.role ?? null,
        changes.wardCode !== undefined,
        changes.wardCode ?? null,
      ],
    );
    return rows[0] && toUser(rows[0]);
  }

  /**
   * The ids of the active admins, locked until the transaction ends: two admins demoting each
   * other at once cannot both pass the "another admin remains" check.
   */
  async lockActiveAdmins(db: PoolClient): Promise<string[]> {
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM users WHERE role = 'admin' AND NOT disabled ORDER BY id FOR UPDATE`,
    );
    return rows.map((row) => row.id);
  }
}
