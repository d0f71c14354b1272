import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { applyStoragePolicies } from '@kiosk-pulse/database';
import { writeEvents } from '../../libs/ingest-writer/src/events.repository';
import { resetDatabase, testPool } from '../support/services';

/** Raw events are compressed and expire by policy; compressed chunks still take late events once. */
describe('raw event storage (embedded TimescaleDB)', () => {
  let pool: Pool;
  const kioskId = randomUUID();
  const job = (events: { id: string; occurredAt: string }[]) => ({
    kioskId,
    wardCode: '26740',
    receivedAt: new Date().toISOString(),
    clockOffsetMs: null,
    events: events.map((event) => ({ ...event, type: 'visit_started' as const, ageGroup: '60_64' as const })),
  });
  const tenDaysAgo = () => new Date(Date.now() - 10 * 86_400_000).toISOString();

  beforeAll(async () => {
    pool = testPool();
    await resetDatabase(pool);
  });

  afterAll(async () => {
    await applyStoragePolicies(pool, { compressAfterDays: 7, retainDays: 400 });
    await pool.end();
  });

  it('sets the compression and retention policies from the settings, replacing earlier ones', async () => {
    await applyStoragePolicies(pool, { compressAfterDays: 7, retainDays: 400 });
    await applyStoragePolicies(pool, { compressAfterDays: 3, retainDays: 90 });
    const { rows } = await pool.query(
      `SELECT proc_name, config FROM timescaledb_information.jobs
       WHERE hypertable_name = 'events' ORDER BY proc_name`,
    );
    expect(rows).toEqual([
      { proc_name: 'policy_compression', config: expect.objectContaining({ compress_after: '3 days' }) },
      { proc_name: 'policy_retention', config: expect.objectContaining({ drop_after: '90 days' }) },
    ]);
    await expect(applyStoragePolicies(pool, { compressAfterDays: 3, retainDays: 30 })).rejects.toThrow(
      'at least 40 days',
    );
  });

  it('compresses old chunks, and a compressed chunk takes a late event once and turns a resend away', async () => {
    const first = { id: randomUUID(), occurredAt: tenDaysAgo() };
    await writeEvents(pool, [job([first])]);
    const { rows: compressed } = await pool.query(
      `SELECT compress_chunk(c, if_not_compressed => true) FROM show_chunks('events', older_than => now() - interval '7 days') c`,
    );
    expect(compressed.length).toBeGreaterThan(0);
    const late = { id: randomUUID(), occurredAt: tenDaysAgo() };
    const written = await writeEvents(pool, [job([first, late]), job([late])]);
    expect(written.inserted).toBe(1);
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM events WHERE kiosk_id = $1', [kioskId]);
    expect(rows[0].n).toBe(2);
  });
});
