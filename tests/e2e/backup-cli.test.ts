import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import type { Pool } from 'pg';
import { writeBackup } from '@kiosk-pulse/database';
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
    await resetDatabase(pool);
    const kiosk = randomUUID();
    await pool.query(
      `INSERT INTO kiosks (id, ward_code, label, key_hash) VALUES ($1, '26740', 'Nhà văn hoá', '\\x01')`,
      [kiosk],
    );
    await pool.query(
      `INSERT INTO events (id, occurred_at, received_at, kiosk_id, ward_code, type, age_group)
       SELECT gen_random_uuid(), now() - make_interval(mins => g), now(), $1, '26740', 'visit_started', '75_plus'
       FROM generate_series(1, 50) AS g`,
      [kiosk],
    );
    let original = '';
    await writeBackup(
      pool,
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          original += chunk.toString();
          done();
        },
      }),
    );
    const source = join(dir, 'source.sql');
    writeFileSync(source, original);

    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: join(dir, 'data') };
    delete env.DATABASE_URL;
    const restored = await run(tsx, [join(__dirname, '../../scripts/restore.ts'), source], { env });
    expect(restored.stdout).toMatch(/events\s*│\s*50/);
    const copy = join(dir, 'copy.sql.gz');
    const backedUp = await run(tsx, [join(__dirname, '../../scripts/backup.ts'), '--out', copy], { env });
    expect(backedUp.stdout).toContain(`backup written to ${copy}`);
    expect(data(gunzipSync(readFileSync(copy)).toString())).toEqual(data(original));

    // A file that is not a backup is refused with a clear message and a failing exit code.
    await expect(
      run(tsx, [join(__dirname, '../../scripts/restore.ts'), join(__dirname, 'backup-cli.test.ts')], { env }),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('not a Kiosk Pulse backup'),
    });
  });
});
