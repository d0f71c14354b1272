import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../apps/api/src/local-redis';
import { post, visit } from '../browser/fixtures';
import { call } from '../support/http';
import { clearRedisPrefix, testQueuePrefix, testRedisUrl } from '../support/services';

const MAIN = join(__dirname, '../../dist/apps/api/apps/api/src/main.js');

interface Banner {
  username: string;
  password: string;
  wallLink: string;
  publicLink: string;
  adminToken: string;
  kioskLink: string;
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
        const kiosk = /Kiosk app, .*Tân Sơn Hòa \(works once, within 10 minutes.*\): (\S+)\n/.exec(out);
        if (banner && kiosk) {
          const [, username, password, wallLink, publicLink, adminToken] = banner;
          resolve({ username, password, wallLink, publicLink, adminToken, kioskLink: kiosk[1] });
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

  let paired: string | undefined;

  /** The printed kiosk link pairs the app to the demo kiosk of Tân Sơn Hòa, whose key then counts a visit. */
  const pairsAndCounts = async (url: string, banner: Banner): Promise<string> => {
    const link = new RegExp(`^http://localhost:${port}/kiosk/#pair=([A-Z0-9]{4}-[A-Z0-9]{4})$`).exec(banner.kioskLink);
    expect(link).not.toBeNull();
    const pair = await call(`${url}/api/v1/kiosk/pair`, { token: null, json: { code: link![1] } });
    expect(pair.status).toBe(200);
    expect(pair.body).toMatchObject({ wardCode: '26977', wardName: 'Phường Tân Sơn Hòa' });
    const kiosk = `${url}/api/v1/kiosks/${pair.body.kioskId}`;
    const before = (await call(kiosk, { token: banner.adminToken })).body.eventsStored as number;
    const events = visit(Date.now() - 60_000, '60_64');
    await post(url, pair.body.key, events);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const stored = (await call(kiosk, { token: banner.adminToken })).body.eventsStored as number;
      if (stored === before + events.length) break;
      if (Date.now() > deadline) throw new Error(`the demo kiosk has ${stored} events stored`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Single use: the link does not pair a second device.
    expect((await call(`${url}/api/v1/kiosk/pair`, { token: null, json: { code: link![1] } })).status).toBe(404);
    paired ??= pair.body.kioskId as string;
    return pair.body.kioskId as string;
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
    await pairsAndCounts(url, first);
    // History for the two demo kiosks and the demo's own, and the targets, written once.
    const range = new URLSearchParams({
      from: new Date(Date.now() - 91 * 86_400_000).toISOString(),
      to: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    });
    const visits = async () =>
      (await call(`${url}/api/v1/stats/summary?${range}`, { token: first.adminToken })).body.peopleReached as number;
    const history = await visits();
    expect(history).toBeGreaterThan(100);
    const targets = (await call(`${url}/api/v1/targets`, { token: first.adminToken })).body as { wardCode: string }[];
    expect(targets.filter((target) => target.wardCode === null)).toHaveLength(2);
    expect(new Set(targets.map((target) => target.wardCode)).size).toBe(169);
    const kioskDays = (await call(`${url}/api/v1/campaigns`, { token: first.adminToken })).body as {
      wardCode: string;
      place: string | null;
      kioskIds: string[];
    }[];
    expect(kioskDays.find((day) => day.wardCode === '26977')).toMatchObject({ place: 'Khu phố 28' });
    // Alert rules of each kind, list-only, in the wards of those kiosk days.
    const rules = async () =>
      (await call(`${url}/api/v1/alerts/rules`, { token: first.adminToken })).body as {
        wardCode: string;
        kind: string;
        emailTo: string[];
        webhookUrl: string | null;
      }[];
    const seeded = await rules();
    expect(seeded).toHaveLength(3 * new Set(kioskDays.map((day) => day.wardCode)).size);
    expect(
      seeded
        .filter((rule) => rule.wardCode === '26977')
        .map((rule) => rule.kind)
        .sort(),
    ).toEqual(['behind_pace', 'silent_kiosk', 'sudden_drop']);
    expect(seeded.every((rule) => rule.emailTo.length === 0 && rule.webhookUrl === null)).toBe(true);
    await stopDemo();

    // The next start prints the same, and a browser signed in before is still signed in; the
    // kiosk link is a new code (the first was used) for the same kiosk.
    const second = await startDemo();
    expect({ ...second, kioskLink: '' }).toEqual({ ...first, kioskLink: '' });
    expect(second.kioskLink).not.toBe(first.kioskLink);
    const again = await pairsAndCounts(url, second);
    expect(again).toBe(paired);
    expect((await call(`${url}/api/v1/users`, { token: signedIn.body.token })).status).toBe(200);
    expect((await call(`${url}/api/v1/tokens`, { token: first.adminToken })).body).toHaveLength(1);
    expect(await visits()).toBe(history);
    expect((await call(`${url}/api/v1/targets`, { token: first.adminToken })).body).toHaveLength(targets.length);
    expect(await rules()).toHaveLength(seeded.length);
    await stopDemo();
  }, 180_000);
});
