import { Inject, Injectable, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { INGEST_JOB, INGEST_QUEUE, withinTime, type IngestJobData } from '@kiosk-pulse/contract';
import { API_CONFIG, type ApiConfig } from '../config';
import { REDIS_URL } from '../redis/redis-url';

/**
 * The producer side of the ingest queue. Commands fail fast when Redis is unreachable
 * (no offline queue), so a kiosk hears 503 and keeps its events instead of waiting.
 */
@Injectable()
export class IngestQueue implements OnModuleInit, BeforeApplicationShutdown {
  private readonly queue: Queue<IngestJobData>;
  private readonly connection: Redis;

  constructor(
    @Inject(REDIS_URL) redisUrl: string,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.connection = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.queue = new Queue<IngestJobData>(INGEST_QUEUE, {
      connection: this.connection,
      prefix: config.queuePrefix,
      defaultJobOptions: {
        attempts: config.jobAttempts,
        backoff: { type: 'exponential', delay: 1_000 },
        removeOnComplete: true,
        // Failed jobs are kept, with their error, for an operator to see and retry.
        removeOnFail: false,
      },
    });
  }

  async onModuleInit(): Promise<void> {
    await this.queue.waitUntilReady();
  }

  /** Resolves once Redis has acknowledged the job; rejects when it cannot within the timeout. */
  async enqueue(data: IngestJobData): Promise<void> {
    await withinTime(this.queue.add(INGEST_JOB, data), this.config.enqueueTimeoutMs, () => {
      throw new Error('enqueue timed out');
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    // A close that cannot reach Redis must not hold the process open.
    await withinTime(this.queue.close(), 5_000, () => undefined);
    // BullMQ leaves a connection it was handed open.
    this.connection.disconnect();
  }
}
