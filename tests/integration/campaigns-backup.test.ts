import { randomUUID } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import type { Pool } from 'pg';
import { restoreBackup, writeBackup } from '@kiosk-pulse/database';
import { resetDatabase, testPool } from '../support/services';
import { tableContents } from '../support/table-contents';

const KIOSKS = [randomUUID(), randomUUID()];
const CAMPAIGNS = [randomUUID(), randomUUID()];

const TABLES = ['campaigns', 'campaign_kiosks'] as const;

const contents = (pool: Pool) => tableContents(pool, TABLES);

/** The campaigns ward staff recorded (migration 0024) are in a backup, and come back whole. */
describe('campaigns in a backup', () => {
  let pool: Pool;

  beforeAll(async () => {
    pool = testPool();
    await resetDatabase(pool);
    for (const [index, kiosk] of KIOSKS.entries())
      await pool.query(`INSERT INTO kiosks (id, ward_code, label, key_hash) VALUES ($1, '26740', $2, $3)`, [
        kiosk,
        `Khu phố 28 — ${index}`,
        Buffer.from(`0123456789abcdef0123456789abcde${index}`),
      ]);
    await pool.query(
      `INSERT INTO campaigns (id, name, ward_code, place, starts_at, ends_at, recorded_by)
       VALUES ($1, 'Ngày hội Đại đoàn kết', '26740', $2, '2025-11-09T07:00:00+07:00', '2025-11-09T17:00:00+07:00', 'user:staff'),
              ($3, 'Buổi sáng số', '26740', NULL, '2025-11-16T07:30:00.123456+07:00', '2025-11-16T11:00:00+07:00', 'admin-token')`,
      [CAMPAIGNS[0], 'Khu phố 28\tsân văn hóa\\', CAMPAIGNS[1]],
    );
    await pool.query('INSERT INTO campaign_kiosks (campaign_id, kiosk_id) VALUES ($1, $2), ($1, $3), ($4, $2)', [
      CAMPAIGNS[0],
      KIOSKS[0],
      KIOSKS[1],
      CAMPAIGNS[1],
    ]);
  });

  afterAll(async () => {
    await resetDatabase(pool);
    await pool.end();
  });

  it('backs up campaigns and their kiosks, and restores every row as it was', async () => {
    const before = await contents(pool);
    expect(before.campaign_kiosks).toHaveLength(3);
    let text = '';
    const rows = await writeBackup(
      pool,
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          text += chunk.toString();
          done();
        },
      }),
    );
    expect(rows).toMatchObject({ campaigns: 2, campaign_kiosks: 3 });
    await resetDatabase(pool);
    expect((await contents(pool)).campaigns).toEqual([]);
    await restoreBackup(pool, Readable.from([text]));
    expect(await contents(pool)).toEqual(before);
  });
});
