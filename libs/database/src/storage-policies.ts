import type { Pool } from 'pg';
import { transaction } from './transaction';

export interface StoragePolicies {
  /** Raw-event chunks older than this many days are compressed. */
  compressAfterDays: number;
  /** Raw events older than this many days are dropped; the aggregates keep their counts. */
  retainDays: number;
}

/*
 * Aggregates are refreshed over the last 33 days (migrations 0003 and 0006): raw events must
 * outlive that window, or a refresh would find them gone and empty the aggregates' buckets.
 */
export const MIN_RETAIN_DAYS = 40;

/** Sets the compression and retention policies of the events hypertable to these, replacing any. */
export async function applyStoragePolicies(pool: Pool, policies: StoragePolicies): Promise<void> {
  if (policies.retainDays < MIN_RETAIN_DAYS) {
    throw new Error(`raw events must be kept at least ${MIN_RETAIN_DAYS} days (the aggregates' refresh window)`);
  }
  // Several api replicas may start at once: one at a time replaces the policies.
  await transaction(pool, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('kiosk-pulse storage policies'))`);
    await client.query(`SELECT remove_compression_policy('events', if_exists => true)`);
    await client.query(`SELECT add_compression_policy('events', compress_after => make_interval(days => $1::int))`, [
      policies.compressAfterDays,
    ]);
    await client.query(`SELECT remove_retention_policy('events', if_exists => true)`);
    await client.query(`SELECT add_retention_policy('events', drop_after => make_interval(days => $1::int))`, [
      policies.retainDays,
    ]);
  });
}
