import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../apps/api/src/local-redis';
import { call } from '../support/http';
import { clearRedisPrefix, testQueuePrefix, testRedisUrl } from '../support/services';

const MAIN = join(__dirname, '../../dist/apps/api/apps/api/src/main.js');

interface Banner {
  username: string;
  password: string;
  wallLink: string;
  publicLink: string;
  adminToken: string;
}

/** `npm start -- --demo` as a newcomer runs it (the built app; npm test builds it first). */
describe('the demo', () => {
  let dataDir: string;
  let port: number;
  const queuePrefix = testQueuePrefix();
  let app: ChildProcess | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kp-demo-'));
    port = await freePort();
  });

  afterAll(async () => {
    app?.kill('SIGKILL');
    await clearRedisPrefix(queuePrefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const startDemo = async (): Promise<Banner> => {
    app = spawn(process.execPath, [MAIN, '--demo', '--kiosks', '2', '--rate', '2'], {
      env: {
        PATH: process.env.PATH,
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: dataDir,
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: queuePrefix,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    app.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    return new Promise<Banner>((resolve, reject) => {
      app!.once('exit', (code) => reject(new Error(`the demo ended with ${code}:\n${out}`)));
      app!.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const banner =
          /sign in as (\S+) \/ (\S+)\)\n.*Wall screen, read-only, no sign-in: (\S+)\n.*Public page .*: (\S+)\n.*Admin token \(API, CLI\): (\S+)\n/.exec(
            out,
          );
        if (banner) {
          const [, username, password, wallLink, publicLink, adminToken] = banner;
          resolve({ username, password, wallLink, publicLink, adminToken });
        }
      });
    });
  };

  const stopDemo = async () => {
    app!.removeAllListeners('exit');
    const exited = new Promise((resolve) => app!.once('exit', resolve));
    app!.kill('SIGTERM');
    await exited;
    app = undefined;
  };

  it('prints a read-only wall link and keeps its secrets for the next start', async () => {
    const url = `http://127.0.0.1:${port}`;
    const first = await startDemo();
    const link = new RegExp(`^http://localhost:${port}/\\?wall=1#token=(kpt_[\\w-]+)$`).exec(first.wallLink);
    expect(link).not.toBeNull();
    const wallToken = link![1];
    expect(wallToken).not.toBe(first.adminToken);
    const me = await call(`${url}/api/v1/auth/me`, { token: wallToken });
    expect(me.body.user).toMatchObject({ role: 'city_official', wardCode: null });
    expect((await call(`${url}/api/v1/stats/summary`, { token: wallToken })).status).toBe(200);
    expect((await call(`${url}/api/v1/users`, { token: wallToken })).status).toBe(403);
    expect(
      (await call(`${url}/api/v1/kiosks`, { token: wallToken, json: { wardCode: '26740', label: 'x' } })).status,
    ).toBe(403);
    // Metrics are open on one's own machine in the demo (closed by default otherwise).
    expect((await fetch(`${url}/metrics`)).status).toBe(200);
    const signedIn = await call(`${url}/api/v1/auth/login`, {
      token: null,
      json: { username: first.username, password: first.password },
    });
    expect(signedIn.status).toBe(200);
    expect(statSync(join(dataDir, 'demo-secrets.json')).mode & 0o777).toBe(0o600);
    // The public page of the city: a share link, opened without signing in.
    const share = new RegExp(`^http://localhost:${port}/share/#(kps_[\\w-]+)$`).exec(first.publicLink);
    expect(share).not.toBeNull();
    const view = await fetch(`${url}/api/v1/public/view`, { headers: { 'x-share-token': share![1] } });
    expect(view.status).toBe(200);
    expect(await view.json()).toMatchObject({ scope: 'city', wardCode: null });
    await stopDemo();

    // The next start prints the same, and a browser signed in before is still signed in.
    const second = await startDemo();
    expect(second).toEqual(first);
    expect((await call(`${url}/api/v1/users`, { token: signedIn.body.token })).status).toBe(200);
    expect((await call(`${url}/api/v1/tokens`, { token: first.adminToken })).body).toHaveLength(1);
    await stopDemo();
  }, 180_000);
});
