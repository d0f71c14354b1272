/*
 * Run by tests/e2e/faults.test.ts in a process of its own (PGlite cannot start inside a jest
 * test file): opens the embedded database a stopped app left in a folder and prints the ids of
 * its stored events, one JSON array.
 */
import { createPool, startEmbeddedDatabase } from '../../libs/database/src';

async function main(): Promise<void> {
  const database = await startEmbeddedDatabase(process.argv[2]);
  const pool = createPool(database.url, { max: 1, applicationName: 'probe' });
  try {
    const { rows } = await pool.query<{ id: string }>('SELECT id FROM events');
    process.stdout.write(`${JSON.stringify(rows.map((row) => row.id))}\n`);
  } finally {
    await pool.end();
    await database.stop();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
