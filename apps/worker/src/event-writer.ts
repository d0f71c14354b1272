import type { Pool, PoolClient } from 'pg';
import type { IngestJobData } from '@kiosk-pulse/contract';
import { transaction } from '@kiosk-pulse/database';

/** What a write added: the rows that were new (duplicates are not in it). */
export interface WrittenEvents {
  inserted: number;
  wardCodes: Set<string>;
  occurredAt: Date[];
  /** New rows per kiosk. */
  perKiosk: Map<string, number>;
}

const INSERT_EVENTS = `
  INSERT INTO events (id, occurred_at, received_at, clock_offset_ms, kiosk_id, ward_code,
                      type, age_group, guide, level, helper_role, duration_ms)
  SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::bigint[], $5::uuid[],
                       $6::text[], $7::event_type[], $8::age_group[], $9::guide[], $10::smallint[],
                       $11::helper_role[], $12::integer[])
  ON CONFLICT (id, occurred_at) DO NOTHING
  RETURNING kiosk_id, ward_code, occurred_at`;

const TOUCH_KIOSKS = `
  UPDATE kiosks AS k
  SET last_seen_at = GREATEST(k.last_seen_at, seen.at), events_stored = k.events_stored + seen.stored
  FROM unnest($1::uuid[], $2::timestamptz[], $3::bigint[]) AS seen (id, at, stored)
  WHERE k.id = seen.id`;

/**
 * Writes many jobs' events in one transaction: one INSERT for all their events (duplicates
 * dropped by the unique index), and one UPDATE of the kiosks' last-seen times.
 */
export async function writeEvents(pool: Pool, jobs: IngestJobData[]): Promise<WrittenEvents> {
  return transaction(pool, async (client) => {
    const written = await insertEvents(client, jobs);
    await touchKiosks(client, jobs, written.perKiosk);
    return written;
  });
}

async function insertEvents(client: PoolClient, jobs: IngestJobData[]): Promise<WrittenEvents> {
  const columns: unknown[][] = Array.from({ length: 12 }, () => []);
  for (const job of jobs) {
    for (const event of job.events) {
      if (event.type === 'heartbeat') continue;
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
    }
  }
  const written: WrittenEvents = { inserted: 0, wardCodes: new Set(), occurredAt: [], perKiosk: new Map() };
  if (columns[0].length === 0) return written;
  const { rows } = await client.query<{ kiosk_id: string; ward_code: string; occurred_at: Date }>(
    INSERT_EVENTS,
    columns,
  );
  for (const row of rows) {
    written.wardCodes.add(row.ward_code);
    written.occurredAt.push(row.occurred_at);
    written.perKiosk.set(row.kiosk_id, (written.perKiosk.get(row.kiosk_id) ?? 0) + 1);
  }
  written.inserted = rows.length;
  return written;
}

/** Moves each kiosk's last-seen time (heartbeats included) and adds its newly stored events. */
async function touchKiosks(client: PoolClient, jobs: IngestJobData[], stored: Map<string, number>): Promise<void> {
  const lastSeen = new Map<string, string>();
  for (const job of jobs) {
    const seen = lastSeen.get(job.kioskId);
    if (!seen || seen < job.receivedAt) lastSeen.set(job.kioskId, job.receivedAt);
  }
  const ids = [...lastSeen.keys()];
  await client.query(TOUCH_KIOSKS, [ids, ids.map((id) => lastSeen.get(id)), ids.map((id) => stored.get(id) ?? 0)]);
}
