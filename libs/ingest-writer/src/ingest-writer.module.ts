import { Module, type DynamicModule } from '@nestjs/common';
import { IngestConsumer } from './ingest-consumer';
import { WORKER_CONFIG, type WorkerConfig } from './ingest-writer.config';

/**
 * The queue consumer that writes accepted events to TimescaleDB. apps/worker hosts it as a
 * process of its own; the api hosts it in its own process on the embedded database. Either host
 * provides the database pool (DatabaseModule).
 */
@Module({})
export class IngestWriterModule {
  static register(config: WorkerConfig): DynamicModule {
    return { module: IngestWriterModule, providers: [{ provide: WORKER_CONFIG, useValue: config }, IngestConsumer] };
  }
}
