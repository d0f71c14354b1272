import { Module } from '@nestjs/common';
import { KiosksModule } from '../kiosks/kiosks.module';
import { IngestController } from './ingest.controller';
import { IngestQueue } from './ingest-queue';

@Module({ imports: [KiosksModule], controllers: [IngestController], providers: [IngestQueue] })
export class IngestModule {}
