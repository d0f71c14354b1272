import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../apps/api/src/local-redis';
import { testRedisUrl } from '../support/services';

const run = promisify(execFile);
const ROOT = join(__dirname, '../..');
const tsx = join(ROOT, 'node_modules/.bin/tsx');

/** What a process printed on stderr and its exit code. */
function exitOf(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

/** A DATABASE_URL nothing answers at is a wrong setting like any other: one line, no stack. */
describe('an unreachable DATABASE_URL', () => {
  let url: string;
  let env: NodeJS.ProcessEnv;
  const expected = (port: number) =>
    'Invalid configuration:\n' +
    `  - DATABASE_URL: cannot connect to kp@127.0.0.1:${port}/kiosk_pulse: nothing answers there (ECONNREFUSED); ` +
    'is the database running, and are its host, port, user, password and name right?\n';

  let port: number;
  beforeAll(async () => {
    // A port nothing listens on (freePort's listener has closed again).
    port = await freePort();
    url = `postgres://kp:secret-password@127.0.0.1:${port}/kiosk_pulse`;
    env = {
      PATH: process.env.PATH,
      DATABASE_URL: url,
      REDIS_URL: testRedisUrl(),
      JWT_SECRET: 'database-url-jwt-secret-0123456789abcdefg',
      ADMIN_TOKEN: 'database-url-admin-token-0123456789',
      PORT: '0',
      HOST: '127.0.0.1',
    };
  });

  it('stops the api and the worker (built, as npm start runs them)', async () => {
    for (const main of ['dist/apps/api/apps/api/src/main.js', 'dist/apps/worker/apps/worker/src/main.js']) {
      const { code, stderr } = await exitOf([join(ROOT, main)], env);
      expect({ main, code, stderr }).toEqual({ main, code: 1, stderr: expected(port) });
    }
  }, 60_000);

  it.each(['migrate', 'backup', 'restore'])(
    'stops npm run %s',
    async (script) => {
      const args = [join(ROOT, `scripts/${script}.ts`), ...(script === 'restore' ? ['backup.sql'] : [])];
      await expect(run(tsx, args, { cwd: ROOT, env })).rejects.toMatchObject({ code: 1, stderr: expected(port) });
    },
    60_000,
  );
});
