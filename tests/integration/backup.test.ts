import { randomUUID } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import type { Pool } from 'pg';
import type { IngestJobData } from '@kiosk-pulse/contract';
import { BACKUP_TABLES, refreshAggregates, restoreBackup, writeBackup } from '@kiosk-pulse/database';
import { writeEvents } from '../../libs/ingest-writer/src/events.repository';
import { resetDatabase, testPool } from '../support/services';

const KIOSK = randomUUID();

// Events the event-id ledger does not give to their own kiosk and time.
const UNCLAIMED = `SELECT e.id FROM events AS e LEFT JOIN event_ids AS l USING (id)
                   WHERE l.id IS NULL OR l.kiosk_id <> e.kiosk_id OR l.occurred_at <> e.occurred_at`;

async function backupText(pool: Pool): Promise<{ text: string; rows: Record<string, number> }> {
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
  return { text, rows };
}

/** Every row of every table a backup holds, in a stable order, as text. */
async function contents(pool: Pool): Promise<Record<string, string[]>> {
  const all: Record<string, string[]> = {};
  for (const table of BACKUP_TABLES) {
    const { rows } = await pool.query<{ row: string }>(`SELECT t::text AS row FROM ${table} AS t ORDER BY 1`);
    all[table] = rows.map((row) => row.row);
  }
  return all;
}

async function dailyCounts(pool: Pool): Promise<unknown[]> {
  return (
    await pool.query(
      'SELECT bucket, ward_code, type::text, sum(events)::int AS events FROM events_daily GROUP BY 1, 2, 3 ORDER BY 1, 2, 3',
    )
  ).rows;
}

describe('backup and restore (embedded TimescaleDB)', () => {
  let pool: Pool;

  beforeAll(async () => {
    pool = testPool();
    await resetDatabase(pool);
    // A label with every character COPY escapes, and Vietnamese.
    await pool.query(`INSERT INTO kiosks (id, ward_code, label, key_hash) VALUES ($1, '26740', $2, $3)`, [
      KIOSK,
      'Nhà văn hoá\tkhu 3\nback\\slash',
      Buffer.from('0123456789abcdef0123456789abcdef'),
    ]);
    await pool.query(
      `INSERT INTO users (id, username, password_hash, role, ward_code) VALUES ($1, 'ward.staff', '$argon2id$v=19$x', 'ward_staff', '26740')`,
      [randomUUID()],
    );
    await pool.query(
      `INSERT INTO ward_populations (ward_code, population, population_60_plus, source, as_of, updated_by)
       VALUES ('26740', 52000, 6100, 'Census 2024', '2024-04-01', 'admin')`,
    );
    await pool.query(`INSERT INTO audit_log (actor, action, target_type, target_id, details)
                      VALUES ('admin', 'kiosk.created', 'kiosk', '${KIOSK}', '{"label": "a\\"b"}')`);
    await pool.query(
      `INSERT INTO events (id, occurred_at, received_at, kiosk_id, ward_code, type, age_group, guide, duration_ms)
       SELECT gen_random_uuid(), now() - make_interval(hours => g), now(), $1, '26740',
              (ARRAY['visit_started', 'guide_completed']::event_type[])[1 + g % 2], '60_64',
              CASE WHEN g % 2 = 1 THEN 'vneid'::guide END, CASE WHEN g % 2 = 1 THEN 1000 * g END
       FROM generate_series(1, 200) AS g`,
      [KIOSK],
    );
    await refreshAggregates(pool);
  });

  afterAll(async () => {
    await resetDatabase(pool);
    await pool.end();
  });

  it('writes pg_dump-style COPY blocks and restores every row and every count into an empty database', async () => {
    const before = await contents(pool);
    const countsBefore = await dailyCounts(pool);
    const { text, rows } = await backupText(pool);
    expect(rows).toMatchObject({ kiosks: 1, users: 1, ward_populations: 1, audit_log: 1, events: 200 });
    expect(text).toMatch(/^-- Kiosk Pulse backup, schema version \d+, taken /);
    expect(text).toContain('COPY public.events ("id", "occurred_at", "received_at"');
    expect(text.match(/^\\\.$/gm)).toHaveLength(BACKUP_TABLES.length);

    await resetDatabase(pool);
    expect((await contents(pool)).events).toEqual([]);
    const restored = await restoreBackup(pool, Readable.from([text]));
    expect(restored).toMatchObject({ kiosks: 1, users: 1, events: 200, audit_log: 1 });
    expect(await contents(pool)).toEqual(before);
    // The aggregates were computed again from the events.
    expect(await dailyCounts(pool)).toEqual(countsBefore);
    expect(countsBefore.length).toBeGreaterThan(0);

    // Run again (say, after it was cut short): nothing is added twice.
    const again = await restoreBackup(pool, Readable.from([text]));
    expect(Object.values(again).every((added) => added === 0)).toBe(true);
    expect(await contents(pool)).toEqual(before);

    // New audit entries continue after the restored ones.
    const { rows: next } = await pool.query(
      `INSERT INTO audit_log (actor, action, target_type, target_id) VALUES ('admin', 'x', 'kiosk', 'y') RETURNING id`,
    );
    expect(Number(next[0].id)).toBeGreaterThan(
      Math.max(...before.audit_log.map((row) => Number(/^\((\d+),/.exec(row)![1]))),
    );
  });

  it('rebuilds the event-id ledger from the restored events: an event sent again is counted once', async () => {
    const { text } = await backupText(pool);
    await resetDatabase(pool);
    await restoreBackup(pool, Readable.from([text]));
    const { rows: unclaimed } = await pool.query(UNCLAIMED);
    expect(unclaimed).toEqual([]);
    expect((await pool.query('SELECT count(*)::int AS n FROM event_ids')).rows[0].n).toBe(200);

    // A kiosk sends one of them again, its time shifted (a clock corrected since, say).
    const { rows } = await pool.query<{ id: string; occurred_at: Date }>(
      `SELECT id, occurred_at FROM events WHERE type = 'visit_started' ORDER BY occurred_at DESC LIMIT 1`,
    );
    const resend: IngestJobData = {
      kioskId: KIOSK,
      wardCode: '26740',
      receivedAt: new Date().toISOString(),
      clockOffsetMs: null,
      events: [
        {
          id: rows[0].id,
          type: 'visit_started',
          occurredAt: new Date(rows[0].occurred_at.getTime() + 1_000).toISOString(),
          ageGroup: '60_64',
        },
      ],
    };
    const written = await writeEvents(pool, [resend]);
    expect(written.inserted).toBe(0);
    expect((await pool.query('SELECT count(*)::int AS n FROM events')).rows[0].n).toBe(200);

    // Restored again into a database where that event is stored at its shifted time (resent
    // after the backup, before the restore): counted once, not once per copy.
    await resetDatabase(pool);
    await pool.query(`INSERT INTO kiosks (id, ward_code, label, key_hash) VALUES ($1, '26740', 'x', '\\x01')`, [KIOSK]);
    expect((await writeEvents(pool, [resend])).inserted).toBe(1);
    await restoreBackup(pool, Readable.from([text]));
    expect((await pool.query('SELECT count(*)::int AS n FROM events')).rows[0].n).toBe(200);
    expect((await pool.query(UNCLAIMED)).rows).toEqual([]);
  });

  it('refuses a backup of another schema version, one cut short, and anything else', async () => {
    const { text } = await backupText(pool);
    await expect(
      restoreBackup(pool, Readable.from([text.replace(/schema version \d+/, 'schema version 3')])),
    ).rejects.toThrow(
      /the backup is of schema version 3 and the database is already at \d+: restore it into a new database \(an empty DATA_DIR, or a new database\), which is migrated from 3 to \d+ after the load/,
    );
    await expect(
      restoreBackup(pool, Readable.from([text.replace(/schema version \d+/, 'schema version 9999')])),
    ).rejects.toThrow(
      /the backup is of schema version 9999, newer than this version of Kiosk Pulse \(\d+\): restore it with the version that wrote it/,
    );
    // Cut inside the events' COPY line, then inside their rows.
    const eventsCopy = text.indexOf('COPY public.events');
    await expect(restoreBackup(pool, Readable.from([text.slice(0, eventsCopy + 30)]))).rejects.toThrow(
      'a COPY line is incomplete: the backup is damaged or cut short',
    );
    const inEvents = text.indexOf('\n', eventsCopy) + 100;
    await expect(restoreBackup(pool, Readable.from([text.slice(0, inEvents)]))).rejects.toThrow(
      /a events row has \d+ fields, not 14: the backup is damaged or cut short/,
    );
    const atLineEnd = text.slice(0, text.indexOf('\n', inEvents) + 1);
    await expect(restoreBackup(pool, Readable.from([atLineEnd]))).rejects.toThrow(
      'the backup ends inside the events rows',
    );
    await expect(restoreBackup(pool, Readable.from(['SELECT 1;\n']))).rejects.toThrow('not a Kiosk Pulse backup');
  });
});
