import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError } from '@kiosk-pulse/contract/env';
import { DatabaseModule, createPool, prepareDatabase } from '@kiosk-pulse/database';
import { loadWorkerConfig } from './config';
import { WorkerModule } from './worker.module';

/** The worker on its own, against a real TimescaleDB (DATABASE_URL). */
async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const pool = createPool(config.databaseUrl, {
    max: config.databasePool.size,
    idleMs: config.databasePool.idleMs,
    applicationName: 'kiosk-pulse-worker',
  });
  await prepareDatabase(pool);

  @Module({ imports: [DatabaseModule.forPool(pool), WorkerModule.register(config)] })
  class WorkerAppModule {}

  const app = await NestFactory.createApplicationContext(WorkerAppModule);
  app.enableShutdownHooks();
  Logger.log('worker consuming the ingest queue', 'Worker');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
