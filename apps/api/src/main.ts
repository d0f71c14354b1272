import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { ConfigError } from '@kiosk-pulse/contract/env';
import {
  applyStoragePolicies,
  createPool,
  prepareDatabase,
  startEmbeddedDatabase,
  type EmbeddedDatabase,
} from '@kiosk-pulse/database';
import { loadWorkerConfig } from '../../worker/src/config';
import { loadApiConfig } from './config';
import { closeApiApp, createApiApp } from './create-app';
import { startSimulator, type Simulator } from './demo/simulator';
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
  const env = { ...process.env };
  if (values.demo) {
    env.ADMIN_TOKEN ??= randomBytes(24).toString('base64url');
    env.JWT_SECRET ??= randomBytes(32).toString('base64url');
    env.ADMIN_USERNAME ??= 'admin';
    env.ADMIN_PASSWORD ??= randomBytes(9).toString('base64url');
    env.DEMO_RESET_ADMIN_PASSWORD = 'true';
    // The simulated kiosks post several times a second: a line per request would bury the banner.
    env.LOG_LEVEL ??= 'warn';
  }
  const config = loadApiConfig(env);
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
  if (values.demo) {
    simulator = await startSimulator({
      apiUrl: `http://127.0.0.1:${config.port}`,
      adminToken: config.adminToken as string, // --demo always makes one
      kiosks: Number(values.kiosks ?? 50),
      rate: Number(values.rate ?? 20),
      stateFile: join(config.dataDir, 'demo-kiosks.json'),
    });
    console.log(
      [
        '',
        '  Kiosk Pulse demo is running.',
        `  Dashboard: ${origin}/  (sign in as ${env.ADMIN_USERNAME} / ${env.ADMIN_PASSWORD})`,
        `  Wall screen without signing in: ${origin}/#token=${config.adminToken}`,
        `  Admin token (API, CLI): ${config.adminToken}`,
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
