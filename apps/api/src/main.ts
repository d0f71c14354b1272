import 'reflect-metadata';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { ConfigError } from '@kiosk-pulse/contract/env';
import {
  applyStoragePolicies,
  checkDatabaseUrl,
  createPool,
  prepareDatabase,
  startEmbeddedDatabase,
  type EmbeddedDatabase,
} from '@kiosk-pulse/database';
import { loadWorkerConfig } from '../../worker/src/config';
import { loadApiConfig } from './config';
import { closeApiApp, createApiApp } from './create-app';
import { demoEnvironment, writeDemoSecrets } from './demo/demo-settings';
import { startSimulator, type Simulator } from './demo/simulator';
import { wallScreenToken } from './demo/wall-token';
import { resolveRedis } from './local-redis';

/**
 * Starts the api. With DATABASE_URL it is one process of a deployment (the worker runs apart).
 * Without it, this one process is the whole product: the embedded TimescaleDB, the api and the
 * queue consumer; `--demo` adds simulated kiosks.
 */
const SHUTDOWN_LIMIT_MS = 30_000;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { demo: { type: 'boolean', default: false }, kiosks: { type: 'string' }, rate: { type: 'string' } },
  });
  const simulated = { kiosks: Number(values.kiosks ?? 50), rate: Number(values.rate ?? 20) };
  const demo = values.demo ? demoEnvironment(process.env, simulated) : undefined;
  const env = demo?.env ?? { ...process.env };
  const config = loadApiConfig(env);
  if (config.databaseUrl) await checkDatabaseUrl(config.databaseUrl, (problem) => new ConfigError([problem]));
  // The same JSON lines as the app's own logs, from before the app exists until after it closes.
  const logger = pino({ level: config.logLevel, base: { context: 'Main' } });

  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedDatabase(join(config.dataDir, 'pglite'));
    databaseUrl = embedded.url;
    logger.info(`embedded TimescaleDB (PGlite) with its data in ${join(config.dataDir, 'pglite')}`);
  }
  const redis = await resolveRedis(config.redisUrl, config.dataDir);
  const pool = createPool(databaseUrl, {
    max: embedded ? 1 : config.databasePool.size,
    idleMs: config.databasePool.idleMs,
    applicationName: 'kiosk-pulse-api',
    parallelQueries: false,
  });
  const { applied } = await prepareDatabase(pool);
  if (applied.length > 0) logger.info(`migrations applied: ${applied.join(', ')}`);
  // TimescaleDB runs these policies; the embedded database records them but runs no background jobs.
  await applyStoragePolicies(pool, config.storage);

  const worker = embedded
    ? loadWorkerConfig({ ...env, DATABASE_URL: databaseUrl, REDIS_URL: redis.url, REFRESH_AGGREGATES_IN_APP: 'true' })
    : undefined;
  const app = await createApiApp({ config, pool, redis: { url: redis.url, cluster: config.redisCluster }, worker });
  await app.listen(config.port, config.host);
  const origin = `http://localhost:${config.port}`;

  let simulator: Simulator | undefined;
  if (demo) {
    const apiUrl = `http://127.0.0.1:${config.port}`;
    const adminToken = config.adminToken as string; // --demo always has one
    simulator = await startSimulator({
      apiUrl,
      adminToken,
      ...simulated,
      stateFile: join(config.dataDir, 'demo-kiosks.json'),
    });
    const wallToken = await wallScreenToken(apiUrl, adminToken, demo.secrets.wallToken);
    if (wallToken !== demo.secrets.wallToken) writeDemoSecrets(demo.secretsFile, { ...demo.secrets, wallToken });
    console.log(
      [
        '',
        '  Kiosk Pulse demo is running.',
        `  Dashboard: ${origin}/  (sign in as ${env.ADMIN_USERNAME} / ${env.ADMIN_PASSWORD})`,
        `  Wall screen, read-only, no sign-in: ${origin}/?wall=1#token=${wallToken}`,
        `  Admin token (API, CLI): ${adminToken}`,
        `  These are kept in ${demo.secretsFile} for the next start (delete it for new ones).`,
        '',
      ].join('\n'),
    );
  } else {
    logger.info(`listening on ${origin} (dashboard: ${origin}/#token=<ADMIN_TOKEN>)`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping`);
    // Whatever hangs, the process ends: jobs not yet written stay in Redis for the next start.
    setTimeout(() => {
      logger.error(`still stopping after ${SHUTDOWN_LIMIT_MS / 1000} s: exiting`);
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    await simulator?.stop();
    await closeApiApp(app);
    await embedded?.stop();
    redis.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
