import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../apps/api/src/local-redis';
import { builtFrom, sourcesHash } from '../../scripts/build-stamp';
import { clearRedisPrefix, testQueuePrefix, testRedisUrl } from '../support/services';

const run = promisify(execFile);
const ROOT = join(__dirname, '../..');

/** `npm start` as a newcomer runs it. */
describe('npm start', () => {
  let dataDir: string;
  const queuePrefix = testQueuePrefix();

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kp-start-'));
  });

  afterAll(async () => {
    await clearRedisPrefix(queuePrefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says what is wrong with the settings before it builds anything', async () => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, PORT: 'eighty' };
    const failed = await run('npm', ['start'], { cwd: ROOT, env }).catch((error: Error & { stdout: string }) => error);
    expect(failed).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        'Invalid configuration:\n  - PORT: Invalid input: expected number, received NaN\n  - JWT_SECRET: is required (or run with --demo) (not set)\n',
      ),
    });
    expect((failed as { stdout: string }).stdout).not.toMatch(/build/);
  }, 60_000);

  it('starts without building when the sources are unchanged since the last build', async () => {
    // npm test builds first, and npm records what every build was made from.
    expect(builtFrom(ROOT, sourcesHash(ROOT))).toBe(true);
    const port = await freePort();
    const app = spawn('npm', ['start', '--', '--demo', '--kiosks', '1', '--rate', '1'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: dataDir,
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: queuePrefix,
      },
      // A process group of its own, to get a Ctrl-C as a terminal sends it: to every process in it.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    app.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    app.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => app.once('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        app.stdout.on('data', () => out.includes('Kiosk Pulse demo is running') && resolve());
        void exited.then((code) => reject(new Error(`npm start ended with ${code}:\n${out}`)));
      });
      expect(out).toContain('build up to date (sources unchanged since the last build)');
      expect(out).not.toMatch(/nest build|vite build/);
      expect((await fetch(`http://127.0.0.1:${port}/api/v1/health/live`)).status).toBe(200);
    } finally {
      // Already gone when it ended on its own: then the reason is the error above, not this.
      if (app.exitCode === null && app.signalCode === null) {
        process.kill(-app.pid!, 'SIGINT');
        await exited;
      }
    }
  }, 120_000);
});
