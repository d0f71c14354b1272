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
  envelopeProblem,
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

// Long enough for the workers to make headway.
const QUEUE_FULL_RETRY_SECONDS = 30;

/** POST /api/v1/events: kiosks post batches of anonymous usage events here, with their own key. */
@Controller('api/v1')
@Public()
export class IngestController {
  private readonly logger = new Logger(IngestController.name);
  private readonly window: EventWindow;

  constructor(
    private readonly authenticator: KioskAuthenticator,
    private readonly queue: IngestQueue,
    private readonly kiosks: KiosksRepository,
    private readonly limits: RateLimits,
    @Inject(API_CONFIG) config: ApiConfig,
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
    const accepted: KioskEvent[] = [];
    const rejected: EventRejection[] = [];
    events.forEach((value, index) => {
      const check = checkKioskEvent(value, index);
      const rejection = check.ok ? checkEventTime(check.event, index, receivedAt, this.window) : check.rejection;
      if (rejection) rejected.push(rejection);
      else if (check.ok) accepted.push(check.event);
    });

    for (const rejection of rejected) rejectedEvents.inc({ code: rejection.code });
    if (rejected.length > 0) {
      // For the fleet page: which kiosks send what cannot be counted, and why.
      await this.kiosks.recordRejected(kiosk.id, rejected.length, rejected[rejected.length - 1].message);
    }
    if (accepted.length > 0) {
      try {
        await this.queue.enqueue({
          kioskId: kiosk.id,
          wardCode: kiosk.wardCode,
          receivedAt: new Date(receivedAt).toISOString(),
          clockOffsetMs: clockOffset(sentAt, receivedAt),
          events: accepted,
        });
      } catch (error) {
        if (error instanceof QueueFullError) {
          throw new RetryLaterException('the event queue is full; keep the events and retry', QUEUE_FULL_RETRY_SECONDS);
        }
        this.logger.warn(`could not enqueue ${accepted.length} events: ${(error as Error).message}`);
        throw new RetryLaterException('the event queue is unavailable; keep the events and retry', 5);
      }
      acceptedEvents.inc(accepted.length);
    }
    return { accepted: accepted.length, rejected };
  }
}

/** Server receive time minus the kiosk's send time, or null when the kiosk gave none we can read. */
function clockOffset(sentAt: string | undefined, receivedAt: number): number | null {
  const sent = sentAt === undefined ? NaN : Date.parse(sentAt);
  return Number.isNaN(sent) ? null : receivedAt - sent;
}

const isJson = (contentType: string | undefined): boolean => /^application\/json\s*(;|$)/i.test(contentType ?? '');
