import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { escapeIdentifier, type Pool, type PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { refreshAggregates } from './aggregates';
import { transaction } from './transaction';

/*
 * What a backup holds: the settings (ward populations, kiosks, users, API tokens, the audit
 * log) and the raw events, parents before children. Not the wards, which every migrated
 * database is seeded with, nor the aggregates, which are computed again from the events.
 */
export const BACKUP_TABLES = ['ward_populations', 'kiosks', 'users', 'api_tokens', 'audit_log', 'events'] as const;
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

/** One field of COPY's text format: \N is NULL; backslash escapes as COPY writes them. */
function copyField(text: string): string | null {
  if (text === '\\N') return null;
  if (!text.includes('\\')) return text;
  const escapes: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
  return text.replace(/\\(.)/g, (_, next: string) => escapes[next] ?? next);
}

/**
 * Loads a backup written by writeBackup into a database migrated to the same version, then
 * recomputes the aggregates. Rows already there are kept (a restore can be run again after it
 * was cut short). Works through plain INSERTs, so the embedded database can take it too.
 */
export async function restoreBackup(pool: Pool, input: Readable): Promise<Record<string, number>> {
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
  for await (const line of lines) {
    if (first) {
      await checkVersion(pool, line);
      first = false;
      continue;
    }
    if (table === undefined) {
      const copy = /^COPY public\.([a-z_]+) \((.*)\) FROM stdin;$/.exec(line);
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
  await refreshAggregates(pool);
  return restored;
}

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
          SELECT ${casts} FROM unnest(${arrays}) AS row (${aliases}) ON CONFLICT DO NOTHING`;
}

/** The backup's schema version must be the database's: its columns are those of that version. */
async function checkVersion(pool: Pool, header: string): Promise<void> {
  const match = /^-- Kiosk Pulse backup, schema version (\d+),/.exec(header);
  if (!match) throw new Error('not a Kiosk Pulse backup');
  const { rows } = await pool.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM schema_migrations',
  );
  if (Number(match[1]) !== rows[0].version) {
    throw new Error(
      `the backup is of schema version ${match[1]} and the database is at ${rows[0].version ?? 'none'}: migrate it to the same version first`,
    );
  }
}
