import { createWriteStream, fchmodSync, mkdirSync, openSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { escapeIdentifier, type Pool, type PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { refreshAggregates } from './aggregates';
import { loadMigrations, migrate, type Migration } from './migrate';
import { SHIPPED_POPULATIONS_SINCE, markShippedPopulationsLoaded } from './populations-seed';
import { seedWards } from './wards-seed';
import { transaction } from './transaction';

/*
 * What a backup holds: the settings (ward populations and their history, kiosks, users, API
 * tokens, the audit log) and the raw events, parents before children. Not the wards, which every
 * migrated database is seeded with, nor the aggregates, which are computed again from the events.
 * ward_populations holds the shipped figures too (with what admins made of them: one removed or
 * replaced stays so); shipped_datasets does not travel, each database records its own loads.
 */
export const BACKUP_TABLES = [
  'ward_populations',
  // Added by migration 0022: populations of adults and people 60+ that admins entered.
  'group_populations',
  'kiosks',
  'users',
  'api_tokens',
  'audit_log',
  'events',
  // What was published of each day's age split: a restore must not publish it again differently.
  'age_split_periods',
  'age_split_cells',
  'funnel_split_cells',
  'share_links',
  // Migration 0023: the targets the city set (and imported), and the teams they may count.
  'teams',
  'team_kiosks',
  'targets',
  // Migration 0024: the campaigns and kiosk days ward staff recorded, and their kiosks.
  'campaigns',
  'campaign_kiosks',
  // Migration 0025: who asked for which scheduled report, and which periods went (so a restored
  // server does not send them again).
  'report_subscriptions',
  'report_deliveries',
  // Migration 0026: the alert rules wards set (incidents and their messages are history, not kept).
  'alert_rules',
] as const;
type BackupTable = (typeof BACKUP_TABLES)[number];

const HEADER = '-- Kiosk Pulse backup';
const INSERT_BATCH_ROWS = 2_000;

async function columnsOf(client: PoolClient, table: BackupTable): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((row) => row.name);
}

/**
 * Writes a backup in pg_dump's plain data-only layout (a COPY ... FROM stdin block per table),
 * so `psql` can load it into a database migrated to the same version as well as `restore` can.
 * Returns the rows written per table.
 */
export async function writeBackup(pool: Pool, out: Writable): Promise<Record<string, number>> {
  const write = (data: string | Buffer) =>
    new Promise<void>((resolve, reject) => out.write(data, (error) => (error ? reject(error) : resolve())));
  const { rows: ledger } = await pool.query<{ version: number }>(
    'SELECT max(version) AS version FROM schema_migrations',
  );
  const version = ledger[0].version;
  await write(
    `${HEADER}, schema version ${version}, taken ${new Date().toISOString()}\n` +
      `-- Load into a database migrated to version ${version}: npm run restore -- <file>, or psql -f.\n` +
      `SET client_encoding = 'UTF8';\nSET timezone = 'UTC';\n\n`,
  );
  const rows: Record<string, number> = {};
  // One snapshot for every table, so the kiosks and the events agree.
  await transaction(
    pool,
    async (client) => {
      await client.query("SET LOCAL timezone = 'UTC'");
      for (const table of BACKUP_TABLES) {
        const columns = (await columnsOf(client, table)).map(escapeIdentifier).join(', ');
        await write(`COPY public.${table} (${columns}) FROM stdin;\n`);
        // A hypertable's rows are in its chunks: COPY of a query reads them, COPY of the table would not.
        const copy = client.query(copyTo(`COPY (SELECT ${columns} FROM public.${table}) TO STDOUT`));
        for await (const chunk of copy) await write(chunk as Buffer);
        rows[table] = copy.rowCount ?? 0;
        await write('\\.\n\n');
      }
    },
    'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
  );
  return rows;
}

/**
 * A file for a backup, readable by its owner only (it holds password and token hashes), whatever
 * the umask, and also when it is written over an older file. A new folder for it is private too.
 */
export function openBackupFile(path: string): WriteStream {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const fd = openSync(path, 'w', 0o600);
  fchmodSync(fd, 0o600);
  return createWriteStream(path, { fd });
}

/** One field of COPY's text format: \N is NULL; backslash escapes as COPY writes them. */
function copyField(text: string): string | null {
  if (text === '\\N') return null;
  if (!text.includes('\\')) return text;
  const escapes: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
  return text.replace(/\\(.)/g, (_, next: string) => escapes[next] ?? next);
}

/**
 * Loads a backup written by writeBackup, then recomputes the aggregates. Rows already there are
 * kept (a restore can be run again after it was cut short). Works through plain INSERTs, so the
 * embedded database can take it too.
 *
 * A backup is loaded into the schema version it was written at: a new database is migrated to
 * that version first, and to the current one after the load, so the migrations' own data steps
 * (an owner for each API token, the event-id ledger) run over the restored rows as they ran over
 * the original ones. The event-id ledger is not in a backup: it is rebuilt from the restored
 * events, so an event a kiosk sends again after a restore is still counted once.
 */
export async function restoreBackup(
  pool: Pool,
  input: Readable,
  migrations: Migration[] = loadMigrations(),
): Promise<Record<string, number>> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  const restored: Record<string, number> = {};
  let table: BackupTable | undefined;
  let insert = '';
  let columns: (string | null)[][] = [];
  const flush = async () => {
    if (!table || columns[0].length === 0) return;
    const result = await pool.query(insert, columns);
    restored[table] += result.rowCount ?? 0;
    columns = columns.map(() => []);
  };

  let first = true;
  let version = 0;
  for await (const line of lines) {
    if (first) {
      version = await migrateToBackup(pool, line, migrations);
      first = false;
      continue;
    }
    if (table === undefined) {
      const copy = /^COPY public\.([a-z_]+) \((.*)\) FROM stdin;$/.exec(line);
      // A COPY line cut short would otherwise be passed over, and its table with it.
      if (!copy && line.startsWith('COPY '))
        throw new Error('a COPY line is incomplete: the backup is damaged or cut short');
      if (!copy) continue;
      if (!(BACKUP_TABLES as readonly string[]).includes(copy[1]))
        throw new Error(`not a Kiosk Pulse table: ${copy[1]}`);
      table = copy[1] as BackupTable;
      const names = copy[2].split(', ').map((name) => name.replace(/^"(.*)"$/, '$1'));
      insert = await insertFromText(pool, table, names);
      columns = names.map(() => []);
      restored[table] = 0;
    } else if (line === '\\.') {
      await flush();
      table = undefined;
    } else {
      const fields = line.split('\t');
      if (fields.length !== columns.length) {
        throw new Error(
          `a ${table} row has ${fields.length} fields, not ${columns.length}: the backup is damaged or cut short`,
        );
      }
      fields.forEach((field, index) => columns[index].push(copyField(field)));
      if (columns[0].length >= INSERT_BATCH_ROWS) await flush();
    }
  }
  if (first) throw new Error('the backup is empty');
  if (table !== undefined) throw new Error(`the backup ends inside the ${table} rows: it is cut short`);
  // The audit log's ids were restored as they were; new entries continue after them.
  await pool.query(
    "SELECT setval(pg_get_serial_sequence('audit_log', 'id'), coalesce((SELECT max(id) FROM audit_log), 0) + 1, false)",
  );
  // From schema version 22 on, a backup holds the wards' populations as they were, the shipped
  // figures included (or removed, or replaced by an admin): they are not loaded again.
  if (version >= SHIPPED_POPULATIONS_SINCE) await markShippedPopulationsLoaded(pool);
  await migrate(pool, migrations);
  await pool.query(REBUILD_EVENT_ID_LEDGER);
  await refreshAggregates(pool);
  return restored;
}

/*
 * The ids of the restored events that a kiosk could still send again (EVENT_MAX_AGE_DAYS is at
 * most 365; the worker prunes what is older than the window in use), each owned by the kiosk
 * that sent it first, as migration 0013 backfilled them.
 */
const REBUILD_EVENT_ID_LEDGER = `
  INSERT INTO event_ids (id, kiosk_id, occurred_at)
  SELECT DISTINCT ON (id) id, kiosk_id, occurred_at
  FROM events
  WHERE occurred_at > now() - INTERVAL '366 days'
  ORDER BY id, received_at, occurred_at
  ON CONFLICT (id) DO NOTHING`;

/**
 * An INSERT of rows given as one text array per column, each value read by its column type's
 * input function as COPY would. The columns and their types come from the catalog; a column
 * the backup names that the table lacks is an error.
 */
async function insertFromText(pool: Pool, table: BackupTable, names: string[]): Promise<string> {
  const { rows } = await pool.query<{ name: string; type: string }>(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
     WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
    [`public.${table}`],
  );
  const types = new Map(rows.map((row) => [row.name, row.type]));
  const missing = names.filter((name) => !types.has(name));
  if (missing.length > 0) throw new Error(`${table} has no column ${missing.join(', ')}`);
  const list = names.map(escapeIdentifier).join(', ');
  const casts = names.map((name, index) => `c${index}::${types.get(name)}`).join(', ');
  const arrays = names.map((_, index) => `$${index + 1}::text[]`).join(', ');
  const aliases = names.map((_, index) => `c${index}`).join(', ');
  return `INSERT INTO public.${table} (${list}) OVERRIDING SYSTEM VALUE
          SELECT ${casts} FROM unnest(${arrays}) AS row (${aliases})
          ${table === 'events' ? await notClaimedElsewhere(pool, names) : ''}
          ON CONFLICT DO NOTHING`;
}

/*
 * Restored into a database that already counts some events, an event whose id the ledger gives
 * to another kiosk or time (the same event resent since, say) is already counted: it is skipped,
 * as the worker would skip it. Before the ledger existed (schema version 12 and older) there is
 * nothing to look up.
 */
async function notClaimedElsewhere(pool: Pool, names: string[]): Promise<string> {
  const { rows } = await pool.query<{ exists: boolean }>(
    "SELECT to_regclass('public.event_ids') IS NOT NULL AS exists",
  );
  if (!rows[0].exists) return '';
  const column = (name: string) => {
    const index = names.indexOf(name);
    if (index < 0) throw new Error(`the events have no ${name} column`);
    return `c${index}`;
  };
  return `WHERE NOT EXISTS (
            SELECT 1 FROM event_ids AS l WHERE l.id = ${column('id')}::uuid
            AND (l.kiosk_id, l.occurred_at) IS DISTINCT FROM (${column('kiosk_id')}::uuid, ${column('occurred_at')}::timestamptz))`;
}

/**
 * Brings the database to the backup's schema version, whose columns the backup has, and returns
 * that version. A database already past it cannot go back; a backup newer than this code cannot be read.
 */
async function migrateToBackup(pool: Pool, header: string, migrations: Migration[]): Promise<number> {
  const match = /^-- Kiosk Pulse backup, schema version (\d+),/.exec(header);
  if (!match) throw new Error('not a Kiosk Pulse backup');
  const version = Number(match[1]);
  const latest = migrations.at(-1)?.version ?? 0;
  if (version > latest) {
    throw new Error(
      `the backup is of schema version ${version}, newer than this version of Kiosk Pulse (${latest}): restore it with the version that wrote it`,
    );
  }
  const current = await schemaVersion(pool);
  if (current !== null && current > version) {
    throw new Error(
      `the backup is of schema version ${version} and the database is already at ${current}: restore it into a new database (an empty DATA_DIR, or a new database), which is migrated from ${version} to ${latest} after the load`,
    );
  }
  if (current !== version)
    await migrate(
      pool,
      migrations.filter((migration) => migration.version <= version),
    );
  // The kiosks refer to the wards, which a backup does not hold.
  await seedWards(pool);
  return version;
}

async function schemaVersion(pool: Pool): Promise<number | null> {
  const { rows: ledger } = await pool.query<{ exists: boolean }>(
    "SELECT to_regclass('public.schema_migrations') IS NOT NULL AS exists",
  );
  if (!ledger[0].exists) return null;
  const { rows } = await pool.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM schema_migrations',
  );
  return rows[0].version;
}
