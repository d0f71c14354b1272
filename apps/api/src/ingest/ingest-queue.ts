import { Inject, Injectable, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import { connectRedis, type RedisConnection, type RedisTarget } from '@kiosk-pulse/redis';
import { INGEST_JOB, INGEST_QUEUE, type IngestJobData, type QueueHealth } from '@kiosk-pulse/contract';
import { withinTime } from '@kiosk-pulse/runtime';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { REDIS_TARGET } from '../redis/redis-target';
import { observeQueue, type QueueReadings } from './queue.metrics';

/** The queue holds as many jobs as it may: the kiosk should keep its events and come back later. */
export class QueueFullError extends Error {}

// How long a reading of the queue's depth stands, so a busy api asks Redis a few times a second at most.
const DEPTH_READING_MS = 250;

/**
 * The producer side of the ingest queue. Commands fail fast when Redis is unreachable
 * (no offline queue), so a kiosk hears 503 and keeps its events instead of waiting. Past
 * INGEST_MAX_QUEUE_DEPTH waiting jobs (the workers are behind, or stopped) it takes no more,
 * rather than let Redis run out of memory.
 */
@Injectable()
export class IngestQueue implements OnModuleInit, BeforeApplicationShutdown, QueueReadings {
  private readonly queue: Queue<IngestJobData>;
  private readonly connection: RedisConnection;
  private depth: { jobs: number; readAt: number } | undefined;

  constructor(
    @Inject(REDIS_TARGET) redis: RedisTarget,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.connection = connectRedis(redis, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
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
    observeQueue(this);
  }

  /**
   * Resolves once Redis has acknowledged the job; rejects with QueueFullError when the queue
   * is full, and with another error when Redis cannot take it within the timeout.
   */
  async enqueue(data: IngestJobData): Promise<void> {
    await withinTime(this.add(data), this.config.enqueueTimeoutMs, () => {
      throw new Error('enqueue timed out');
    });
  }

  private async add(data: IngestJobData): Promise<void> {
    if (!(await this.hasRoom()).room) throw new QueueFullError();
    await this.queue.add(INGEST_JOB, data);
    if (this.depth) this.depth.jobs++;
  }

  /**
   * Whether a POST may queue another job: fewer than INGEST_MAX_QUEUE_DEPTH jobs wait (to run
   * now or after a back-off). The backpressure on POST and the readiness check both ask this;
   * a POST takes a reading up to `maxAgeMs` old, so a busy api asks Redis a few times a second.
   */
  async hasRoom(maxAgeMs = DEPTH_READING_MS): Promise<{ room: boolean; waiting: number; limit: number }> {
    if (!this.depth || Date.now() - this.depth.readAt >= maxAgeMs) {
      const counts = await this.queue.getJobCounts('wait', 'prioritized', 'delayed');
      this.depth = { jobs: Object.values(counts).reduce((sum, count) => sum + count, 0), readAt: Date.now() };
    }
    const limit = this.config.maxQueueDepth;
    return { room: this.depth.jobs < limit, waiting: this.depth.jobs, limit };
  }

  async jobCounts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('wait', 'active', 'delayed', 'failed');
  }

  async oldestWaitingAgeMs(): Promise<number> {
    const [oldest] = await this.queue.getJobs(['wait'], 0, 0, true);
    return oldest ? Math.max(0, Date.now() - oldest.timestamp) : 0;
  }

  /** How many jobs wait, run and failed for good, with the newest failed ones and their errors. */
  async health(failedLimit: number): Promise<QueueHealth> {
    const counts = await this.jobCounts();
    const failed = await this.queue.getFailed(0, failedLimit - 1);
    return {
      waiting: counts.wait ?? 0,
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
      failedJobs: failed.map((job) => ({
        id: job.id as string,
        kioskId: job.data.kioskId,
        wardCode: job.data.wardCode,
        events: job.data.events.length,
        receivedAt: job.data.receivedAt,
        attempts: job.attemptsMade,
        failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
        error: job.failedReason,
      })),
    };
  }

  /** Puts a failed job back in line; false when there is no failed job with that id. */
  async retryFailed(id: string): Promise<boolean> {
    const job = await this.queue.getJob(id);
    if (!job || !(await job.isFailed())) return false;
    await job.retry('failed');
    return true;
  }

  async beforeApplicationShutdown(): Promise<void> {
    // A close that cannot reach Redis must not hold the process open.
    await withinTime(this.queue.close(), 5_000, () => undefined);
    // BullMQ leaves a connection it was handed open.
    this.connection.disconnect();
  }
}
