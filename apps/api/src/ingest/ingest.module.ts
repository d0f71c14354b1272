import { Module } from '@nestjs/common';
import { KiosksModule } from '../kiosks/kiosks.module';
import { IngestController } from './ingest.controller';
import { IngestQueue } from './ingest-queue';
import { QueueController } from './queue.controller';

@Module({
  imports: [KiosksModule],
  controllers: [IngestController, QueueController],
  providers: [IngestQueue],
  exports: [IngestQueue],
})
export class IngestModule {}
