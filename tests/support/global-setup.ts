import { createPool, prepareDatabase, startEmbeddedDatabase, type EmbeddedDatabase } from '../../libs/database/src';

declare global {
  var embeddedDatabases: EmbeddedDatabase[] | undefined;
}

/**
 * One embedded TimescaleDB per jest worker, started here because PGlite cannot start inside a
 * jest test file on Node 20. Each serves one connection at a time, so the test files of one
 * worker take turns with it and files in different workers never share a database.
 */
export default async function globalSetup(): Promise<void> {
  const workers = 2;
  const databases = await Promise.all(Array.from({ length: workers }, () => startEmbeddedDatabase('memory://')));
  for (const database of databases) {
    const pool = createPool(database.url, { max: 1, applicationName: 'test-setup' });
    await prepareDatabase(pool);
    await pool.end();
  }
  globalThis.embeddedDatabases = databases;
  process.env.TEST_DATABASE_URLS = databases.map((database) => database.url).join(' ');
  process.env.TEST_REDIS_URL ??= 'redis://127.0.0.1:6379';
}
