import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EventRejection, IngestResponse, KioskEvent } from '@kiosk-pulse/contract';
import { cityDayStart, nextCityDayStart } from '@kiosk-pulse/contract/time';
import { checkKioskEvent, type Envelope } from '@kiosk-pulse/contract/validation';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { RetryLaterException } from '../http/exceptions';
import { KiosksRepository, type ActiveKiosk } from '../kiosks/kiosks.repository';
import { checkEventTime, type EventWindow } from './event-window';
import { IngestQueue, QueueFullError } from './ingest-queue';
import { acceptedEvents, rejectedEvents } from './ingest.metrics';
import { KioskUsageLimits } from './kiosk-usage-limits';

// Long enough for the workers to make headway.
const QUEUE_FULL_RETRY_SECONDS = 30;

const OVER_LIMIT = new Set<string>(['kiosk_rate_exceeded', 'kiosk_daily_limit_exceeded']);

/**
 * Takes a kiosk's batch once the kiosk is known and its envelope well formed: checks each event
 * (its schema, its time), counts it against the kiosk's usage limits, queues the accepted ones
 * and notes the rejected ones for the fleet page. A batch the queue cannot take is refused whole
 * with a 503 (RetryLaterException), its usage given back, so the kiosk sends it again.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);
  private readonly window: EventWindow;
  private today: { start: number; end: number } | undefined;

  constructor(
    private readonly queue: IngestQueue,
    private readonly kiosks: KiosksRepository,
    private readonly usageLimits: KioskUsageLimits,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.window = { maxFutureMs: config.eventMaxFutureMs, maxAgeMs: config.eventMaxAgeMs };
  }

  /** Which of the batch's events were accepted (queued) and why the others were not. */
  async take(kiosk: ActiveKiosk, { sentAt, events }: Envelope): Promise<IngestResponse> {
    const receivedAt = Date.now();
    const checked: { index: number; event: KioskEvent; at: number }[] = [];
    let rejected: EventRejection[] = [];
    events.forEach((value, index) => {
      const check = checkKioskEvent(value, index);
      if (!check.ok) return void rejected.push(check.rejection);
      const at = Date.parse(check.event.occurredAt);
      const rejection = checkEventTime(at, index, receivedAt, this.window);
      if (rejection) rejected.push(rejection);
      else checked.push({ index, event: check.event, at });
    });

    let accepted = checked;
    let giveBack: (() => Promise<void>) | undefined;
    if (checked.length > 0) {
      // A kiosk told to come back later sends the same events again: count them only once queued.
      await this.requireRoom();
      const usage = checked.filter(({ event }) => event.type !== 'heartbeat');
      const limited = await this.usageLimits.check(kiosk.id, usage).catch((error: Error) => {
        this.logger.warn(`could not count kiosk ${kiosk.id}'s events: ${error.message}`);
        throw new RetryLaterException('the event queue is unavailable; keep the events and retry', 5);
      });
      giveBack = limited.giveBack;
      if (limited.refused.length > 0) {
        const refused = new Set(limited.refused.map((rejection) => rejection.index));
        accepted = checked.filter(({ index }) => !refused.has(index));
        rejected = [...rejected, ...limited.refused].sort((a, b) => a.index - b.index);
      }
    }

    if (accepted.length > 0) {
      const lateBefore = this.lateBefore(receivedAt);
      const lateIds = accepted.filter(({ event, at }) => at < lateBefore && event.type !== 'heartbeat');
      try {
        await this.queue.enqueue({
          kioskId: kiosk.id,
          wardCode: kiosk.wardCode,
          receivedAt: new Date(receivedAt).toISOString(),
          clockOffsetMs: clockOffset(sentAt, receivedAt),
          events: accepted.map(({ event }) => event),
          ...(lateIds.length > 0 ? { lateIds: lateIds.map(({ event }) => event.id) } : {}),
        });
      } catch (error) {
        await giveBack?.().catch(() => undefined);
        throw this.retryLater(error, accepted.length);
      }
      acceptedEvents.inc(accepted.length);
    }
    // Only once the batch is taken: a batch answered 503 comes again, with the same rejections.
    for (const rejection of rejected) rejectedEvents.inc({ code: rejection.code });
    if (rejected.length > 0) {
      // For the fleet page: which kiosks send what cannot be counted, and why. The batch is
      // queued by now, so a database out of reach costs the fleet's figures, not a 5xx.
      const last = rejected[rejected.length - 1];
      const overLimit = rejected.filter((rejection) => OVER_LIMIT.has(rejection.code)).length;
      await this.kiosks
        .recordRejected(kiosk.id, rejected.length, last, overLimit)
        .catch((error: Error) => this.logger.warn(`could not record kiosk ${kiosk.id}'s rejections: ${error.message}`));
    }
    return { accepted: accepted.length, rejected };
  }

  private async requireRoom(): Promise<void> {
    let room: boolean;
    try {
      room = (await this.queue.hasRoom()).room;
    } catch (error) {
      throw this.retryLater(error, 0);
    }
    if (!room) throw this.retryLater(new QueueFullError(), 0);
  }

  private retryLater(error: unknown, events: number): RetryLaterException {
    if (error instanceof QueueFullError) {
      return new RetryLaterException('the event queue is full; keep the events and retry', QUEUE_FULL_RETRY_SECONDS);
    }
    this.logger.warn(`could not enqueue ${events} events: ${(error as Error).message}`);
    return new RetryLaterException('the event queue is unavailable; keep the events and retry', 5);
  }

  /**
   * Events before this instant are late: from a city day before the one the batch arrived on
   * (the day's figures may already have been read and reported), or older than
   * EVENT_LATE_AFTER_HOURS when that is set.
   */
  private lateBefore(receivedAt: number): number {
    if (this.config.lateEventAfterMs !== null) return receivedAt - this.config.lateEventAfterMs;
    if (!this.today || receivedAt >= this.today.end) {
      this.today = { start: cityDayStart(receivedAt).getTime(), end: nextCityDayStart(receivedAt).getTime() };
    }
    return this.today.start;
  }
}

/** Server receive time minus the kiosk's send time, or null when the kiosk gave none we can read. */
function clockOffset(sentAt: string | undefined, receivedAt: number): number | null {
  const sent = sentAt === undefined ? NaN : Date.parse(sentAt);
  return Number.isNaN(sent) ? null : receivedAt - sent;
}
