/**
 * Restores a backup made by `npm run backup`: `npm run restore -- <file>`. A new database is
 * migrated to the backup's schema version, loaded, then migrated to the current one; rows already
 * there are kept, so a restore cut short can be run again. The aggregates and the event-id ledger
 * are then computed from the restored events. Against DATABASE_URL, or the embedded database
 * under DATA_DIR while the app is stopped.
 */
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { createGunzip } from 'node:zlib';
import { prepareDatabase, restoreBackup } from '@kiosk-pulse/database';
import { openScriptDatabase } from './script-database';

async function main(): Promise<void> {
  const { positionals } = parseArgs({ allowPositionals: true });
  const file = positionals[0];
  if (!file) throw new Error('usage: npm run restore -- <backup file>');
  const database = await openScriptDatabase('kiosk-pulse-restore');
  try {
    const input = createReadStream(file);
    const rows = await restoreBackup(database.pool, file.endsWith('.gz') ? input.pipe(createGunzip()) : input);
    await prepareDatabase(database.pool);
    console.log(`restored from ${file} (rows added per table; rows already there were kept):`);
    console.table(rows);
  } finally {
    await database.close();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
