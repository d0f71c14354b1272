import { join } from 'node:path';
import type { Pool } from 'pg';
import { ConfigError } from '@kiosk-pulse/runtime';
import { checkDatabaseUrl, createPool, startEmbeddedDatabase } from '@kiosk-pulse/database';

/**
 * The database a command-line script works on: DATABASE_URL, or else the embedded one under
 * DATA_DIR (./data), which only one process can open: stop the app first.
 */
export async function openScriptDatabase(applicationName: string): Promise<{ pool: Pool; close(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    await checkDatabaseUrl(url, (problem) => new ConfigError([problem]));
    const pool = createPool(url, { max: 1, applicationName });
    return { pool, close: () => pool.end() };
  }
  const embedded = await startEmbeddedDatabase(join(process.env.DATA_DIR ?? './data', 'pglite'));
  const pool = createPool(embedded.url, { max: 1, applicationName });
  return {
    pool,
    async close() {
      await pool.end();
      await embedded.stop();
    },
  };
}
