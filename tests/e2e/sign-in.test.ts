import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';
import { clearRedisPrefix, testQueuePrefix, testRedisUrl } from '../support/services';

/*
 * Sign-in behind a reverse proxy: the limits are keyed on the client the proxy names (and only a
 * trusted proxy may name one), an account guessed at from many addresses is slowed down but
 * never locked, and every sign-in, failure, lock-out and slow-down is in the audit log.
 */

interface SignIn {
  status: number;
  retryAfter: number | undefined;
  body: { message?: string; token?: string };
}

/**
 * A sign-in as a client connecting from `via` (a loopback address of this machine), saying that
 * it forwards for `forwardedFor` when given.
 */
function signIn(
  url: string,
  username: string,
  password: string,
  options: { forwardedFor?: string; via?: string } = {},
): Promise<SignIn> {
  const body = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/v1/auth/login`,
      {
        method: 'POST',
        localAddress: options.via ?? '127.0.0.1',
        headers: {
          'content-type': 'application/json',
          ...(options.forwardedFor ? { 'x-forwarded-for': options.forwardedFor } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'] === undefined ? undefined : Number(res.headers['retry-after']),
            body: JSON.parse(text) as SignIn['body'],
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function createUser(test: TestApp, username: string, role = 'admin'): Promise<string> {
  const created = await call(`${test.url}/api/v1/users`, {
    json: { username, password: `${username}-password`, role, wardCode: null },
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

const auditOf = async (test: TestApp, action: string): Promise<{ action: string; details: any; actor: string }[]> =>
  (await call(`${test.url}/api/v1/audit?action=${action}&limit=500`)).body;

describe('behind a trusted proxy', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp({
      config: {
        trustedProxies: ['127.0.0.1'],
        loginFailuresBeforeBlock: 3,
        loginRatePerMinute: 6,
        loginAccountFailuresBeforeSlowing: 4,
      },
    });
    await createUser(test, 'chief');
    await createUser(test, 'deputy');
  });

  afterAll(async () => {
    await test?.close();
  });

  it('locks out the client the proxy names, not everyone behind the proxy', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await signIn(test.url, 'deputy', 'guess', { forwardedFor: '203.0.113.1' })).status).toBe(401);
    }
    const locked = await signIn(test.url, 'deputy', 'deputy-password', { forwardedFor: '203.0.113.1' });
    expect(locked).toMatchObject({ status: 429, body: { message: 'too many failed sign-ins; wait and try again' } });
    expect(locked.retryAfter).toBeGreaterThan(60);
    // The same user at another desk behind the same proxy is not locked out.
    expect((await signIn(test.url, 'deputy', 'deputy-password', { forwardedFor: '198.51.100.2' })).status).toBe(200);
    const [lockOut] = await auditOf(test, 'auth.locked-out');
    expect(lockOut).toMatchObject({
      actor: 'anonymous',
      details: { username: 'deputy', address: '203.0.113.1', failures: 3, minutes: 15 },
    });
    expect((await auditOf(test, 'auth.login-failed')).map((entry) => entry.details.address)).toEqual([
      '203.0.113.1',
      '203.0.113.1',
      '203.0.113.1',
    ]);
    expect((await auditOf(test, 'auth.login'))[0]).toMatchObject({
      actor: 'user:deputy',
      details: { address: '198.51.100.2' },
    });
  });

  it('limits sign-in attempts per client, not for the whole city', async () => {
    for (let i = 0; i < 6; i++) {
      expect((await signIn(test.url, 'chief', 'chief-password', { forwardedFor: '203.0.113.3' })).status).toBe(200);
    }
    expect(await signIn(test.url, 'chief', 'chief-password', { forwardedFor: '203.0.113.3' })).toMatchObject({
      status: 429,
      body: { message: 'too many sign-in attempts; wait and try again' },
    });
    expect((await signIn(test.url, 'chief', 'chief-password', { forwardedFor: '203.0.113.4' })).status).toBe(200);
  });

  it('believes X-Forwarded-For only from the trusted proxy', async () => {
    // 127.0.0.2 is a client of its own, not the proxy: what it says it forwards for is ignored.
    for (let i = 0; i < 3; i++) {
      const forwardedFor = `192.0.2.${i + 10}`;
      expect((await signIn(test.url, 'deputy', 'guess', { via: '127.0.0.2', forwardedFor })).status).toBe(401);
    }
    const locked = await signIn(test.url, 'deputy', 'deputy-password', {
      via: '127.0.0.2',
      forwardedFor: '192.0.2.99',
    });
    expect(locked.status).toBe(429);
    const failures = (await auditOf(test, 'auth.login-failed')).slice(0, 3);
    expect(failures.map((entry) => entry.details.address)).toEqual(['127.0.0.2', '127.0.0.2', '127.0.0.2']);
    expect((await signIn(test.url, 'deputy', 'deputy-password', { forwardedFor: '198.51.100.2' })).status).toBe(200);
  });

  it('slows down an account guessed at from many addresses, without locking its owner out', async () => {
    // chief signed in from 203.0.113.4 before: an address the account knows.
    for (let i = 0; i < 4; i++) {
      const guess = await signIn(test.url, 'chief', `guess-${i}`, { forwardedFor: `203.0.113.${20 + i}` });
      expect(guess.status).toBe(401);
    }
    // However many addresses guess, the account now takes one attempt per 2 s, then 4 s, ...
    const slowed = await signIn(test.url, 'chief', 'another-guess', { forwardedFor: '203.0.113.30' });
    expect(slowed).toMatchObject({
      status: 429,
      body: { message: 'this account had many failed sign-ins, so its sign-ins are slowed down; wait and try again' },
    });
    expect(slowed.retryAfter).toBeGreaterThanOrEqual(1);
    expect(slowed.retryAfter).toBeLessThanOrEqual(2);
    expect((await auditOf(test, 'auth.slowed-down'))[0]).toMatchObject({
      actor: 'anonymous',
      details: { username: 'chief', failures: 4, waitSeconds: 2 },
    });

    // Not a lock-out: the owner gets in once the short wait is over, from anywhere ...
    const waited = await retryWhileSlowed(() =>
      signIn(test.url, 'chief', 'yet-another-guess', { forwardedFor: '203.0.113.31' }),
    );
    expect(waited.status).toBe(401);
    const owner = await retryWhileSlowed(() =>
      signIn(test.url, 'chief', 'chief-password', { forwardedFor: '198.51.100.7' }),
    );
    expect(owner.status).toBe(200);
    expect(owner.waitedMs).toBeLessThan(10_000);

    // ... and at once from an address where they signed in before.
    for (let i = 0; i < 5; i++) {
      await retryWhileSlowed(() => signIn(test.url, 'chief', `guess-${i}`, { forwardedFor: `203.0.113.${40 + i}` }));
    }
    expect((await signIn(test.url, 'chief', 'guess', { forwardedFor: '203.0.113.50' })).status).toBe(429);
    expect((await signIn(test.url, 'chief', 'chief-password', { forwardedFor: '198.51.100.7' })).status).toBe(200);
  });
});

describe('with no trusted proxy (the default)', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp({ config: { loginFailuresBeforeBlock: 3 } });
    await createUser(test, 'chief');
  });

  afterAll(async () => {
    await test?.close();
  });

  it('ignores X-Forwarded-For: a client cannot pass for many', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await signIn(test.url, 'chief', 'guess', { forwardedFor: `203.0.113.${i}` })).status).toBe(401);
    }
    expect((await signIn(test.url, 'chief', 'chief-password', { forwardedFor: '203.0.113.9' })).status).toBe(429);
    expect((await auditOf(test, 'auth.login-failed')).map((entry) => entry.details.address)).toEqual([
      '127.0.0.1',
      '127.0.0.1',
      '127.0.0.1',
    ]);
  });
});

describe('the first start', () => {
  it('needs no shared ADMIN_TOKEN: the first admin signs in by name', async () => {
    const test = await startTestApp({
      config: {
        adminToken: undefined,
        firstAdmin: { username: 'first', password: 'first-password', resetPassword: false },
      },
    });
    try {
      expect((await call(`${test.url}/api/v1/users`, { token: ADMIN_TOKEN })).status).toBe(401);
      const first = await signIn(test.url, 'first', 'first-password');
      expect(first.status).toBe(200);
      expect((await call(`${test.url}/api/v1/users`, { token: first.body.token })).status).toBe(200);
    } finally {
      await test.close();
    }
  });

  it('refuses to start a system nobody could sign in to, saying what to set', async () => {
    // The built app, as `npm start` runs it (npm test builds it first), on an empty data folder.
    const queuePrefix = testQueuePrefix();
    const app = spawn(process.execPath, [join(__dirname, '../../dist/apps/api/apps/api/src/main.js')], {
      env: {
        PATH: process.env.PATH,
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'kiosk-pulse-')),
        JWT_SECRET: 'first-start-jwt-secret-0123456789abcdefgh',
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: queuePrefix,
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    app.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const code = await new Promise<number | null>((resolve) => app.once('exit', resolve));
      expect(code).toBe(1);
      expect(stderr.trim()).toBe(
        'Invalid configuration:\n  - ADMIN_USERNAME, ADMIN_PASSWORD: there are no users yet; set both for the first start (or set ADMIN_TOKEN)',
      );
    } finally {
      app.kill('SIGKILL');
      await clearRedisPrefix(queuePrefix);
    }
  }, 120_000);
});

/** Sends again while the answer is "slowed down", waiting as Retry-After says (bounded). */
async function retryWhileSlowed(send: () => Promise<SignIn>): Promise<SignIn & { waitedMs: number }> {
  const started = Date.now();
  for (let attempt = 0; attempt < 20; attempt++) {
    const answer = await send();
    if (answer.status !== 429 || !answer.body.message?.includes('slowed down'))
      return { ...answer, waitedMs: Date.now() - started };
    await new Promise((resolve) => setTimeout(resolve, (answer.retryAfter ?? 1) * 1000));
  }
  throw new Error('still slowed down after 20 attempts');
}
