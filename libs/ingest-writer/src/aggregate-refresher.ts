import { Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { refreshAggregates } from '@kiosk-pulse/database';

const MINUTE = 60_000;
// Past the 30-day late-event limit, as the refresh policies in the migrations are.
const WINDOW = '33 days';

// Late events come all the time under load (a batch straddling a minute): refresh at most this often.
const MIN_GAP_MS = 1_000;

const minuteStart = (time: number): Date => new Date(Math.floor(time / MINUTE) * MINUTE);

/**
 * Materializes the continuous aggregates up to the start of their open bucket (see
 * refreshAggregates).
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

  /**
   * Refreshes now, or after the refresh under way (at least MIN_GAP_MS after it started);
   * callers in the meantime share that one run.
   */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          const started = Date.now();
          await this.refreshClosedBuckets();
          if (this.again) await new Promise((resolve) => setTimeout(resolve, started + MIN_GAP_MS - Date.now()));
        } while (this.again);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Resolves when no refresh is running (errors are the callers'). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async refreshClosedBuckets(): Promise<void> {
    const started = performance.now();
    await refreshAggregates(this.pool, WINDOW);
    this.logger.debug(`aggregates refreshed in ${Math.round(performance.now() - started)} ms`);
  }
}
