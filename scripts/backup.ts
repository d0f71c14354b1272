/**
 * Backs up the settings and the raw events: `npm run backup -- [--out <file>]`, by default to
 * backups/kiosk-pulse-<time>.sql.gz. A gzipped file in pg_dump's plain data-only layout; load it
 * with `npm run restore -- <file>` (or gunzip | psql). Against DATABASE_URL, or the embedded
 * database under DATA_DIR while the app is stopped. The file is readable by its owner only (0600).
 */
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { openBackupFile, writeBackup } from '@kiosk-pulse/database';
import { openScriptDatabase } from './script-database';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const out = values.out ?? `backups/kiosk-pulse-${new Date().toISOString().replace(/[:.]/g, '-')}.sql.gz`;
  const database = await openScriptDatabase('kiosk-pulse-backup');
  try {
    const gzip = createGzip();
    const written = pipeline(gzip, openBackupFile(out));
    const rows = await writeBackup(database.pool, gzip);
    gzip.end();
    await written;
    console.log(`backup written to ${out}`);
    console.table(rows);
  } finally {
    await database.close();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
