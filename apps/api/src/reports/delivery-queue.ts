import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Queue, Worker, type Job } from 'bullmq';
import { REPORT_SCHEDULES, SCHEDULE_PERIOD, type ReportSchedule } from '@kiosk-pulse/contract';
import type { ReportPeriodKind } from '@kiosk-pulse/contract/reports';
import { connectRedis, type RedisConnection, type RedisTarget } from '@kiosk-pulse/redis';
import { ReadAudit } from '../audit/read-audit';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { Mailer } from '../mail/mailer';
import { REDIS_TARGET } from '../redis/redis-target';
import { ReportsService } from './reports.module';
import { deliveryMessage } from './delivery-message';
import { reportPeriods } from './report-period';
import { duePeriod, SCHEDULE_CRON, SCHEDULE_TIME_ZONE } from './schedule';
import { SubscriptionsRepository, type DueSubscription } from './subscriptions.repository';

export const REPORTS_QUEUE = 'reports';

/** A schedule's run: `asOf` stands for the moment it fires (tests); unset, the moment it runs. */
interface ScheduleJob {
  schedule: ReportSchedule;
  asOf?: string;
}

interface DeliverJob {
  subscriptionId: string;
  period: ReportPeriodKind;
  start: string;
}

type ReportsJob = ScheduleJob | DeliverJob;

/** One job per subscription and period, whoever adds it: BullMQ keeps one job of an id. */
const deliverJobId = (subscriptionId: string, start: string) => `deliver_${subscriptionId}_${start}`;

/**
 * Scheduled reports, in every api process (the PDF is printed from the api's own report page):
 * BullMQ job schedulers fire each schedule in city time; the schedule's job adds one delivery
 * job per due subscription and period, under a deterministic id; the delivery job renders the
 * files, sends them and records the period as sent. Several api processes share the queue, the
 * schedulers (upserted under the same ids) and the delivery rows, so each period goes once.
 * Nothing runs when e-mail is not set up.
 */
@Injectable()
export class ReportDeliveryQueue implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(ReportDeliveryQueue.name);
  private queue: Queue<ReportsJob> | undefined;
  private worker: Worker<ReportsJob> | undefined;
  private readonly connections: RedisConnection[] = [];

  constructor(
    @Inject(REDIS_TARGET) private readonly redis: RedisTarget,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly mailer: Mailer,
    private readonly reports: ReportsService,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly reads: ReadAudit,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.mailer.enabled) return;
    const queueConnection = connectRedis(this.redis, { maxRetriesPerRequest: null });
    const workerConnection = connectRedis(this.redis, { maxRetriesPerRequest: null });
    this.connections.push(queueConnection, workerConnection);
    this.queue = new Queue<ReportsJob>(REPORTS_QUEUE, {
      connection: queueConnection,
      prefix: this.config.queuePrefix,
      defaultJobOptions: { removeOnComplete: 1_000, removeOnFail: 1_000 },
    });
    for (const schedule of REPORT_SCHEDULES) {
      await this.queue.upsertJobScheduler(
        `report-${schedule}`,
        { pattern: SCHEDULE_CRON[schedule], tz: SCHEDULE_TIME_ZONE },
        { name: 'schedule', data: { schedule } },
      );
    }
    this.worker = new Worker<ReportsJob>(REPORTS_QUEUE, (job) => this.process(job), {
      connection: workerConnection,
      prefix: this.config.queuePrefix,
      // Chromium prints one PDF at a time well; two keeps a slow one from holding up the rest.
      concurrency: 2,
      // A city report's PDF takes seconds; a minute of silence means the process is gone.
      lockDuration: 60_000,
    });
    this.worker.on('error', (error) => this.logger.error(`report worker: ${error.message}`));
  }

  /**
   * Runs a schedule as the job scheduler would, as of `asOf`: through the queue and the same
   * worker. Answers the job's id; the e-mail follows.
   */
  async trigger(schedule: ReportSchedule, asOf: Date): Promise<string> {
    this.mailer.assertEnabled();
    const job = await this.queue!.add('schedule', { schedule, asOf: asOf.toISOString() });
    return job.id as string;
  }

  /**
   * Adds a delivery job for each active subscription of `schedule` whose period ending before
   * `now` is not sent yet. Answers how many were due.
   */
  async enqueueDue(schedule: ReportSchedule, now: Date): Promise<number> {
    const due = duePeriod(schedule, now);
    let queued = 0;
    for (const subscription of await this.subscriptions.due(schedule)) {
      const delivery = await this.subscriptions.delivery(subscription.id, due.start);
      // Failed for good: an admin retries it; sent: never again.
      if (delivery.status !== 'queued') continue;
      await this.addDelivery({ subscriptionId: subscription.id, ...due });
      queued++;
    }
    this.logger.log(`${schedule} reports for the period from ${due.start}: ${queued} to send`);
    return queued;
  }

  /** A failed delivery tried again from its first attempt; false when it is not failed. */
  async retry(deliveryId: string): Promise<boolean> {
    this.mailer.assertEnabled();
    const delivery = await this.subscriptions.deliveryById(deliveryId);
    if (!delivery || !(await this.subscriptions.requeue(deliveryId))) return false;
    const jobId = deliverJobId(delivery.subscriptionId, delivery.periodStart);
    // The failed job keeps its id (and its spent attempts): it goes, and a fresh one takes its id.
    await (await this.queue!.getJob(jobId))?.remove();
    await this.addDelivery({
      subscriptionId: delivery.subscriptionId,
      period: SCHEDULE_PERIOD[delivery.schedule],
      start: delivery.periodStart,
    });
    return true;
  }

  /** A report that left by e-mail is an export of its figures, in the subscriber's name (issue 15's audit). */
  private recordExport(subscription: DueSubscription, period: ReportPeriodKind, start: string): void {
    const { current } = reportPeriods(period, start);
    const { username, role, wardCode } = subscription.subscriber;
    this.reads.record(
      { actor: `user:${username}`, role, wardCode, userId: subscription.userId, ownerId: subscription.userId },
      {
        view: 'report',
        wardCode: subscription.wardCode,
        from: new Date(current.from),
        to: new Date(current.to),
        export: 'email',
      },
    );
  }

  private async addDelivery(data: DeliverJob): Promise<void> {
    await this.queue!.add('deliver', data, {
      jobId: deliverJobId(data.subscriptionId, data.start),
      attempts: this.config.reportDelivery.attempts,
      backoff: { type: 'exponential', delay: this.config.reportDelivery.backoffMs },
    });
  }

  private async process(job: Job<ReportsJob>): Promise<unknown> {
    if ('schedule' in job.data) {
      return this.enqueueDue(job.data.schedule, job.data.asOf ? new Date(job.data.asOf) : new Date());
    }
    return this.deliver(job as Job<DeliverJob>);
  }

  private async deliver(job: Job<DeliverJob>): Promise<string> {
    const { subscriptionId, period, start } = job.data;
    const subscription = await this.subscriptions.subscription(subscriptionId);
    if (!subscription) return 'no such subscription';
    const delivery = await this.subscriptions.delivery(subscriptionId, start);
    if (delivery.status === 'sent') return 'sent already';
    if (!subscription.allowed) {
      // Cancelled (or its user locked out of the scope) after the schedule ran: nothing goes.
      await this.subscriptions.dropUnsent(delivery.id);
      return 'cancelled';
    }
    if (!(await this.subscriptions.startAttempt(delivery.id))) return 'sent already';
    try {
      const wardCode = subscription.wardCode ?? undefined;
      const files = [];
      for (const format of subscription.formats) {
        files.push(
          await this.reports.render({
            scope: subscription.scope,
            wardCode,
            period,
            start,
            language: subscription.language,
            format,
          }),
        );
      }
      const ward = wardCode ? await this.subscriptions.wardName(wardCode) : undefined;
      const message = deliveryMessage({
        scope: subscription.scope,
        wardName: ward?.[subscription.language],
        schedule: subscription.schedule,
        language: subscription.language,
        due: { period, start },
        filenames: files.map((file) => file.filename),
      });
      await this.mailer.send({
        to: [subscription.email],
        ...message,
        attachments: files.map((file) => ({
          filename: file.filename,
          content: file.body,
          contentType: file.contentType,
        })),
      });
      await this.subscriptions.markSent(
        delivery.id,
        files.reduce((sum, file) => sum + file.body.length, 0),
      );
      this.recordExport(subscription, period, start);
      return 'sent';
    } catch (error) {
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const reason = error instanceof Error ? error.message : String(error);
      await this.subscriptions.markError(delivery.id, reason, final);
      this.logger.warn(
        `report ${delivery.id} to ${subscription.email}, attempt ${job.attemptsMade + 1}: ${reason}${final ? ' (failed)' : ''}`,
      );
      throw error;
    }
  }

  /** Stops taking jobs first, letting a report being sent finish, while the mailer is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue?.close();
    await Promise.all(this.connections.map((connection) => connection.quit().catch(() => undefined)));
  }
}
