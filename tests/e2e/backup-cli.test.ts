import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import type { Pool } from 'pg';
import { loadMigrations, writeBackup } from '@kiosk-pulse/database';
import { resetDatabase, testPool } from '../support/services';

const run = promisify(execFile);
const tsx = join(__dirname, '../../node_modules/.bin/tsx');

/** The lines of a backup but its header (which says when it was taken), in order: row order may differ. */
const data = (text: string) => text.split('\n').slice(1).sort();

/**
 * `npm run restore` and `npm run backup` as an operator runs them on the embedded default:
 * against the database under DATA_DIR, with the app stopped.
 */
describe('backup and restore commands (embedded default)', () => {
  let pool: Pool;
  let dir: string;

  beforeAll(() => {
    pool = testPool();
    dir = mkdtempSync(join(tmpdir(), 'kp-backup-'));
  });

  afterAll(async () => {
    await resetDatabase(pool);
    await pool.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores a backup into a new data directory and backs the same data up again', async () => {
    const original = await backupOfOneKiosk(pool, 50);
    const source = join(dir, 'source.sql');
    writeFileSync(source, original);

    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: join(dir, 'data') };
    delete env.DATABASE_URL;
    const restored = await run(tsx, [join(__dirname, '../../scripts/restore.ts'), source], { env });
    expect(restored.stdout).toMatch(/events\s*│\s*50/);
    const copy = join(dir, 'copy.sql.gz');
    // Written over an older, world-readable file: the backup holds password and token hashes.
    writeFileSync(copy, '', { mode: 0o644 });
    const backedUp = await run(tsx, [join(__dirname, '../../scripts/backup.ts'), '--out', copy], { env });
    expect(backedUp.stdout).toContain(`backup written to ${copy}`);
    expect(data(gunzipSync(readFileSync(copy)).toString())).toEqual(data(original));
    expect(statSync(copy).mode & 0o777).toBe(0o600);
    const fresh = join(dir, 'new', 'fresh.sql.gz');
    await run(tsx, [join(__dirname, '../../scripts/backup.ts'), '--out', fresh], { env });
    expect(statSync(fresh).mode & 0o777).toBe(0o600);

    // A file that is not a backup is refused with a clear message and a failing exit code.
    await expect(
      run(tsx, [join(__dirname, '../../scripts/restore.ts'), join(__dirname, 'backup-cli.test.ts')], { env }),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('not a Kiosk Pulse backup'),
    });
  }, 180_000);

  it('restores a backup taken before the event-id ledger existed, and counts a resent event once', async () => {
    const current = await backupOfOneKiosk(pool, 20);
    // The same data as schema version 12 wrote it: none of the columns and tables of later migrations.
    const laterColumns = [
      ['kiosks', 'last_error_code'],
      ['kiosks', 'heartbeat_at'],
      ['kiosks', 'pending_events'],
      ['kiosks', 'app_version'],
      ['events', 'outcome'],
      ['events', 'rating'],
      ['ward_populations', 'estimate'],
      ['ward_populations', 'population_60_plus_estimate'],
    ] as const;
    const later = [
      'age_split_periods',
      'age_split_cells',
      'funnel_split_cells',
      'share_links',
      'group_populations',
      'teams',
      'team_kiosks',
      'targets',
      'campaigns',
      'campaign_kiosks',
      'report_subscriptions',
      'report_deliveries',
      'alert_rules',
    ];
    const before0013 = later
      .reduce(
        (text, table) => withoutTable(text, table),
        laterColumns.reduce((text, [table, column]) => withoutColumn(text, table, column), current),
      )
      .replace(/schema version \d+,/, 'schema version 12,');
    const source = join(dir, 'before-0013.sql');
    writeFileSync(source, before0013);
    const dataDir = join(dir, 'restored-0012');
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    const restored = await run(tsx, [join(__dirname, '../../scripts/restore.ts'), source], { env });
    expect(restored.stdout).toMatch(/events\s*│\s*20/);

    const probe = await run(tsx, [join(__dirname, '../support/event-id-ledger-probe.ts'), join(dataDir, 'pglite')]);
    expect(JSON.parse(probe.stdout)).toEqual({
      version: loadMigrations().at(-1)!.version,
      events: 20,
      unclaimed: 0,
      resentInserted: 0,
    });
  }, 120_000);
});

/**
 * Empties the database, gives it one kiosk in Phường Sài Gòn with `events` visits begun a minute
 * apart before now, and backs it up: the backup's text.
 */
async function backupOfOneKiosk(pool: Pool, events: number): Promise<string> {
  await resetDatabase(pool);
  const kiosk = randomUUID();
  await pool.query(`INSERT INTO kiosks (id, ward_code, label, key_hash) VALUES ($1, '26740', 'Nhà văn hoá', '\\x01')`, [
    kiosk,
  ]);
  await pool.query(
    `INSERT INTO events (id, occurred_at, received_at, kiosk_id, ward_code, type, age_group)
     SELECT gen_random_uuid(), now() - make_interval(mins => g), now(), $1, '26740', 'visit_started', '75_plus'
     FROM generate_series(1, $2::int) AS g`,
    [kiosk, events],
  );
  let text = '';
  await writeBackup(
    pool,
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString();
        done();
      },
    }),
  );
  return text;
}

/** A backup's text with one column of one table's COPY block taken out. */
/** A backup's text without a table's COPY section, as a backup from before the table would be. */
function withoutTable(text: string, table: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`COPY public.${table} (`));
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.indexOf('\\.', start);
  lines.splice(start, end - start + 1);
  return lines.join('\n');
}

function withoutColumn(text: string, table: string, column: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`COPY public.${table} (`));
  const names = /\((.*)\)/.exec(lines[start])![1].split(', ');
  const index = names.indexOf(`"${column}"`);
  expect(index).toBeGreaterThanOrEqual(0);
  lines[start] = lines[start].replace(`, "${column}"`, '').replace(`"${column}", `, '');
  for (let line = start + 1; lines[line] !== '\\.'; line++) {
    const fields = lines[line].split('\t');
    fields.splice(index, 1);
    lines[line] = fields.join('\t');
  }
  return lines.join('\n');
}
