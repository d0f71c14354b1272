import { randomUUID } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import type { Pool } from 'pg';
import { restoreBackup, writeBackup } from '@kiosk-pulse/database';
import { resetDatabase, testPool } from '../support/services';
import { tableContents } from '../support/table-contents';

const KIOSK = randomUUID();
const TEAM = randomUUID();

const TABLES = ['teams', 'team_kiosks', 'targets'] as const;

const contents = (pool: Pool) => tableContents(pool, TABLES);

/** What people entered for targets (migration 0023) is in a backup, and comes back whole. */
describe('targets in a backup', () => {
  let pool: Pool;

  beforeAll(async () => {
    pool = testPool();
    await resetDatabase(pool);
    await pool.query(`INSERT INTO kiosks (id, ward_code, label, key_hash) VALUES ($1, '26740', 'Tổ 1', $2)`, [
      KIOSK,
      Buffer.from('0123456789abcdef0123456789abcdef'),
    ]);
    await pool.query(
      `INSERT INTO teams (id, name, ward_code, created_by) VALUES ($1, 'Tổ công nghệ số', '26740', 'a')`,
      [TEAM],
    );
    await pool.query('INSERT INTO team_kiosks (team_id, kiosk_id) VALUES ($1, $2)', [TEAM, KIOSK]);
    await pool.query(
      `INSERT INTO targets (id, indicator, outcome, age_groups, ward_code, team_id, target, start_day, deadline, note, set_by)
       VALUES ($1, 'visits', NULL, '{60_64,65_74,75_plus}', '26740', NULL, 1200, '2026-04-01', '2026-06-30', $2, 'user:official'),
              ($3, 'bdhvs_certified', 'bdhvs_certified', NULL, '26740', $4, 50, '2026-04-01', '2026-06-30', NULL, 'admin-token'),
              ($5, 'vneid_level2_activated', 'vneid_level2_activated', NULL, NULL, NULL, 90000, '2026-04-01', '2026-09-30', NULL, 'admin-token')`,
      [randomUUID(), 'Kế hoạch 31\tquý II\\', randomUUID(), TEAM, randomUUID()],
    );
  });

  afterAll(async () => {
    await resetDatabase(pool);
    await pool.end();
  });

  it('backs up teams, their kiosks and targets, and restores every row as it was', async () => {
    const before = await contents(pool);
    expect(before.targets).toHaveLength(3);
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
    expect(rows).toMatchObject({ teams: 1, team_kiosks: 1, targets: 3 });
    await resetDatabase(pool);
    expect((await contents(pool)).targets).toEqual([]);
    await restoreBackup(pool, Readable.from([text]));
    expect(await contents(pool)).toEqual(before);
  });
});
