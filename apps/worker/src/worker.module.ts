import { Module, type DynamicModule } from '@nestjs/common';
import { WORKER_CONFIG, type WorkerConfig } from './config';
import { IngestConsumer } from './ingest-consumer';

/** The queue consumer. Runs as its own process, or inside the api process on the embedded database. */
@Module({})
export class WorkerModule {
  static register(config: WorkerConfig): DynamicModule {
    return { module: WorkerModule, providers: [{ provide: WORKER_CONFIG, useValue: config }, IngestConsumer] };
  }
}
