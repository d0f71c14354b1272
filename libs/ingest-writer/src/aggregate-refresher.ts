import { Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { MATERIALIZATION_LAG_MS, refreshAggregates } from '@kiosk-pulse/database';

const MINUTE = 60_000;
// Past the 30-day late-event limit, as the refresh policies in the migrations are.
const WINDOW = '33 days';

// A kiosk back online sends its backlog in many batches: refresh at most this often, each run
// taking in every late event written since the last.
const MIN_GAP_MS = 2_000;

/**
 * Materializes the continuous aggregates up to the buckets that closed a minute ago (see
 * refreshAggregates).
 *
 * Called after a write that added events below the watermark (a kiosk that was offline for
 * more than a minute), since real-time aggregation reads raw rows only above it; the run then
 * starts at the earliest such event, so it calls only the aggregates whose closed buckets it
 * touched. And on a timer where the database runs no refresh policies of its own (the embedded
 * one), over the whole late-event window.
 */
export class AggregateRefresher {
  private readonly logger = new Logger(AggregateRefresher.name);
  private running: Promise<void> | undefined;
  /** What the next run must cover: from this time, or the whole window (null); nothing when undefined. */
  private due: Date | null | undefined;

  constructor(private readonly pool: Pool) {}

  /**
   * The earliest of these event times that may lie below the watermark, which moves a minute
   * behind the clock; undefined when all of them show without a refresh.
   */
  static belowWatermark(occurredAt: Date[], now = Date.now()): Date | undefined {
    const watermarkAtMost = Math.floor(now / MINUTE) * MINUTE - MATERIALIZATION_LAG_MS;
    let earliest: Date | undefined;
    for (const time of occurredAt) {
      if (time.getTime() < watermarkAtMost && (!earliest || time < earliest)) earliest = time;
    }
    return earliest;
  }

  /**
   * Refreshes from `since` (the whole window without it) now, or after the run under way (at
   * least MIN_GAP_MS after it started); callers in the meantime share that one run.
   */
  refresh(since?: Date): Promise<void> {
    this.due = this.due === null || since === undefined ? null : this.due && this.due < since ? this.due : since;
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        while (this.due !== undefined) {
          const from = this.due;
          this.due = undefined;
          const started = Date.now();
          await this.refreshFrom(from);
          if (this.due !== undefined)
            await new Promise((resolve) => setTimeout(resolve, started + MIN_GAP_MS - Date.now()));
        }
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

  private async refreshFrom(since: Date | null): Promise<void> {
    const started = performance.now();
    await refreshAggregates(this.pool, since ?? WINDOW);
    this.logger.debug(
      `aggregates refreshed from ${since?.toISOString() ?? WINDOW} in ${Math.round(performance.now() - started)} ms`,
    );
  }
}
