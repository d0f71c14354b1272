import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { collectDefaultMetrics } from 'prom-client';
import { ConfigError } from '@kiosk-pulse/runtime';
import { createLogger, NestPinoLogger } from '@kiosk-pulse/logging';
import { DatabaseModule, checkDatabaseUrl, createPool, prepareDatabase } from '@kiosk-pulse/database';
import { IngestConsumer, IngestWriterModule, loadWorkerConfig } from '@kiosk-pulse/ingest-writer';
import { startWorkerHttp } from './worker-http';

/**
 * The worker on its own, against a real TimescaleDB (DATABASE_URL). With `--migrate` it only
 * brings the database up to date and exits: docker compose runs that once before the api and
 * workers start (they would each do it too, one at a time under a lock).
 */
async function main(): Promise<void> {
  const config = loadWorkerConfig();
  await checkDatabaseUrl(config.databaseUrl, (problem) => new ConfigError([problem]));
  const pool = createPool(config.databaseUrl, {
    max: config.databasePool.size,
    idleMs: config.databasePool.idleMs,
    applicationName: 'kiosk-pulse-worker',
  });
  const { applied, wards } = await prepareDatabase(pool);
  if (process.argv.includes('--migrate')) {
    createLogger(config.logLevel).info({ migrationsApplied: applied, wards }, 'database ready');
    await pool.end();
    return;
  }

  @Module({
    imports: [DatabaseModule.forPool(pool), IngestWriterModule.register(config)],
  })
  class WorkerAppModule {}

  const app = await NestFactory.createApplicationContext(WorkerAppModule, { bufferLogs: true });
  app.useLogger(new NestPinoLogger(createLogger(config.logLevel)));
  app.enableShutdownHooks();
  collectDefaultMetrics();
  const consumer = app.get(IngestConsumer);
  const http = await startWorkerHttp(config.httpPort, {
    database: () => pool.query('SELECT 1'),
    redis: () => consumer.pingRedis(),
  });
  Logger.log(`worker consuming the ingest queue; /metrics and /health on port ${http.port}`, 'Worker');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
