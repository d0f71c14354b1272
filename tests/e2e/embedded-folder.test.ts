import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../apps/api/src/local-redis';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { clearRedisPrefix, testQueuePrefix } from '../support/services';

const ROOT = join(__dirname, '../..');
const run = promisify(execFile);
const tsx = join(ROOT, 'node_modules/.bin/tsx');

/** The data folder a Ctrl-C left unopenable (issue 13), kept in shared/ beside the repository. */
function reproTarball(): string {
  const candidates = [join(ROOT, '../shared/repro'), join(ROOT, '../../shared/repro')].map((dir) =>
    join(dir, 'pglite-aborts-after-sigint.tgz'),
  );
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`the broken data folder of issue 13 is not at ${candidates.join(' or ')}`);
  return found;
}

/** What the process wrote to stderr and stdout, without blank lines. */
const linesOf = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

/** A request whose body never comes: it holds the app's stop open for its grace period (5 s). */
async function holdStopOpen(app: AppProcess): Promise<Socket> {
  const slow = connect(Number(new URL(app.url).port), '127.0.0.1');
  slow.on('error', () => undefined);
  await new Promise((resolve) => slow.once('connect', resolve));
  slow.write(
    'POST /api/v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
  );
  return slow;
}

/*
 * The embedded default's data folder (issue 13): one process owns it, a stop closes it once
 * whatever signals come, and a folder that cannot be opened is named, with the way out.
 */
describe('the embedded data folder', () => {
  jest.setTimeout(120_000);
  let dir: string;
  let queuePrefix: string;
  const apps: AppProcess[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kp-folder-'));
    queuePrefix = testQueuePrefix();
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) {
      try {
        app.signal('SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await clearRedisPrefix(queuePrefix);
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async (dataDir: string) => {
    const app = startAppProcess({ dataDir, port: await freePort(), queuePrefix });
    apps.push(app);
    return app;
  };
  const cli = (script: string, args: string[], dataDir: string) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    return run(tsx, [join(ROOT, 'scripts', script), ...args], { env, cwd: ROOT }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
  };

  it('is refused to a backup, a restore or a second app while the app owns it, in one line', async () => {
    const dataDir = join(dir, 'data');
    const app = await start(dataDir);
    await app.ready();
    const pid = app.child.pid as number;
    const folder = join(dataDir, 'pglite');

    const refusals = [
      await cli('backup.ts', ['--out', join(dir, 'b.sql.gz')], dataDir),
      await cli('restore.ts', [join(dir, 'none.sql.gz')], dataDir),
    ];
    const second = await start(dataDir);
    const secondEnd = await second.exited;
    for (const [refusal, code] of [
      ...refusals.map((refusal) => [refusal.stderr, refusal.code] as const),
      [second.output(), secondEnd.code] as const,
    ]) {
      expect(code).toBe(1);
      expect(linesOf(refusal)).toHaveLength(1);
      expect(refusal).toContain(folder);
      expect(refusal).toContain(`process ${pid}`);
    }
    expect(existsSync(join(dir, 'b.sql.gz'))).toBe(false);

    // The owner was not disturbed: it answers, stops cleanly and the folder opens again.
    expect((await fetch(`${app.url}/api/v1/health/ready`)).status).toBe(200);
    app.child.kill('SIGINT');
    expect(await app.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(`${folder}.lock`)).toBe(false);
    const backup = await cli('backup.ts', ['--out', join(dir, 'b.sql.gz')], dataDir);
    expect(backup).toMatchObject({ code: 0 });
    const again = await start(dataDir);
    await again.ready();
    again.child.kill('SIGTERM');
    expect(await again.exited).toEqual({ code: 0, signal: null });
  });

  it('stops once when Ctrl-C comes again and again during the stop, and opens again', async () => {
    const dataDir = join(dir, 'data');
    const app = await start(dataDir);
    await app.ready();
    const slow = await holdStopOpen(app);
    app.child.kill('SIGINT');
    while (!app.output().includes('SIGINT: stopping')) await new Promise((resolve) => setTimeout(resolve, 10));
    // More Ctrl-Cs and a SIGTERM while it stops, as an impatient person at a terminal sends them.
    for (const signal of ['SIGINT', 'SIGINT', 'SIGTERM'] as const) app.child.kill(signal);
    expect(await app.exited).toEqual({ code: 0, signal: null });
    slow.destroy();
    expect(app.output()).toContain('already stopping');
    expect(app.output()).toContain('"msg":"stopped"');
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false);

    const again = await start(dataDir);
    await again.ready();
    again.child.kill('SIGINT');
    expect(await again.exited).toEqual({ code: 0, signal: null });
  });

  it('stops once under `npm start` too, when the terminal sends Ctrl-C again and again', async () => {
    const dataDir = join(dir, 'data');
    const app = startAppProcess({ dataDir, port: await freePort(), queuePrefix, npmStart: true });
    apps.push(app);
    await app.ready();
    const slow = await holdStopOpen(app);
    // A terminal's Ctrl-C goes to every process of the foreground group: npm, and what it runs.
    app.signal('SIGINT');
    while (!app.output().includes('SIGINT: stopping')) await new Promise((resolve) => setTimeout(resolve, 10));
    app.signal('SIGINT');
    app.signal('SIGINT');
    await app.exited;
    slow.destroy();
    // npm itself ends by the signal (its own way); the app under it stopped cleanly, to the end.
    expect(app.output()).toContain('already stopping');
    expect(app.output()).toContain('"msg":"stopped"');
    expect(app.output()).not.toMatch(/RuntimeError|Aborted/);
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false);
    const again = await start(dataDir);
    await again.ready();
    again.child.kill('SIGINT');
    expect(await again.exited).toEqual({ code: 0, signal: null });
  });

  /** The one line a start on an unopenable folder prints, and no wasm stack; no lock left behind. */
  const expectNamedAndReleased = async (dataDir: string) => {
    const folder = join(dataDir, 'pglite');
    const app = await start(dataDir);
    expect((await app.exited).code).toBe(1);
    const lines = linesOf(app.output());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`the embedded database in ${folder} cannot be opened`);
    expect(lines[0]).toContain('npm run restore');
    expect(lines[0]).toContain(`mv ${folder} ${folder}.broken`);
    expect(app.output()).not.toMatch(/wasm|RuntimeError/);
    // Nothing holds the folder afterwards: it can be moved aside, backed up or restored into.
    expect(existsSync(`${folder}.lock`)).toBe(false);
  };

  it('says in one line which folder cannot be opened when its write-ahead log is gone', async () => {
    // The same failure as issue 13's folder ("could not locate a valid checkpoint record"),
    // made here so the test needs nothing beside the checkout.
    const dataDir = join(dir, 'data');
    const app = await start(dataDir);
    await app.ready();
    app.child.kill('SIGINT');
    expect(await app.exited).toEqual({ code: 0, signal: null });
    const wal = join(dataDir, 'pglite', 'pg_wal');
    const segments = readdirSync(wal).filter((name) => /^[0-9A-F]{24}$/.test(name));
    expect(segments.length).toBeGreaterThan(0);
    for (const segment of segments) rmSync(join(wal, segment));
    await expectNamedAndReleased(dataDir);
  });

  it('says in one line which folder cannot be opened and what to do (the folder of issue 13)', async () => {
    await run('tar', ['-xzf', reproTarball(), '-C', dir]);
    await expectNamedAndReleased(join(dir, 'data-broken-after-sigint'));
  });
});
