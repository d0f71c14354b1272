import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { KiosksModule } from '../kiosks/kiosks.module';
import { refuseEncodedBodies } from './content-encoding';
import { IngestController } from './ingest.controller';
import { IngestQueue } from './ingest-queue';
import { IngestService } from './ingest.service';
import { KioskUsageLimits } from './kiosk-usage-limits';
import { QueueController } from './queue.controller';

@Module({
  imports: [KiosksModule],
  controllers: [IngestController, QueueController],
  providers: [IngestService, IngestQueue, KioskUsageLimits],
  exports: [IngestQueue],
})
export class IngestModule implements OnModuleInit {
  constructor(private readonly adapter: HttpAdapterHost) {}

  onModuleInit(): void {
    refuseEncodedBodies(this.adapter.httpAdapter.getInstance<FastifyInstance>());
  }
}
