import { v7 as uuidv7 } from 'uuid';
import type { EventRejection, IngestResponse, KioskEvent } from '@kiosk-pulse/contract/events';
import type { EventStore } from './event-store';
import { DEFAULT_BACKOFF, backoffDelay, retryAfterMs, type Backoff } from './retry';

/** An event as the kiosk app reports it: the client adds its id and, unless given, the time. */
export type TrackInput = Omit<KioskEvent, 'id' | 'occurredAt'> & { occurredAt?: Date | string };

export interface KioskClientOptions {
  /** Where Kiosk Pulse runs, e.g. https://pulse.example.gov.vn */
  apiUrl: string;
  /** This kiosk's key, as `npm run kiosk -- create` printed it. */
  kioskKey: string;
  /** Where events wait until the server has them: IndexedDbEventStore in a browser, FileEventStore in Node. */
  store: EventStore;
  /** Events per POST, at most 500. Default 200. */
  batchSize?: number;
  /** How long a new event waits for others to join its batch. Default 1 s. */
  sendDelayMs?: number;
  /** How often to tell the server the kiosk is alive; 0 for never. Default 60 s. */
  heartbeatIntervalMs?: number;
  backoff?: Backoff;
  fetch?: typeof fetch;
  /** Told of each event the server refused for good (it will not be sent again). */
  onDrop?: (event: KioskEvent, reason: string) => void;
  /**
   * Told when the server refuses the key (401: the kiosk was revoked or its key rotated). The
   * client keeps every event and sends nothing more until `setKey` gives it a new key.
   */
  onKeyRefused?: () => void;
  /** The app's version, told to the server with each heartbeat (letters, digits and . - +). */
  appVersion?: string;
}

export interface KioskClientStatus {
  /** Recorded and not yet taken by the server. */
  pending: number;
  /** Taken by the server since this client started. */
  sent: number;
  /** Refused by the server for good since this client started. */
  dropped: number;
  /** Failed attempts in a row. */
  failures: number;
  /** The server refused the key: nothing is sent until `setKey`. */
  keyRefused: boolean;
  /** When the server last took a batch (epoch ms), since this client started. */
  lastSentAt: number | null;
  lastError: string | null;
  /** When the next attempt may start (epoch ms), while waiting after a failure. */
  retryAt: number | null;
}

type Outcome = 'more' | 'done' | 'retry' | 'refused';

/**
 * A kiosk's link to Kiosk Pulse. `track` keeps each event durably before it returns; the client
 * then sends what is kept in batches, and forgets an event only once the server has taken it or
 * has refused that event for good (a 4xx naming it). Anything else (no network, 429, 503, a
 * server error) keeps the events and tries again later, with exponential back-off and jitter, or
 * after the server's Retry-After. Events kept before a reload or restart go out on `start()`.
 * The server counts an event id once, so sending one twice is harmless.
 */
export class KioskClient {
  private readonly batchSize: number;
  private readonly sendDelayMs: number;
  private readonly backoff: Backoff;
  private readonly fetch: typeof fetch;
  private batchLimit: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private heartbeatDue = false;
  private sending: Promise<void> | undefined;
  private stopped = true;
  private sent = 0;
  private dropped = 0;
  private failures = 0;
  private lastError: string | null = null;
  private retryAt = 0;
  private kioskKey: string;
  private keyRefused = false;
  private lastSentAt: number | null = null;

  constructor(private readonly options: KioskClientOptions) {
    this.batchSize = Math.min(500, Math.max(1, options.batchSize ?? 200));
    this.batchLimit = this.batchSize;
    this.sendDelayMs = options.sendDelayMs ?? 1_000;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.kioskKey = options.kioskKey;
  }

  /**
   * Sends with another key from now on (the kiosk was paired again): the events kept under the
   * old key stay kept and go out with the new one, at once.
   */
  setKey(kioskKey: string): void {
    this.kioskKey = kioskKey;
    this.keyRefused = false;
    this.retryNow();
  }

  /** Ends the wait after a failure and sends now: the network is back, say. */
  retryNow(): void {
    this.failures = 0;
    this.retryAt = 0;
    this.schedule(0);
  }

  /** Begins sending: what is already kept at once, then new events and heartbeats as they come. */
  start(): void {
    this.stopped = false;
    const every = this.options.heartbeatIntervalMs ?? 60_000;
    if (every > 0) {
      this.heartbeatDue = true;
      this.heartbeat = setInterval(() => {
        this.heartbeatDue = true;
        this.schedule(0);
      }, every);
    }
    this.schedule(0);
  }

  /** Stops sending, after the attempt under way; kept events stay kept for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    this.timer = undefined;
    this.timerAt = Infinity;
    await this.sending;
  }

  /** Records an event: it is kept durably when this resolves, and sent soon after. */
  async track(input: TrackInput): Promise<KioskEvent> {
    const [event] = await this.trackAll([input]);
    return event;
  }

  /**
   * Records events together: all of them are kept when this resolves, or (the store failing)
   * none, so a visit is never kept with only some of what was done in it.
   */
  async trackAll(inputs: TrackInput[]): Promise<KioskEvent[]> {
    const events = inputs.map(({ occurredAt, ...fields }) => ({
      ...fields,
      id: newEventId(),
      occurredAt: occurredAt === undefined ? new Date().toISOString() : new Date(occurredAt).toISOString(),
    })) as KioskEvent[];
    await this.options.store.append(events);
    this.schedule(this.sendDelayMs);
    return events;
  }

  /**
   * Sends everything kept now, unless waiting after a failure; resolves when the store is
   * empty or an attempt has failed (see status()).
   */
  async flush(): Promise<void> {
    if (this.sending) await this.sending;
    this.sending = this.drain();
    await this.sending;
  }

  async status(): Promise<KioskClientStatus> {
    return {
      pending: await this.options.store.size(),
      sent: this.sent,
      dropped: this.dropped,
      failures: this.failures,
      keyRefused: this.keyRefused,
      lastSentAt: this.lastSentAt,
      lastError: this.lastError,
      retryAt: this.retryAt > Date.now() ? this.retryAt : null,
    };
  }

  /** Runs a send in `delay` ms, or when the back-off allows; an earlier run already set stands. */
  private schedule(delay: number): void {
    if (this.stopped || this.keyRefused) return;
    const at = Math.max(Date.now() + delay, this.retryAt);
    if (this.timer !== undefined && this.timerAt <= at) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      void this.flush();
    }, at - Date.now());
  }

  private async drain(): Promise<void> {
    try {
      if (Date.now() < this.retryAt) return this.schedule(0);
      for (;;) {
        const outcome = await this.sendBatch();
        if (outcome === 'done' || outcome === 'refused') return;
        if (outcome === 'retry') return this.schedule(0);
      }
    } finally {
      this.sending = undefined;
    }
  }

  private async sendBatch(): Promise<Outcome> {
    const events = await this.options.store.oldest(this.batchLimit);
    if (events.length === 0 && !this.heartbeatDue) return 'done';
    const heartbeat: KioskEvent[] = this.heartbeatDue ? [await this.heartbeatEvent()] : [];

    let response: Response;
    try {
      response = await this.fetch(`${this.options.apiUrl.replace(/\/$/, '')}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.kioskKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ sentAt: new Date().toISOString(), events: [...events, ...heartbeat] }),
      });
    } catch (error) {
      return this.failed(`network: ${(error as Error).message}`);
    }

    if (response.ok) {
      const { rejected } = (await response.json()) as IngestResponse;
      await this.forget(events, rejected);
      this.heartbeatDue = false;
      this.failures = 0;
      this.lastError = null;
      this.retryAt = 0;
      this.lastSentAt = Date.now();
      return events.length > 0 ? 'more' : 'done';
    }
    const reason = `${response.status}: ${await response.text().catch(() => '')}`.slice(0, 300);
    if (response.status === 401) {
      // Retrying cannot help: a refused key never works again. Wait for a new one.
      this.keyRefused = true;
      this.lastError = reason;
      this.options.onKeyRefused?.();
      return 'refused';
    }
    if (response.status === 400 || response.status === 413) {
      // The batch as a whole was refused: halve it until the one event at fault stands alone.
      if (events.length > 1) {
        this.batchLimit = Math.ceil(events.length / 2);
        return 'more';
      }
      if (events.length === 1) {
        await this.drop(events[0], reason);
        this.batchLimit = this.batchSize;
        return 'more';
      }
    }
    // Anything else is not the events' fault: keep them and try again later.
    return this.failed(reason, retryAfterMs(response.headers.get('retry-after'), Date.now()));
  }

  /** The kiosk is alive: with what it still holds and, when known, the app's version. */
  private async heartbeatEvent(): Promise<KioskEvent> {
    const event: KioskEvent = {
      id: newEventId(),
      type: 'heartbeat',
      occurredAt: new Date().toISOString(),
      pending: await this.options.store.size(),
    };
    if (this.options.appVersion !== undefined) event.appVersion = this.options.appVersion;
    return event;
  }

  /** The batch was taken: forgets it, dropping for good the events the server refused. */
  private async forget(events: KioskEvent[], rejected: EventRejection[]): Promise<void> {
    for (const rejection of rejected) {
      const event = events[rejection.index];
      if (event) await this.drop(event, `${rejection.code}: ${rejection.message}`, false);
    }
    await this.options.store.remove(events.map((event) => event.id));
    this.sent += events.length - rejected.filter((rejection) => rejection.index < events.length).length;
  }

  private async drop(event: KioskEvent, reason: string, remove = true): Promise<void> {
    if (remove) await this.options.store.remove([event.id]);
    this.dropped++;
    this.options.onDrop?.(event, reason);
  }

  private failed(reason: string, retryAfter?: number): Outcome {
    this.failures++;
    this.lastError = reason;
    // Up to a fifth more than Retry-After, so kiosks told the same thing do not all return at once.
    const wait =
      retryAfter === undefined ? backoffDelay(this.failures, this.backoff) : retryAfter * (1 + Math.random() / 5);
    this.retryAt = Date.now() + Math.round(wait);
    return 'retry';
  }
}

/**
 * A new event id (UUIDv7). The server refuses an id of decimal digits only (it could be a
 * personal number); about one v7 id in a few million is one by chance, so make another.
 */
function newEventId(): string {
  for (;;) {
    const id = uuidv7();
    if (!/^[\d-]+$/.test(id)) return id;
  }
}
