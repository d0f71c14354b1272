/**
 * Applies the database migrations and seeds the wards: `npm run migrate`.
 * Against DATABASE_URL; the app also does this at every start.
 */
import { ConfigError } from '@kiosk-pulse/runtime';
import { checkDatabaseUrl, createPool, prepareDatabase } from '@kiosk-pulse/database';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error('DATABASE_URL is not set. (The embedded database is migrated by the app itself when it starts.)');
  }
  await checkDatabaseUrl(url, (problem) => new ConfigError([problem]));
  const pool = createPool(url, { max: 1, applicationName: 'kiosk-pulse-migrate' });
  try {
    const { applied, wards } = await prepareDatabase(pool);
    console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'already up to date');
    console.log(`wards: ${wards}`);
  } finally {
    await pool.end();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
