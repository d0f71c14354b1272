/*
 * Run by tests/e2e/backup-cli.test.ts in a process of its own: opens the embedded database a
 * restore left in a folder, checks its event-id ledger against its events, and has the worker
 * write one of the events again with its time shifted, as a kiosk resending it would. Prints one
 * JSON line.
 */
import { writeEvents } from '../../libs/ingest-writer/src/events.repository';
import { probeEmbeddedDatabase } from './embedded-probe';

probeEmbeddedDatabase(async (pool) => {
  const count = async (sql: string) => (await pool.query<{ n: number }>(sql)).rows[0].n;
  const unclaimed = await count(
    `SELECT count(*)::int AS n FROM events AS e LEFT JOIN event_ids AS l USING (id)
     WHERE l.id IS NULL OR l.kiosk_id <> e.kiosk_id OR l.occurred_at <> e.occurred_at`,
  );
  const { rows } = await pool.query<{ id: string; kiosk_id: string; ward_code: string; occurred_at: Date }>(
    `SELECT id, kiosk_id, ward_code, occurred_at FROM events ORDER BY occurred_at DESC LIMIT 1`,
  );
  const [event] = rows;
  const resent = await writeEvents(pool, [
    {
      kioskId: event.kiosk_id,
      wardCode: event.ward_code,
      receivedAt: new Date().toISOString(),
      clockOffsetMs: null,
      events: [
        {
          id: event.id,
          type: 'visit_started',
          occurredAt: new Date(event.occurred_at.getTime() + 1_000).toISOString(),
          ageGroup: '75_plus',
        },
      ],
    },
  ]);
  const version = await count('SELECT max(version)::int AS n FROM schema_migrations');
  const events = await count('SELECT count(*)::int AS n FROM events');
  return { version, events, unclaimed, resentInserted: resent.inserted };
});
