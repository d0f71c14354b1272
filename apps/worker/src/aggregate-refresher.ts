import { Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { cityDayStart, cityHourStart } from '@kiosk-pulse/contract';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
// Past the 30-day late-event limit, as the refresh policies in the migrations are.
const WINDOW = 33 * DAY;

const CONCURRENT_REFRESH_ATTEMPTS = 30;

const minuteStart = (time: number): Date => new Date(Math.floor(time / MINUTE) * MINUTE);

/**
 * Materializes the continuous aggregates (minute, then hour, then city day) up to the start
 * of their open bucket, never into it: a materialized open bucket would hide rows that still
 * arrive for it.
 *
 * Called after a write that added events to an already-closed minute (a kiosk that was
 * offline), since real-time aggregation reads raw rows only above the watermark and those rows
 * are below it; and on a timer where the database runs no refresh policies of its own (the
 * embedded one). A wide window is cheap: TimescaleDB recomputes only invalidated buckets.
 */
export class AggregateRefresher {
  private readonly logger = new Logger(AggregateRefresher.name);
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly pool: Pool) {}

  /** True when some of these event times fall in a minute that has already closed. */
  static touchesClosedBuckets(occurredAt: Date[], now = Date.now()): boolean {
    const openMinute = minuteStart(now).getTime();
    return occurredAt.some((time) => time.getTime() < openMinute);
  }

  /** Refreshes now, or right after the refresh under way; concurrent callers share one run. */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.refreshClosedBuckets();
        } while (this.again);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private async refreshClosedBuckets(): Promise<void> {
    const now = Date.now();
    const started = performance.now();
    // Lower tiers first: each tier is computed from the materialized tier below it.
    for (const [view, end] of [
      ['events_minutely', minuteStart(now)],
      ['events_hourly', cityHourStart(now)],
      ['events_daily', cityDayStart(now)],
    ] as const) {
      await this.refreshOne(view, new Date(end.getTime() - WINDOW), end);
    }
    this.logger.debug(`aggregates refreshed in ${Math.round(performance.now() - started)} ms`);
  }

  /**
   * On a real TimescaleDB a refresh policy may be refreshing the same aggregate; TimescaleDB then
   * refuses a second refresh, and this one waits for it rather than leave late events unseen.
   */
  private async refreshOne(view: string, from: Date, to: Date): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.pool.query(`CALL refresh_continuous_aggregate($1::regclass, $2::timestamptz, $3::timestamptz)`, [
          view,
          from,
          to,
        ]);
        return;
      } catch (error) {
        if (attempt >= CONCURRENT_REFRESH_ATTEMPTS || !/concurrent refresh/.test((error as Error).message)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }
}
