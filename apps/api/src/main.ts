import 'reflect-metadata';
import { join } from 'node:path';
import { pino } from 'pino';
import { ConfigError } from '@kiosk-pulse/runtime';
import {
  EmbeddedDatabaseError,
  applyStoragePolicies,
  checkDatabaseUrl,
  createPool,
  prepareDatabase,
  startEmbeddedDatabase,
  type EmbeddedDatabase,
} from '@kiosk-pulse/database';
import { loadWorkerConfig } from '@kiosk-pulse/ingest-writer';
import { closeApiApp, createApiApp } from './create-app';
import { writeDemoSecrets } from './demo/demo-settings';
import { startSimulator, type Simulator } from '@kiosk-pulse/demo';
import { recordDemoCampaigns } from './demo/campaigns';
import { DEMO_HISTORY_DAYS, seedDemoHistory } from './demo/history';
import { demoKioskLink, terminalQrCode } from './demo/kiosk-link';
import { seedDemoTargets } from './demo/targets';
import { seedDemoAlertRules } from './demo/alert-rules';
import { demoShareToken } from './demo/share-link';
import { wallScreenToken } from './demo/wall-token';
import { resolveRedis } from './local-redis';
import { startConfig } from './start-config';

/**
 * Starts the api. With DATABASE_URL it is one process of a deployment (the worker runs apart).
 * Without it, this one process is the whole product: the embedded TimescaleDB, the api and the
 * queue consumer; `--demo` adds simulated kiosks.
 */
const SHUTDOWN_LIMIT_MS = 30_000;
// PGlite runs no checkpointer: without these, every start after a crash or SIGKILL replays all
// the WAL written since the last clean stop, and the WAL folder grows all the while.
const CHECKPOINT_INTERVAL_MS = 60_000;

/** What is open, closed in this order when the process stops or fails to start. */
const open: {
  simulator?: Simulator;
  app?: Awaited<ReturnType<typeof createApiApp>>;
  pool?: ReturnType<typeof createPool>;
  checkpoints?: NodeJS.Timeout;
  embedded?: EmbeddedDatabase;
  redis?: Awaited<ReturnType<typeof resolveRedis>>;
} = {};
let stopSignal: string | undefined;
let started = false;
let mainLogger: { info(message: string): void; error(message: string): void } | undefined;

async function main(): Promise<void> {
  const { config, env, demo, simulated } = startConfig(process.argv.slice(2), process.env);
  if (config.databaseUrl) await checkDatabaseUrl(config.databaseUrl, (problem) => new ConfigError([problem]));
  // The same JSON lines as the app's own logs, from before the app exists until after it closes.
  const logger = pino({ level: config.logLevel, base: { context: 'Main' } });
  mainLogger = logger;

  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const embedded = await startEmbeddedDatabase(join(config.dataDir, 'pglite'));
    open.embedded = embedded;
    databaseUrl = embedded.url;
    logger.info(`embedded TimescaleDB (PGlite) with its data in ${join(config.dataDir, 'pglite')}`);
  }
  const embedded = open.embedded;
  const redis = await resolveRedis(config.redis.url, config.dataDir);
  open.redis = redis;
  const pool = createPool(databaseUrl, {
    max: embedded ? 1 : config.databasePool.size,
    idleMs: config.databasePool.idleMs,
    applicationName: 'kiosk-pulse-api',
    parallelQueries: false,
  });
  open.pool = pool;
  const { applied } = await prepareDatabase(pool);
  if (applied.length > 0) logger.info(`migrations applied: ${applied.join(', ')}`);
  // TimescaleDB runs these policies; the embedded database records them but runs no background jobs.
  await applyStoragePolicies(pool, config.storage);

  const worker = embedded
    ? loadWorkerConfig({ ...env, DATABASE_URL: databaseUrl, REDIS_URL: redis.url, REFRESH_AGGREGATES_IN_APP: 'true' })
    : undefined;
  const app = await createApiApp({ config, pool, redis: { url: redis.url, cluster: config.redis.cluster }, worker });
  open.app = app;
  await app.listen(config.port, config.host);
  if (embedded) {
    open.checkpoints = setInterval(() => {
      pool.query('CHECKPOINT').catch((error: Error) => logger.warn(`checkpoint failed: ${error.message}`));
    }, CHECKPOINT_INTERVAL_MS);
  }
  const origin = `http://localhost:${config.port}`;

  if (demo) {
    const apiUrl = `http://127.0.0.1:${config.port}`;
    const adminToken = config.adminToken as string; // --demo always has one
    const prepared: {
      kiosk?: Awaited<ReturnType<typeof demoKioskLink>>;
      history?: Awaited<ReturnType<typeof seedDemoHistory>>;
      targets?: number | null;
      campaigns?: number;
      alertRules?: number | null;
    } = {};
    open.simulator = await startSimulator({
      apiUrl,
      adminToken,
      ...simulated,
      stateFile: join(config.dataDir, 'demo-kiosks.json'),
      // The history is written while no kiosk posts: it holds the embedded database's one
      // connection for a minute or two. The app's own kiosk first, so that Phường Tân Sơn
      // Hòa's kiosk day is in its history.
      beforeStart: async () => {
        prepared.kiosk = await demoKioskLink(apiUrl, origin, adminToken, demo.secrets.kioskId);
        prepared.history = await seedDemoHistory(pool);
        if (prepared.history) {
          prepared.campaigns = await recordDemoCampaigns(apiUrl, adminToken, prepared.history.kioskDays);
          const wards = prepared.history.kioskDays.map((day) => day.wardCode);
          prepared.alertRules = await seedDemoAlertRules(apiUrl, adminToken, wards);
        }
        prepared.targets = await seedDemoTargets(apiUrl, adminToken);
      },
    });
    const { kiosk, history, targets, campaigns, alertRules } = prepared;
    if (!kiosk) throw new Error('the demo kiosk was not made');
    const wallToken = await wallScreenToken(apiUrl, adminToken, demo.secrets.wallToken);
    const shareToken = await demoShareToken(apiUrl, adminToken, demo.secrets.shareToken);
    if (
      wallToken !== demo.secrets.wallToken ||
      shareToken !== demo.secrets.shareToken ||
      kiosk.kioskId !== demo.secrets.kioskId
    ) {
      writeDemoSecrets(demo.secretsFile, { ...demo.secrets, wallToken, shareToken, kioskId: kiosk.kioskId });
    }
    console.log(
      [
        '',
        '  Kiosk Pulse demo is running.',
        `  Dashboard: ${origin}/  (sign in as ${env.ADMIN_USERNAME} / ${env.ADMIN_PASSWORD})`,
        `  Wall screen, read-only, no sign-in: ${origin}/?wall=1#token=${wallToken}`,
        `  Public page (a share link anyone may open; revoke it on the dashboard): ${origin}/share/#${shareToken}`,
        `  Admin token (API, CLI): ${adminToken}`,
        `  These are kept in ${demo.secretsFile} for the next start (delete it for new ones).`,
        history
          ? `  History written for the demo: ${history.visits} visits (${history.events} events) over the last ${DEMO_HISTORY_DAYS} days, in ${Math.round(history.ms / 1000)} s.`
          : `  History: kept from the last start (delete ${config.dataDir} for a new one).`,
        ...(targets ? [`  Targets: ${targets} imported (the Chỉ tiêu page), as the city's spreadsheet would.`] : []),
        ...(campaigns ? [`  Kiosk days: ${campaigns} in the history (the latest at Khu phố 28, Tân Sơn Hòa).`] : []),
        ...(alertRules ? [`  Alert rules: ${alertRules}, in the wards of those kiosk days (the Cảnh báo page).`] : []),
        `  Kiosk app, paired to a kiosk in Phường Tân Sơn Hòa (works once, within 10 minutes; a new one at each start): ${kiosk.url}`,
        '',
        await terminalQrCode(kiosk.url),
      ].join('\n'),
    );
  } else {
    logger.info(`listening on ${origin} (dashboard: ${origin}/#token=<ADMIN_TOKEN>)`);
  }

  started = true;
  if (stopSignal) await stop(stopSignal);
}

/**
 * Closes everything once, in order: the simulated kiosks, then the app (HTTP answers 503 and
 * closes, then the sockets, the queue consumer, the aggregate refresher, the reads not yet in
 * the audit log and the pool), then
 * PGlite, then the Redis this process started. Jobs not yet written stay in Redis for the next
 * start.
 */
async function stop(signal?: string): Promise<void> {
  if (signal) mainLogger?.info(`${signal}: stopping`);
  // Whatever hangs before PGlite closes, the process ends (as after a crash: nothing is lost).
  const limit = setTimeout(() => {
    mainLogger?.error(`still stopping after ${SHUTDOWN_LIMIT_MS / 1000} s: exiting`);
    process.exit(1);
  }, SHUTDOWN_LIMIT_MS).unref();
  clearInterval(open.checkpoints);
  await open.simulator?.stop();
  if (open.app) await closeApiApp(open.app);
  else await open.pool?.end();
  // PGlite's close writes its shutdown checkpoint: never cut that short.
  clearTimeout(limit);
  await open.embedded?.stop();
  open.redis?.stop();
  if (signal) mainLogger?.info('stopped');
}

// A second Ctrl-C (or a SIGTERM after it) while stopping must not end the process halfway
// through closing PGlite: that is how a data folder gets lost. Stop once; say so for the rest.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopSignal) {
      console.error(`${signal}: already stopping, please wait`);
      return;
    }
    stopSignal = signal;
    // A signal during start-up is acted on once start-up is done with what it was opening.
    if (started) void stop(signal).then(() => process.exit(0));
  });
}

main().then(
  () => {
    if (stopSignal) process.exit(0);
  },
  async (error: unknown) => {
    if (error instanceof ConfigError || error instanceof EmbeddedDatabaseError) console.error(error.message);
    else console.error(error);
    await stop().catch(() => undefined);
    process.exit(1);
  },
);
