/*
 * The frame of a probe: a script a test runs in a process of its own (PGlite cannot start inside
 * a jest test file) on the embedded database a stopped app, or a restore, left in a folder.
 */
import type { Pool } from 'pg';
import { createPool, startEmbeddedDatabase } from '../../libs/database/src';

/**
 * Opens the embedded database in the folder named by the script's first argument, prints what
 * `read` finds there as one JSON line, and stops the database; on an error, prints its message
 * and exits 1.
 */
export function probeEmbeddedDatabase(read: (pool: Pool) => Promise<unknown>): void {
  const run = async () => {
    const database = await startEmbeddedDatabase(process.argv[2]);
    const pool = createPool(database.url, { max: 1, applicationName: 'probe' });
    try {
      process.stdout.write(`${JSON.stringify(await read(pool))}\n`);
    } finally {
      await pool.end();
      await database.stop();
    }
  };
  run().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
