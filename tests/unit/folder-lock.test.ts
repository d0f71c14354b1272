import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabaseError, lockFolder } from '../../libs/database/src/folder-lock';
import { processStart } from '../../libs/database/src/folder-lock';

/** One process at a time opens an embedded data folder: the lock file beside it says which. */
describe('the data folder lock', () => {
  let dir: string;
  let folder: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kp-lock-'));
    folder = join(dir, 'pglite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const holder = (pid: number, start: string | null) =>
    writeFileSync(`${folder}.lock`, JSON.stringify({ pid, start, since: '2026-12-05T00:00:00.000Z', command: 'x' }));

  it('refuses a folder a running process holds, in one line naming the folder and its pid', () => {
    // A live process other than this one, with its real start time: the one that ran jest.
    holder(process.ppid, processStart(process.ppid));
    let refused: unknown;
    try {
      lockFolder(folder);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(EmbeddedDatabaseError);
    const message = (refused as Error).message;
    expect(message).toContain(folder);
    expect(message).toContain(`process ${process.ppid}`);
    expect(message).not.toContain('\n');
    // The holder's lock is left as it was.
    expect(JSON.parse(readFileSync(`${folder}.lock`, 'utf8')).pid).toBe(process.ppid);
  });

  it('refuses a second open from the same process', () => {
    const lock = lockFolder(folder);
    expect(() => lockFolder(folder)).toThrow(EmbeddedDatabaseError);
    lock.release();
    expect(existsSync(`${folder}.lock`)).toBe(false);
    lockFolder(folder).release();
  });

  it('takes over a lock whose process is gone', async () => {
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid as number;
    await new Promise((resolve) => child.once('exit', resolve));
    holder(pid, '1');
    const lock = lockFolder(folder);
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock whose pid now belongs to another process (started at another time)', () => {
    expect(processStart(process.ppid)).not.toBeNull();
    holder(process.ppid, `${processStart(process.ppid)}0`);
    const lock = lockFolder(folder);
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({
      pid: process.pid,
      start: processStart(process.pid),
    });
    lock.release();
  });

  it('takes over a half-written lock file', () => {
    writeFileSync(`${folder}.lock`, '{"pid":');
    lockFolder(folder).release();
  });

  it('releases only a lock that is still its own', () => {
    const lock = lockFolder(folder);
    holder(process.ppid, processStart(process.ppid));
    lock.release();
    expect(JSON.parse(readFileSync(`${folder}.lock`, 'utf8')).pid).toBe(process.ppid);
  });

  it('is released when the process exits', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `require(${JSON.stringify(join(__dirname, '../../libs/database/src/folder-lock.ts'))}).lockFolder(${JSON.stringify(folder)}); process.exit(3)`,
      ],
      { cwd: join(__dirname, '../..') },
    );
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(3);
    expect(existsSync(`${folder}.lock`)).toBe(false);
  });
});
