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
import { deliveryMessage, deliveryMessageId } from './delivery-message';
import { reportPeriods } from './report-period';
import { ReportRunFiles } from './report-run-files';
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
  /** Written once the SMTP server accepted the message: a later attempt records it, sends nothing. */
  accepted?: { messageId: string; bytes: number };
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
    private readonly files: ReportRunFiles,
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
        { name: 'schedule', data: { schedule }, opts: this.scheduleJobOptions() },
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
    const job = await this.queue!.add('schedule', { schedule, asOf: asOf.toISOString() }, this.scheduleJobOptions());
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
    const resumed = await this.resumeStranded(schedule, due.start);
    this.logger.log(
      `${schedule} reports for the period from ${due.start}: ${queued} to send` +
        (resumed > 0 ? `; ${resumed} of earlier periods resumed` : ''),
    );
    return queued;
  }

  /**
   * Deliveries of this schedule's earlier periods still 'queued' with no job left to send them
   * go again, late rather than never: a process that died between writing the row and adding
   * its job, a job BullMQ failed for stalling (its process died twice in it), or one whose
   * failure could not be written. A job still waiting or running is left to it.
   */
  private async resumeStranded(schedule: ReportSchedule, before: string): Promise<number> {
    let resumed = 0;
    for (const delivery of await this.subscriptions.queuedBefore(schedule, before)) {
      const jobId = deliverJobId(delivery.subscriptionId, delivery.periodStart);
      const job = (await this.queue!.getJob(jobId)) as Job<DeliverJob> | undefined;
      const state = job ? await job.getState() : 'unknown';
      if (!['completed', 'failed', 'unknown'].includes(state)) continue;
      await job?.remove();
      await this.addDelivery({
        subscriptionId: delivery.subscriptionId,
        period: SCHEDULE_PERIOD[schedule],
        start: delivery.periodStart,
        ...(job?.data.accepted && { accepted: job.data.accepted }),
      });
      resumed++;
    }
    return resumed;
  }

  /** A failed delivery tried again from its first attempt; false when it is not failed. */
  async retry(deliveryId: string): Promise<boolean> {
    this.mailer.assertEnabled();
    const delivery = await this.subscriptions.deliveryById(deliveryId);
    if (!delivery || !(await this.subscriptions.requeue(deliveryId))) return false;
    const jobId = deliverJobId(delivery.subscriptionId, delivery.periodStart);
    // The failed job keeps its id (and its spent attempts): it goes, and a fresh one takes its id,
    // with what the old one knew of a message the server accepted (then it records, not sends).
    const failed = (await this.queue!.getJob(jobId)) as Job<DeliverJob> | undefined;
    await failed?.remove();
    await this.addDelivery({
      subscriptionId: delivery.subscriptionId,
      period: SCHEDULE_PERIOD[delivery.schedule],
      start: delivery.periodStart,
      ...(failed?.data.accepted && { accepted: failed.data.accepted }),
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

  /**
   * A schedule's job is tried again when it fails part way (the database or Redis away a
   * moment): the period's next firing is a period later, and a subscription it had not reached
   * would not get this one at all. Running it again adds nothing twice (the delivery rows and
   * the jobs' ids are the period's).
   */
  private scheduleJobOptions() {
    return {
      attempts: this.config.reportDelivery.attempts,
      backoff: { type: 'exponential' as const, delay: this.config.reportDelivery.backoffMs },
    };
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

  /*
   * At least once, not at most once. The one window where a report can go twice is between the
   * SMTP server's 250 and the delivery's row saying 'sent': a database error or a dead process
   * there, and BullMQ's retry sends again. Closing it the other way (a row claimed as 'sending'
   * before SMTP, never sent again) would lose the report whenever the process died before the
   * server had it, with no one told; a report missed is worse than a copy. So:
   * - the message's Message-ID is its subscription's and period's (deliveryMessageId), the same
   *   on every attempt, and a retry within KEEP_MS carries the same files (ReportRunFiles), so a
   *   mail system that keeps ids drops the second copy as the message it has;
   * - the server's acceptance is written to the job in Redis before the row in Postgres: when
   *   the row's update fails, the retry finds it there and records the sending, sending nothing;
   * - a row that says 'sent' sends nothing (startAttempt too, against another process's run).
   * Only a process dying between the 250 and the job's update (milliseconds) sends a second copy.
   */
  private async deliver(job: Job<DeliverJob>): Promise<string> {
    const { subscriptionId, period, start, accepted } = job.data;
    const subscription = await this.subscriptions.subscription(subscriptionId);
    if (!subscription) return 'no such subscription';
    const delivery = await this.subscriptions.delivery(subscriptionId, start);
    if (delivery.status === 'sent') return 'sent already';
    if (accepted) {
      // The server took it on an earlier attempt, whose record of it failed.
      await this.subscriptions.markSent(delivery.id, accepted.bytes);
      this.recordExport(subscription, period, start);
      return 'sent (accepted before)';
    }
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
          await this.files.file({
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
      const sent = await this.mailer.send({
        to: [subscription.email],
        ...message,
        messageId: deliveryMessageId(subscriptionId, start, this.config.mail?.from ?? ''),
        attachments: files.map((file) => ({
          filename: file.filename,
          content: file.body,
          contentType: file.contentType,
        })),
      });
      const bytes = files.reduce((sum, file) => sum + file.body.length, 0);
      await job.updateData({ ...job.data, accepted: { messageId: sent.messageId, bytes } });
      await this.subscriptions.markSent(delivery.id, bytes);
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
