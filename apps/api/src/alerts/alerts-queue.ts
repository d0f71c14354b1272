import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { connectRedis, type RedisConnection, type RedisTarget } from '@kiosk-pulse/redis';
import { withinTime } from '@kiosk-pulse/runtime';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { REDIS_TARGET } from '../redis/redis-target';
import { AlertEvaluator, type Evaluation } from './alert-evaluator';
import { AlertSender } from './alert-sender';
import { AlertsRepository } from './alerts.repository';

export const ALERTS_QUEUE = 'alerts';
const EVALUATE_JOB = 'evaluate';
const DELIVER_JOB = 'deliver';
// One id for every api process: upserting it again replaces the schedule, so there is one.
const SCHEDULER_ID = 'alerts-evaluate';

/** Tries of one message: 1 s, 2 s, 4 s … apart, about two minutes in all before it is given up. */
export const DELIVERY_ATTEMPTS = 8;
const DELIVERY_BACKOFF_MS = 1_000;
// A pending delivery older than this has lost its job (its process died before adding it).
const LOST_DELIVERY_MS = 10 * 60_000;

type AlertJob = { deliveryId: string } | Record<string, never>;

/**
 * The alerts' queue in the api process: a job scheduler evaluates the rules every
 * ALERT_EVALUATE_EVERY_SECONDS (one job per interval, taken by one of however many api
 * processes), and each message is a job of its own, retried with exponential back-off.
 */
@Injectable()
export class AlertsQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AlertsQueue.name);
  private readonly queue: Queue<AlertJob>;
  private readonly queueConnection: RedisConnection;
  private workerConnection: RedisConnection | undefined;
  private worker: Worker<AlertJob> | undefined;

  constructor(
    @Inject(REDIS_TARGET) private readonly redis: RedisTarget,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly evaluator: AlertEvaluator,
    private readonly sender: AlertSender,
    private readonly alerts: AlertsRepository,
  ) {
    this.queueConnection = connectRedis(redis, { maxRetriesPerRequest: null });
    this.queue = new Queue<AlertJob>(ALERTS_QUEUE, { connection: this.queueConnection, prefix: config.queuePrefix });
    // While Redis is away each reconnection fails: said once, not once a second (nor on the console).
    this.queue.on('error', (error) => this.warnOnce(`alerts queue: ${error.message}`));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.waitUntilReady();
    const every = this.config.alerts.evaluateEveryMs;
    if (every > 0)
      await this.queue.upsertJobScheduler(
        SCHEDULER_ID,
        { every },
        { name: EVALUATE_JOB, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
      );
    this.workerConnection = connectRedis(this.redis, { maxRetriesPerRequest: null });
    this.worker = new Worker<AlertJob>(ALERTS_QUEUE, (job) => this.process(job), {
      connection: this.workerConnection,
      prefix: this.config.queuePrefix,
      concurrency: 4,
    });
    this.worker.on('error', (error) => this.warnOnce(`alerts worker: ${error.message}`));
  }

  private lastWarning: string | undefined;

  private warnOnce(message: string): void {
    if (message === this.lastWarning) return;
    this.lastWarning = message;
    this.logger.warn(message);
  }

  /**
   * Evaluates every rule as of `now` and queues the messages it wrote. The scheduler's job calls
   * it with the present; tests with instants of their own.
   */
  async evaluate(now: Date): Promise<Evaluation> {
    const evaluation = await this.evaluator.evaluate(now);
    await this.enqueue(evaluation.deliveries);
    return evaluation;
  }

  private async enqueue(deliveries: string[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.queue.addBulk(
      deliveries.map((deliveryId) => ({
        name: DELIVER_JOB,
        data: { deliveryId },
        opts: {
          // One job per message: adding it again (the sweep below) while it waits adds nothing.
          jobId: `delivery-${deliveryId}`,
          attempts: DELIVERY_ATTEMPTS,
          backoff: { type: 'exponential', delay: DELIVERY_BACKOFF_MS },
          removeOnComplete: true,
          removeOnFail: { age: 7 * 86_400 },
        },
      })),
    );
  }

  private async process(job: Job<AlertJob>): Promise<void> {
    if (job.name === EVALUATE_JOB) {
      const evaluation = await this.evaluate(new Date());
      if (evaluation.opened + evaluation.resolved > 0)
        this.logger.log(`alerts: ${evaluation.opened} opened, ${evaluation.resolved} resolved`);
      await this.enqueue(await this.alerts.pendingDeliveries(new Date(Date.now() - LOST_DELIVERY_MS)));
      return;
    }
    if (job.name !== DELIVER_JOB || !('deliveryId' in job.data)) return;
    const delivery = await this.alerts.delivery(job.data.deliveryId);
    // Gone with its rule, or sent already (a job added twice): nothing to do.
    if (!delivery || delivery.status !== 'pending') return;
    try {
      await this.sender.send(delivery);
      await this.alerts.recordAttempt(delivery.id, 'sent', null);
    } catch (error) {
      // A refused webhook address is not tried again: it would be refused again.
      const last = error instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await this.alerts.recordAttempt(delivery.id, last ? 'failed' : 'pending', (error as Error).message.slice(0, 500));
      throw error;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    // A close that cannot reach Redis must not hold the process open; a message being sent is
    // given its time, and one cut off is tried again by the next process (its job stalls).
    await withinTime(this.worker?.close() ?? Promise.resolve(), 15_000, () => undefined);
    await withinTime(this.queue.close(), 5_000, () => undefined);
    this.workerConnection?.disconnect();
    this.queueConnection.disconnect();
  }
}
