import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import { RedisBus, connectRedis, type RedisConnection } from '@kiosk-pulse/redis';
import type { Pool } from 'pg';
import {
  COUNTS_CHANGED_CHANNEL,
  INGEST_QUEUE,
  type CountsChangedMessage,
  type IngestJobData,
} from '@kiosk-pulse/contract';
import { cityDaysOf } from '@kiosk-pulse/contract/time';
import { InjectPool, isRefusedForData } from '@kiosk-pulse/database';
import { withinTime } from '@kiosk-pulse/runtime';
import { AggregateRefresher } from './aggregate-refresher';
import { pruneEventIds, writeEvents, type WrittenEvents } from './events.repository';
import { WORKER_CONFIG, type WorkerConfig } from './ingest-writer.config';
import { recordWrite } from './ingest-writer.metrics';
import { WriteBatcher } from './write-batcher';

const SHUTDOWN_GRACE_MS = 10_000;
const FORCED_CLOSE_MS = 2_000;
// The id ledger loses a day's rows a day: pruning it hourly keeps each delete small. The first
// run waits a little, so as not to compete with a start-up.
const PRUNE_INTERVAL_MS = 3_600_000;
const FIRST_PRUNE_MS = 60_000;
const MAX_STALLS = 1_000;

/**
 * Consumes ingest jobs and writes their events to TimescaleDB in batches, many jobs per INSERT.
 * A job completes only after its batch is committed; a failed job goes back to the queue with
 * back-off (the attempts are set by the producer) and is kept in the failed set at the end.
 */
@Injectable()
export class IngestConsumer implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(IngestConsumer.name);
  private readonly batcher: WriteBatcher<IngestJobData>;
  private readonly refresher: AggregateRefresher;
  private readonly bus: RedisBus;
  private worker: Worker<IngestJobData> | undefined;
  private workerConnection: RedisConnection | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(
    @InjectPool() private readonly pool: Pool,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {
    this.batcher = new WriteBatcher(
      (jobs) => this.writeBatch(jobs),
      (job) => job.events.length,
      config.batchMaxEvents,
      config.batchMaxWaitMs,
      {
        concurrentWrites: config.writeConcurrency,
        // An undo must find the event it takes back, which an earlier batch may still be writing.
        waitsForEarlier: (job) => job.events.some((event) => event.type === 'entry_undone'),
      },
    );
    this.refresher = new AggregateRefresher(pool);
    this.bus = new RedisBus(config.redis, config.queuePrefix, 3);
  }

  async onModuleInit(): Promise<void> {
    await this.bus.connect();
    // Rows committed by a worker that died before refreshing become visible now.
    await this.refresher.refresh();
    if (this.config.refreshAggregatesInApp) {
      this.refreshTimer = setInterval(() => {
        this.refresher
          .refresh()
          .catch((error: Error) => this.logger.warn(`aggregate refresh failed: ${error.message}`));
      }, 30_000);
    }
    this.schedulePrune(FIRST_PRUNE_MS);
    this.workerConnection = connectRedis(this.config.redis, { maxRetriesPerRequest: null });
    this.worker = new Worker<IngestJobData>(INGEST_QUEUE, (job: Job<IngestJobData>) => this.batcher.add(job.data), {
      connection: this.workerConnection,
      prefix: this.config.queuePrefix,
      concurrency: this.config.concurrency,
      lockDuration: this.config.jobLockMs,
      stalledInterval: this.config.jobLockMs,
      // A job stalls when the process holding it dies (or a long embedded query holds the event
      // loop past the lock): BullMQ's default fails it on the second stall, leaving accepted
      // events unwritten after a few restarts. Writing a batch again is harmless (each event id
      // is counted once), so a stall is no reason to give a job up.
      maxStalledCount: MAX_STALLS,
    });
    this.worker.on('failed', (job, error) => {
      this.logger.warn(`job ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`);
    });
    this.worker.on('error', (error) => this.logger.error(`worker error: ${error.message}`));
  }

  /** Resolves while the worker can reach Redis; for readiness checks. */
  async pingRedis(): Promise<void> {
    await this.bus.ping();
  }

  private schedulePrune(delayMs: number): void {
    this.pruneTimer = setTimeout(() => {
      pruneEventIds(this.pool, this.config.eventMaxAgeDays)
        .then((deleted) => this.logger.debug(`id ledger pruned: ${deleted} rows`))
        .catch((error: Error) => this.logger.warn(`id ledger prune failed: ${error.message}`))
        .finally(() => {
          if (this.pruneTimer) this.schedulePrune(PRUNE_INTERVAL_MS);
        });
    }, delayMs);
    this.pruneTimer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.refreshTimer);
    clearTimeout(this.pruneTimer);
    this.pruneTimer = undefined;
    // close() waits for the jobs in hand, which settle when their batch is written. If that
    // cannot finish (Redis gone or reconnecting), stop anyway: drop the connection so blocked
    // commands fail, and do not wait on a forced close either. Unfinished jobs stall and another
    // worker takes them.
    const worker = this.worker;
    if (worker) {
      await withinTime(worker.close(), SHUTDOWN_GRACE_MS, async () => {
        this.workerConnection?.disconnect();
        await withinTime(worker.close(true), FORCED_CLOSE_MS, () => undefined);
      });
    }
    await this.batcher.flush();
    await this.refresher.idle();
    // BullMQ leaves a connection it was handed open.
    this.workerConnection?.disconnect();
    this.bus.disconnect();
  }

  private async writeBatch(jobs: IngestJobData[]): Promise<(Error | undefined)[] | void> {
    try {
      await this.afterWrite(jobs, await this.timedWrite(jobs));
    } catch (error) {
      // Unreachable, or failing for no reason of the data: the whole batch is retried later.
      if (!isRefusedForData(error) || jobs.length === 1) throw error;
      // The database refused the batch for its data: write the jobs one by one so that only
      // the bad one fails and the others are not held back with it.
      this.logger.warn(`batch of ${jobs.length} jobs refused (${(error as Error).message}); writing them singly`);
      const errors: (Error | undefined)[] = [];
      for (const job of jobs) {
        try {
          await this.afterWrite([job], await this.timedWrite([job]));
          errors.push(undefined);
        } catch (jobError) {
          errors.push(jobError as Error);
        }
      }
      return errors;
    }
  }

  private async timedWrite(jobs: IngestJobData[]): Promise<WrittenEvents> {
    const started = performance.now();
    const written = await retryOnDeadlock(() => writeEvents(this.pool, jobs));
    recordWrite(jobs, written, (performance.now() - started) / 1000);
    return written;
  }

  private async afterWrite(jobs: IngestJobData[], written: WrittenEvents): Promise<void> {
    if (written.inserted === 0 && written.undone === 0) return;
    const message: CountsChangedMessage = {
      wardCodes: [...written.wardCodes],
      days: cityDaysOf(written.occurredAt),
      acceptedAt: jobs.reduce(
        (earliest, job) => (job.receivedAt < earliest ? job.receivedAt : earliest),
        jobs[0].receivedAt,
      ),
    };
    const late = AggregateRefresher.belowWatermark(written.occurredAt);
    if (late) {
      // Rows in an already-materialized bucket show only once it is refreshed: say so again
      // then. The refresh runs apart, so writing never waits for it.
      this.refresher
        .refresh(late)
        .then(() => this.publish(message))
        .catch((error: Error) => this.logger.warn(`aggregate refresh after late events failed: ${error.message}`));
    }
    await this.publish(message);
  }

  private async publish(message: CountsChangedMessage): Promise<void> {
    await this.bus
      .publish(COUNTS_CHANGED_CHANNEL, JSON.stringify(message))
      .catch((error: Error) => this.logger.warn(`could not signal changed counts: ${error.message}`));
  }
}

const DEADLOCK_ATTEMPTS = 3;

/*
 * Two batches written at once take their row locks in the same order (writeEvents sorts them),
 * so they should never deadlock; should PostgreSQL still pick one as a deadlock's victim, it
 * rolled back whole and is written again at once rather than failing its jobs.
 */
async function retryOnDeadlock<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= DEADLOCK_ATTEMPTS || (error as { code?: string }).code !== '40P01') throw error;
    }
  }
}
