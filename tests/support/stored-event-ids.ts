/*
 * Run by tests/e2e/faults.test.ts and kill-restart.test.ts in a process of its own: opens the
 * embedded database a stopped app left in a folder and prints the ids of its stored events, one
 * JSON array.
 */
import { probeEmbeddedDatabase } from './embedded-probe';

probeEmbeddedDatabase(async (pool) => {
  const { rows } = await pool.query<{ id: string }>('SELECT id FROM events');
  return rows.map((row) => row.id);
});
