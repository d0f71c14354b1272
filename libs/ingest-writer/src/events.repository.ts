import type { Pool, PoolClient } from 'pg';
import { UNDO_WINDOW_MS, type IngestJobData } from '@kiosk-pulse/contract';
import { transaction } from '@kiosk-pulse/database';

/** What a write added: the rows that were new (duplicates are not in it). */
export interface WrittenEvents {
  inserted: number;
  wardCodes: Set<string>;
  occurredAt: Date[];
  /** New rows per kiosk. */
  perKiosk: Map<string, number>;
  /** New rows that arrived late (see IngestJobData.lateIds), per kiosk. */
  latePerKiosk: Map<string, number>;
  /** Events not stored because another kiosk had sent their id first, per kiosk that sent the copy. */
  duplicatesPerKiosk: Map<string, number>;
  /** Stored events their kiosk took back (entry_undone); their wards and times are in the two above. */
  undone: number;
}

/*
 * One statement: the batch's ids are claimed in the ledger (event_ids, unique on the id alone;
 * see migration 0013), and only the events whose id, kiosk and time made the claim are inserted.
 * A resend of an id with another time, or a copy of an id another kiosk sent first, claims
 * nothing and is not inserted; the events' own unique index still turns away copies of events
 * older than the ledger.
 *
 * What the claim costs: the INSERT without it and this one, alternated batch by batch in one run
 * on the embedded database (batches of 5,000 new events in jobs of 100, one connection, a busy
 * 2-core machine), wrote 7,621 -> 6,343 rows/s (0.83) and 10,443 -> 7,753 (0.74) with UUIDv7
 * ids, 7,196 -> 5,546 (0.77) with v4 ids: about a fifth to a quarter of the write's speed, the
 * price of a second unique index that is not bound to the time. The statement is one round trip
 * either way; a second query runs only for a batch in which some events were not stored.
 */
const INSERT_EVENTS = `
  WITH incoming AS (
    SELECT *
    FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::bigint[], $5::uuid[],
                $6::text[], $7::event_type[], $8::age_group[], $9::guide[], $10::smallint[],
                $11::helper_role[], $12::integer[], $13::outcome[], $14::smallint[])
      AS e (id, occurred_at, received_at, clock_offset_ms, kiosk_id, ward_code,
            type, age_group, guide, level, helper_role, duration_ms, outcome, rating)
  ), claimed AS (
    INSERT INTO event_ids (id, kiosk_id, occurred_at)
    SELECT id, kiosk_id, occurred_at FROM incoming
    ON CONFLICT (id) DO NOTHING
    RETURNING id, kiosk_id, occurred_at
  )
  INSERT INTO events (id, occurred_at, received_at, clock_offset_ms, kiosk_id, ward_code,
                      type, age_group, guide, level, helper_role, duration_ms, outcome, rating)
  SELECT e.id, e.occurred_at, e.received_at, e.clock_offset_ms, e.kiosk_id, e.ward_code,
         e.type, e.age_group, e.guide, e.level, e.helper_role, e.duration_ms, e.outcome, e.rating
  FROM incoming AS e
  JOIN claimed AS c ON c.id = e.id AND c.kiosk_id = e.kiosk_id AND c.occurred_at = e.occurred_at
  ON CONFLICT (id, occurred_at) DO NOTHING
  RETURNING id, kiosk_id, ward_code, (extract(epoch FROM occurred_at) * 1000)::float8 AS occurred_ms`;

/*
 * Takes back the events that entry_undone events name: only an event of the same kiosk, dated at
 * most UNDO_WINDOW_MS ($4) before the undo (the kiosk's own clock on both). The undone event's id
 * stays in the ledger, so a resend of it is not stored again.
 */
const UNDO_EVENTS = `
  DELETE FROM events AS e
  USING unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS u (undoes, kiosk_id, at)
  WHERE e.id = u.undoes AND e.kiosk_id = u.kiosk_id
    AND e.occurred_at <= u.at AND e.occurred_at >= u.at - make_interval(secs => $4::int / 1000.0)
  RETURNING e.ward_code, e.occurred_at`;

// Each kiosk's latest heartbeat of the batch, unless one dated later is already kept.
const KEEP_HEARTBEATS = `
  UPDATE kiosks AS k
  SET heartbeat_at = h.at, pending_events = h.pending, app_version = coalesce(h.version, k.app_version)
  FROM unnest($1::uuid[], $2::timestamptz[], $3::int[], $4::text[]) AS h (id, at, pending, version)
  WHERE k.id = h.id AND (k.heartbeat_at IS NULL OR k.heartbeat_at < h.at)`;

// Only for a batch in which some events were not stored: who sent those ids first.
const ID_OWNERS = `SELECT id, kiosk_id FROM event_ids WHERE id = ANY($1::uuid[])`;

const TOUCH_KIOSKS = `
  UPDATE kiosks AS k
  SET last_seen_at = GREATEST(k.last_seen_at, seen.at),
      events_stored = k.events_stored + seen.stored,
      events_rejected = k.events_rejected + seen.duplicates,
      last_error = CASE WHEN seen.duplicates > 0 THEN seen.error ELSE k.last_error END,
      last_error_code = CASE WHEN seen.duplicates > 0 THEN 'duplicate_id' ELSE k.last_error_code END,
      last_error_at = CASE WHEN seen.duplicates > 0 THEN now() ELSE k.last_error_at END
  FROM unnest($1::uuid[], $2::timestamptz[], $3::bigint[], $4::bigint[], $5::text[])
    AS seen (id, at, stored, duplicates, error)
  WHERE k.id = seen.id`;

// Adds to the kiosks' flags of the city day (see migration 0013).
const RAISE_FLAGS = `
  INSERT INTO kiosk_flags AS f (kiosk_id, day, code, count, last_at)
  SELECT raised.kiosk_id, (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, raised.code, raised.count, now()
  FROM unnest($1::uuid[], $2::text[], $3::bigint[]) AS raised (kiosk_id, code, count)
  ON CONFLICT (kiosk_id, day, code) DO UPDATE SET count = f.count + excluded.count, last_at = excluded.last_at`;

const PRUNE_EVENT_IDS = `DELETE FROM event_ids WHERE occurred_at < now() - make_interval(days => $1)`;
const PRUNE_FLAGS = `DELETE FROM kiosk_flags WHERE day < (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - $1::int`;

/**
 * Writes many jobs' events in one transaction: one statement that claims their ids and inserts
 * the new events, and one UPDATE of the kiosks (last-seen times, stored events, copies of ids
 * another kiosk sent first); and the kiosks' flags when some events came late or were such copies.
 */
export async function writeEvents(pool: Pool, jobs: IngestJobData[]): Promise<WrittenEvents> {
  return transaction(pool, async (client) => {
    const written = await insertEvents(client, jobs);
    await undoEvents(client, jobs, written);
    await touchKiosks(client, jobs, written);
    await keepHeartbeats(client, jobs);
    await raiseFlags(client, written);
    return written;
  });
}

/**
 * Deletes ledger rows no copy of which could still be accepted (events older than the
 * acceptance window, and a day), and flags older than that. Returns the ledger rows deleted.
 */
export async function pruneEventIds(pool: Pool, maxAgeDays: number): Promise<number> {
  const { rowCount } = await pool.query(PRUNE_EVENT_IDS, [maxAgeDays + 1]);
  await pool.query(PRUNE_FLAGS, [maxAgeDays + 1]);
  return rowCount ?? 0;
}

async function insertEvents(client: PoolClient, jobs: IngestJobData[]): Promise<WrittenEvents> {
  const columns: unknown[][] = Array.from({ length: 14 }, () => []);
  let late: Set<string> | undefined;
  const toStore: { job: IngestJobData; event: IngestJobData['events'][number] }[] = [];
  for (const job of jobs) {
    if (job.lateIds?.length) {
      late ??= new Set();
      for (const id of job.lateIds) late.add(id);
    }
    for (const event of job.events) {
      // A heartbeat says the kiosk is alive, an undo takes an event back: neither is stored.
      if (event.type !== 'heartbeat' && event.type !== 'entry_undone') toStore.push({ job, event });
    }
  }
  // In id order, as every batch is: two batches written at once then take the ledger's locks in
  // the same order and cannot deadlock over an id both hold.
  toStore.sort((a, b) => (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0));
  for (const { job, event } of toStore) {
    columns[0].push(event.id);
    columns[1].push(event.occurredAt);
    columns[2].push(job.receivedAt);
    columns[3].push(job.clockOffsetMs);
    columns[4].push(job.kioskId);
    columns[5].push(job.wardCode);
    columns[6].push(event.type);
    columns[7].push(event.ageGroup ?? null);
    columns[8].push(event.guide ?? null);
    columns[9].push(event.level ?? null);
    columns[10].push(event.helperRole ?? null);
    columns[11].push(event.durationMs ?? null);
    columns[12].push(event.outcome ?? null);
    columns[13].push(event.rating ?? null);
  }
  const written: WrittenEvents = {
    inserted: 0,
    wardCodes: new Set(),
    occurredAt: [],
    perKiosk: new Map(),
    latePerKiosk: new Map(),
    duplicatesPerKiosk: new Map(),
    undone: 0,
  };
  if (columns[0].length === 0) return written;
  // The times come back as epoch milliseconds: node-postgres parses a timestamptz with a regular
  // expression, about a twentieth of the worker's busy time in its CPU profile (issue 18).
  const { rows } = await client.query<{ id: string; kiosk_id: string; ward_code: string; occurred_ms: number }>(
    INSERT_EVENTS,
    columns,
  );
  for (const row of rows) {
    written.wardCodes.add(row.ward_code);
    written.occurredAt.push(new Date(row.occurred_ms));
    add(written.perKiosk, row.kiosk_id);
    if (late?.has(row.id)) add(written.latePerKiosk, row.kiosk_id);
  }
  written.inserted = rows.length;
  if (rows.length < columns[0].length) await findDuplicates(client, columns, rows, written);
  return written;
}

/** Applies the batch's entry_undone events, after its inserts: an undo may come with its event. */
async function undoEvents(client: PoolClient, jobs: IngestJobData[], written: WrittenEvents): Promise<void> {
  const undos = jobs.flatMap((job) =>
    job.events.flatMap((event) =>
      event.type === 'entry_undone' && event.undoes
        ? [{ undoes: event.undoes, kiosk: job.kioskId, at: event.occurredAt }]
        : [],
    ),
  );
  if (undos.length === 0) return;
  const { rows } = await client.query<{ ward_code: string; occurred_at: Date }>(UNDO_EVENTS, [
    undos.map((undo) => undo.undoes),
    undos.map((undo) => undo.kiosk),
    undos.map((undo) => undo.at),
    UNDO_WINDOW_MS,
  ]);
  for (const row of rows) {
    written.wardCodes.add(row.ward_code);
    written.occurredAt.push(row.occurred_at);
  }
  written.undone = rows.length;
}

/**
 * Of the events not stored, those whose id another kiosk sent first. The others were resends
 * (the same id from the same kiosk, at the same time or another) and are dropped silently.
 */
async function findDuplicates(
  client: PoolClient,
  columns: unknown[][],
  stored: { id: string; kiosk_id: string }[],
  written: WrittenEvents,
): Promise<void> {
  // By id and kiosk: a copy from another kiosk in the same batch as the stored one is a duplicate too.
  const storedCopies = new Set(stored.map((row) => `${row.id} ${row.kiosk_id}`));
  const ids = columns[0] as string[];
  const kiosks = columns[4] as string[];
  const unstored = ids.flatMap((id, i) => (storedCopies.has(`${id} ${kiosks[i]}`) ? [] : [i]));
  const { rows } = await client.query<{ id: string; kiosk_id: string }>(ID_OWNERS, [unstored.map((i) => ids[i])]);
  const owners = new Map(rows.map((row) => [row.id, row.kiosk_id]));
  for (const i of unstored) {
    const owner = owners.get(ids[i]);
    if (owner !== undefined && owner !== kiosks[i]) add(written.duplicatesPerKiosk, kiosks[i]);
  }
}

/**
 * Moves each kiosk's last-seen time (heartbeats included), adds its newly stored events, and
 * counts the copies of other kiosks' ids it sent as its rejections.
 */
async function touchKiosks(client: PoolClient, jobs: IngestJobData[], written: WrittenEvents): Promise<void> {
  const lastSeen = new Map<string, string>();
  for (const job of jobs) {
    const seen = lastSeen.get(job.kioskId);
    if (!seen || seen < job.receivedAt) lastSeen.set(job.kioskId, job.receivedAt);
  }
  // Sorted, as in every batch, so that two batches written at once lock the kiosks in one order.
  const ids = [...lastSeen.keys()].sort();
  const duplicates = ids.map((id) => written.duplicatesPerKiosk.get(id) ?? 0);
  await client.query(TOUCH_KIOSKS, [
    ids,
    ids.map((id) => lastSeen.get(id)),
    ids.map((id) => written.perKiosk.get(id) ?? 0),
    duplicates,
    duplicates.map((n) =>
      n > 0 ? `${n} event${n === 1 ? '' : 's'} carried an id another kiosk had sent first; not counted` : null,
    ),
  ]);
}

/** What each kiosk's latest heartbeat said: the events it still holds, and its app's version. */
async function keepHeartbeats(client: PoolClient, jobs: IngestJobData[]): Promise<void> {
  const latest = new Map<string, { at: string; pending: number | null; version: string | null }>();
  for (const job of jobs) {
    for (const event of job.events) {
      if (event.type !== 'heartbeat') continue;
      const kept = latest.get(job.kioskId);
      if (kept && Date.parse(kept.at) >= Date.parse(event.occurredAt)) continue;
      latest.set(job.kioskId, {
        at: event.occurredAt,
        pending: event.pending ?? null,
        version: event.appVersion ?? null,
      });
    }
  }
  if (latest.size === 0) return;
  const ids = [...latest.keys()].sort();
  const beats = ids.map((id) => latest.get(id)!);
  await client.query(KEEP_HEARTBEATS, [
    ids,
    beats.map((beat) => beat.at),
    beats.map((beat) => beat.pending),
    beats.map((beat) => beat.version),
  ]);
}

async function raiseFlags(client: PoolClient, written: WrittenEvents): Promise<void> {
  const flags: [string, string, number][] = [
    ...[...written.latePerKiosk].map(([kiosk, n]): [string, string, number] => [kiosk, 'late_events', n]),
    ...[...written.duplicatesPerKiosk].map(([kiosk, n]): [string, string, number] => [kiosk, 'duplicate_ids', n]),
  ].sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : 1));
  if (flags.length === 0) return;
  await client.query(RAISE_FLAGS, [flags.map((f) => f[0]), flags.map((f) => f[1]), flags.map((f) => f[2])]);
}

const add = (counts: Map<string, number>, key: string): void => {
  counts.set(key, (counts.get(key) ?? 0) + 1);
};
