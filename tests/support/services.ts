import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { createPool, refreshAggregates } from '@kiosk-pulse/database';

/** This jest worker's embedded TimescaleDB (see global-setup.ts). */
export function testDatabaseUrl(): string {
  const urls = (process.env.TEST_DATABASE_URLS ?? '').split(' ').filter(Boolean);
  if (urls.length === 0) throw new Error('TEST_DATABASE_URLS is not set: run the tests through jest');
  return urls[(Number(process.env.JEST_WORKER_ID ?? '1') - 1) % urls.length];
}

export const testRedisUrl = (): string => process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A pool of one, as the embedded database needs; end it in afterAll so the next file can connect. */
export const testPool = (): Pool => createPool(testDatabaseUrl(), { max: 1, applicationName: 'test' });

/** A queue prefix of this test file's own, so files never see each other's jobs or messages. */
export const testQueuePrefix = (): string => `{kp-test-${randomBytes(4).toString('hex')}}`;

/**
 * Empties the events, kiosks, users, tokens and audit log, and brings the aggregates back to empty, materialized up to
 * the open hour and day only (as the app itself does), so each file starts from zero.
 */
export async function resetDatabase(pool: Pool): Promise<void> {
  await pool.query(
    'TRUNCATE events, event_ids, kiosks, kiosk_flags, users, api_tokens, audit_log, ward_populations, ' +
      'group_populations, shipped_datasets, ' +
      'age_split_periods, age_split_cells, funnel_split_cells, share_links, kiosk_pairing_codes, ' +
      'teams, team_kiosks, targets, campaigns, campaign_kiosks, report_subscriptions, report_deliveries, ' +
      'alert_rules, alert_incidents, alert_deliveries',
  );
  await refreshAggregates(pool);
}

/** Deletes every Redis key under a test prefix. */
export async function clearRedisPrefix(prefix: string, redisUrl = testRedisUrl()): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
