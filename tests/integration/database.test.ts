import type { Pool } from 'pg';
import {
  CONTINUOUS_AGGREGATES,
  SHIPPED_POPULATION_SOURCE,
  loadMigrations,
  migrate,
  seedShippedPopulations,
} from '@kiosk-pulse/database';
import { WardsRepository } from '../../apps/api/src/wards/wards.repository';
import { testPool } from '../support/services';

describe('migrations and reference data (embedded TimescaleDB)', () => {
  let pool: Pool;

  beforeAll(() => {
    pool = testPool();
  });

  afterAll(async () => {
    await pool.end();
  });

  it('records every numbered migration once in the ledger, and re-running applies nothing', async () => {
    const files = loadMigrations();
    expect(files.map((migration) => migration.version)).toEqual(files.map((_, index) => index + 1));
    const { rows } = await pool.query('SELECT version, name, checksum FROM schema_migrations ORDER BY version');
    expect(rows).toEqual(files.map(({ version, name, checksum }) => ({ version, name, checksum })));
    expect(await Promise.all([migrate(pool), migrate(pool)])).toEqual([[], []]);
  });

  it('refuses a migration that was changed after it was applied', async () => {
    const [first, ...rest] = loadMigrations();
    await expect(
      migrate(pool, [{ ...first, sql: `${first.sql}\n-- edited`, checksum: 'edited' }, ...rest]),
    ).rejects.toThrow(`migration ${first.name} was changed after it was applied; add a new migration instead`);
  });

  it('rolls back a failing migration and leaves no ledger row', async () => {
    const broken = {
      version: 9999,
      name: '9999_broken',
      sql: 'CREATE TABLE broken_probe (id int); SELECT 1/0;',
      checksum: 'x',
    };
    await expect(migrate(pool, [...loadMigrations(), broken])).rejects.toThrow(
      'migration 9999_broken failed: division by zero',
    );
    expect((await pool.query("SELECT to_regclass('broken_probe') AS t")).rows[0].t).toBeNull();
    expect((await pool.query('SELECT count(*)::int AS n FROM schema_migrations WHERE version = 9999')).rows[0].n).toBe(
      0,
    );
  });

  it('applies again a migration that lost a race with a background job', async () => {
    // A sequence is not rolled back, so it counts the attempts across the rolled-back transactions.
    await pool.query('CREATE SEQUENCE IF NOT EXISTS race_attempts');
    const racing = {
      version: 9998,
      name: '9998_racing',
      sql: `CREATE TABLE race_probe (id int);
            DO $$ BEGIN
              IF nextval('race_attempts') < 3 THEN RAISE EXCEPTION 'deadlock detected' USING ERRCODE = '40P01'; END IF;
            END $$;`,
      checksum: 'race',
    };
    try {
      expect(await migrate(pool, [...loadMigrations(), racing])).toEqual(['9998_racing']);
      expect((await pool.query('SELECT last_value::int AS n FROM race_attempts')).rows[0].n).toBe(3);
      expect((await pool.query("SELECT to_regclass('race_probe') AS t")).rows[0].t).toBe('race_probe');
    } finally {
      await pool.query(
        'DROP TABLE IF EXISTS race_probe; DROP SEQUENCE race_attempts; DELETE FROM schema_migrations WHERE version = 9998',
      );
    }
  });

  it('keeps events in a hypertable with real-time minute, hour and day continuous aggregates', async () => {
    const hypertables = await pool.query('SELECT hypertable_name FROM timescaledb_information.hypertables ORDER BY 1');
    expect(hypertables.rows.map((row) => row.hypertable_name)).toContain('events');
    const aggregates = await pool.query(
      'SELECT view_name, materialized_only FROM timescaledb_information.continuous_aggregates ORDER BY view_name',
    );
    // Every aggregate up to a day wide is real-time, the weekly and monthly ones are read only
    // where materialized (stats/calendar-spans.ts), and refreshAggregates knows each one.
    expect(aggregates.rows).toEqual(
      CONTINUOUS_AGGREGATES.map(({ view, bucket }) => ({
        view_name: view,
        materialized_only: bucket === 'week' || bucket === 'month',
      })).sort((a, b) => a.view_name.localeCompare(b.view_name)),
    );
    // And a real TimescaleDB keeps each one refreshed with a policy of its own.
    const policies = await pool.query(
      `SELECT count(DISTINCT hypertable_name)::int AS n FROM timescaledb_information.jobs
       WHERE proc_name = 'policy_refresh_continuous_aggregate'`,
    );
    expect(policies.rows[0].n).toBe(CONTINUOUS_AGGREGATES.length);
  });

  it('seeds the 168 ward-level units of the city with NFC names', async () => {
    const kinds = await pool.query('SELECT kind, count(*)::int AS n FROM wards GROUP BY kind ORDER BY kind');
    expect(kinds.rows).toEqual([
      { kind: 'ward', n: 113 },
      { kind: 'commune', n: 54 },
      { kind: 'special_zone', n: 1 },
    ]);
    const { rows } = await pool.query('SELECT name FROM wards');
    expect(rows.every((row) => row.name === row.name.normalize('NFC'))).toBe(true);
  });

  it('finds wards by name with accents and tone-mark placement folded', async () => {
    const wards = new WardsRepository(pool);
    const plain = await wards.list('hoa hung');
    expect(plain.map((ward) => ward.name)).toEqual(['Phường Hòa Hưng']);
    expect(await wards.list('Hoà Hưng')).toEqual(plain);
    expect(await wards.list('HÒA HƯNG')).toEqual(plain);
    // With its shipped population (loaded again here: a file before this one may have emptied them).
    await pool.query('DELETE FROM shipped_datasets');
    await seedShippedPopulations(pool);
    expect(await wards.list('con dao')).toEqual([
      {
        code: '26732',
        name: 'Đặc khu Côn Đảo',
        nameEn: 'Con Dao Special administrative region',
        kind: 'special_zone',
        formerProvince: 'Bà Rịa-Vũng Tàu',
        population: { total: 6_502, aged60Plus: null, source: SHIPPED_POPULATION_SOURCE, asOf: '2024-12-31' },
      },
    ]);
    expect(await wards.list()).toHaveLength(168);
    expect(await wards.list("'; DROP TABLE wards; --")).toEqual([]);
  });
});
