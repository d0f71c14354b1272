import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { createPool, prepareDatabase, projectRoot, startEmbeddedDatabase } from '@kiosk-pulse/database';

export interface BenchDatabase {
  pool: Pool;
  /** What was measured, for the results. */
  target: string;
  /** The embedded database serves one connection at a time. */
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * The database a benchmark measures: DATABASE_URL (a real TimescaleDB: the figures that count),
 * or the embedded one in ./data/<name> when unset, migrated and seeded.
 */
export async function openBenchDatabase(
  name: string,
  options: { connections: number; parallelQueries?: boolean },
): Promise<BenchDatabase> {
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedDatabase(join(projectRoot(), 'data', name));
  const pool = createPool(process.env.DATABASE_URL ?? (embedded?.url as string), {
    max: embedded ? 1 : options.connections,
    applicationName: name,
    parallelQueries: options.parallelQueries,
  });
  await prepareDatabase(pool);
  return {
    pool,
    target: embedded ? 'embedded TimescaleDB (PGlite)' : 'DATABASE_URL',
    embedded: embedded !== undefined,
    async close() {
      await pool.end();
      await embedded?.stop();
    },
  };
}

/** Writes a benchmark's figures to bench/results/<name>.json. */
export function writeResults(name: string, results: unknown): void {
  mkdirSync(join(projectRoot(), 'bench', 'results'), { recursive: true });
  writeFileSync(join(projectRoot(), 'bench', 'results', `${name}.json`), JSON.stringify(results, null, 2));
}

/** A timed insert run's figures: `inserted` rows since `started` (performance.now()). */
export function insertRate(
  options: { connections: number; batch: number },
  inserted: number,
  started: number,
): { connections: number; batch: number; seconds: number; inserted: number; rowsPerSecond: number } {
  const elapsed = (performance.now() - started) / 1000;
  return {
    connections: options.connections,
    batch: options.batch,
    seconds: Math.round(elapsed * 10) / 10,
    inserted,
    rowsPerSecond: Math.round(inserted / elapsed),
  };
}
