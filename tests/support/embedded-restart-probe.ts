/*
 * Run by tests/integration/embedded-restart.test.ts in a process of its own (PGlite cannot
 * start inside a jest test file): starts the embedded database on a folder twice, as two
 * `npm start`s would, and refreshes the aggregates each time. Prints one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPool, prepareDatabase, startEmbeddedDatabase } from '../../libs/database/src';

async function startOnce(dataDir: string): Promise<number> {
  const database = await startEmbeddedDatabase(dataDir);
  const pool = createPool(database.url, { max: 1, applicationName: 'probe' });
  try {
    await prepareDatabase(pool);
    await pool.query(
      `INSERT INTO events (id, occurred_at, received_at, kiosk_id, ward_code, type, age_group)
       VALUES (gen_random_uuid(), now() - interval '2 hours', now(), gen_random_uuid(), '26740', 'visit_started', '60_64')`,
    );
    await pool.query(`CALL refresh_continuous_aggregate('events_minutely', NULL, date_trunc('minute', now()))`);
    const { rows } = await pool.query(`SELECT coalesce(sum(events), 0)::int AS n FROM events_minutely`);
    return rows[0].n;
  } finally {
    await pool.end();
    await database.stop();
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kp-embedded-'));
  try {
    const first = await startOnce(dataDir);
    const second = await startOnce(dataDir);
    console.log(JSON.stringify({ first, second }));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
