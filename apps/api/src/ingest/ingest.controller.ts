import {
  BadRequestException,
  Controller,
  Headers,
  HttpCode,
  Inject,
  Logger,
  Post,
  Body,
  UnauthorizedException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import {
  checkKioskEvent,
  cityDayStart,
  envelopeProblem,
  nextCityDayStart,
  type Envelope,
  type EventRejection,
  type IngestResponse,
  type KioskEvent,
} from '@kiosk-pulse/contract';
import { bearerToken } from '../auth/bearer';
import { Public } from '../auth/decorators';
import { RateLimits } from '../auth/rate-limits';
import { API_CONFIG, type ApiConfig } from '../config';
import { RetryLaterException } from '../http/http-exception.filter';
import { KioskAuthenticator } from '../kiosks/kiosk-authenticator';
import { KiosksRepository } from '../kiosks/kiosks.repository';
import { checkEventTime, type EventWindow } from './event-window';
import { IngestQueue, QueueFullError } from './ingest-queue';
import { acceptedEvents, rejectedEvents } from './ingest.metrics';
import { KioskUsageLimits } from './kiosk-usage-limits';

// Long enough for the workers to make headway.
const QUEUE_FULL_RETRY_SECONDS = 30;

const OVER_LIMIT = new Set<string>(['kiosk_rate_exceeded', 'kiosk_daily_limit_exceeded']);

/** POST /api/v1/events: kiosks post batches of anonymous usage events here, with their own key. */
@Controller('api/v1')
@Public()
export class IngestController {
  private readonly logger = new Logger(IngestController.name);
  private readonly window: EventWindow;
  private today: { start: number; end: number } | undefined;

  constructor(
    private readonly authenticator: KioskAuthenticator,
    private readonly queue: IngestQueue,
    private readonly kiosks: KiosksRepository,
    private readonly limits: RateLimits,
    private readonly usageLimits: KioskUsageLimits,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.window = { maxFutureMs: config.eventMaxFutureMs, maxAgeMs: config.eventMaxAgeMs };
  }

  @Post('events')
  @HttpCode(202)
  async ingest(
    @Headers('authorization') authorization: string | undefined,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
  ): Promise<IngestResponse> {
    // Fastify reads text/plain too; kiosks speak JSON only.
    if (!isJson(contentType)) throw new UnsupportedMediaTypeException('send the batch as application/json');
    const kiosk = await this.authenticator.authenticate(bearerToken(authorization));
    if (!kiosk) throw new UnauthorizedException('a valid kiosk key is required (Authorization: Bearer <kiosk key>)');
    await this.limits.ingestPost(kiosk.id);
    const problem = envelopeProblem(body);
    if (problem) throw new BadRequestException(problem);

    const { sentAt, events } = body as Envelope;
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

const isJson = (contentType: string | undefined): boolean => /^application\/json\s*(;|$)/i.test(contentType ?? '');
