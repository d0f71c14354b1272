export { IngestWriterModule } from './ingest-writer.module';
export { IngestConsumer } from './ingest-consumer';
export { WORKER_SETTINGS, loadWorkerConfig, type WorkerConfig } from './ingest-writer.config';
