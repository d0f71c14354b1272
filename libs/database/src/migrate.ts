import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool, PoolClient } from 'pg';
import { projectRoot } from './project-root';
import { inTransaction } from './transaction';

// Any fixed number works; every process that migrates this database must use the same one.
const MIGRATION_LOCK = 7_245_001;

const MAX_ATTEMPTS = 5;

/*
 * TimescaleDB's background jobs (refresh and storage policies) run while a migration drops or
 * re-creates the aggregates they work on; either side can then lose a race on a catalog row
 * ("tuple concurrently deleted") or a deadlock. The migration rolled back whole, so it is
 * applied again.
 */
function lostRaceWithJob(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === '40P01' || code === '40001' || /tuple concurrently (deleted|updated)/.test(message ?? '');
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export function migrationsDir(): string {
  return join(projectRoot(), 'libs', 'database', 'migrations');
}

/** The numbered SQL files, in order. */
export function loadMigrations(dir = migrationsDir()): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.replace(/\.sql$/, ''),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

/**
 * Applies the migrations not yet in the ledger, each in its own transaction, under an
 * advisory lock so that several processes starting at once apply each one exactly once.
 * Migrations are append-only: an applied file that has changed since is an error.
 */
export async function migrate(pool: Pool, migrations = loadMigrations()): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        checksum   text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const { rows } = await client.query<{ version: number; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migrations',
    );
    const done = new Map(rows.map((row) => [row.version, row]));
    for (const migration of migrations) {
      const recorded = done.get(migration.version);
      if (recorded) {
        if (recorded.checksum !== migration.checksum) {
          throw new Error(`migration ${migration.name} was changed after it was applied; add a new migration instead`);
        }
        continue;
      }
      for (let attempt = 1; ; attempt++) {
        try {
          await apply(client, migration);
          break;
        } catch (error) {
          if (attempt < MAX_ATTEMPTS && lostRaceWithJob(error)) continue;
          throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
        }
      }
      applied.push(migration.name);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
  return applied;
}

/** One migration and its ledger row, in one transaction. */
async function apply(client: PoolClient, migration: Migration): Promise<void> {
  await inTransaction(client, async () => {
    await client.query(migration.sql);
    await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
      migration.version,
      migration.name,
      migration.checksum,
    ]);
  });
}
