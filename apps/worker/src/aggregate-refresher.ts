import { Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { cityDayStart, cityHourStart } from '@kiosk-pulse/contract';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Past the 30-day late-event limit, as the refresh policies in the migrations are.
const HOURLY_WINDOW = 32 * DAY;
const DAILY_WINDOW = 33 * DAY;

/**
 * Materializes the continuous aggregates up to the start of the open hour and day, never
 * into them: a materialized open bucket would hide rows that still arrive for it.
 *
 * Called after a write that added events to an already-closed hour (a kiosk that was offline),
 * since real-time aggregation reads raw rows only above the watermark and those rows are below
 * it; and on a timer where the database runs no refresh policies of its own (the embedded one).
 * Refreshing a wide window is cheap: TimescaleDB recomputes only the invalidated buckets.
 */
export class AggregateRefresher {
  private readonly logger = new Logger(AggregateRefresher.name);
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly pool: Pool) {}

  /** True when some of these event times fall in an hour that has already closed. */
  static touchesClosedHours(occurredAt: Date[], now = Date.now()): boolean {
    const openHour = cityHourStart(now).getTime();
    return occurredAt.some((time) => time.getTime() < openHour);
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
    const hourEnd = cityHourStart(now);
    const dayEnd = cityDayStart(now);
    const started = performance.now();
    await this.pool.query(`CALL refresh_continuous_aggregate('events_hourly', $1::timestamptz, $2::timestamptz)`, [
      new Date(hourEnd.getTime() - HOURLY_WINDOW),
      hourEnd,
    ]);
    await this.pool.query(`CALL refresh_continuous_aggregate('events_daily', $1::timestamptz, $2::timestamptz)`, [
      new Date(dayEnd.getTime() - DAILY_WINDOW),
      dayEnd,
    ]);
    this.logger.debug(`aggregates refreshed in ${Math.round(performance.now() - started)} ms`);
  }
}
