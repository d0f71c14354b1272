import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { io } from 'socket.io-client';
import { API_CONFIG, type ApiConfig } from '../../apps/api/src/config/api-config';
import { LiveGateway } from '../../apps/api/src/live/live.gateway';
import { liveReads } from '../../apps/api/src/live/live.metrics';
import { LiveClient, startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';

/*
 * The /live socket holds a credential for hours: it must end when the credential ends (sign-out,
 * a revoked token, expiry), and one user must not be able to starve the database (the embedded
 * one has a single connection) with messages or sockets. Real socket.io clients against the app.
 */
describe('the /live socket and its credentials', () => {
  const WARD = '26740';
  const LIMITS = { maxSocketsPerUser: 3, maxSockets: 12, messagesPerMinute: 30, userMessagesPerMinute: 45 };
  let test: TestApp;
  const url = (path: string) => `${test.url}${path}`;
  const opened: LiveClient[] = [];

  const open = async (token: string) => {
    const live = new LiveClient(test.url, token);
    opened.push(live);
    await live.connected();
    return live;
  };
  /** Connections the app's socket.io server holds (refused ones close a moment after their refusal). */
  const engineClients = () =>
    (test.app.get(LiveGateway) as unknown as { namespace: { server: { engine: { clientsCount: number } } } }).namespace
      .server.engine.clientsCount;
  async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt++) {
      if (await condition()) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  }
  /** Opens a socket once the app has let go of one the test closed. */
  async function reopen(token: string): Promise<LiveClient> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await open(token);
      } catch (error) {
        if (attempt >= 100) throw error;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
  }
  const closed = (live: LiveClient) =>
    new Promise<void>((resolve) => {
      if (live.socket.disconnected) resolve();
      else live.socket.once('disconnect', () => resolve());
    });

  async function staff(username: string): Promise<{ id: string; token: string }> {
    const created = await call(url('/api/v1/users'), {
      json: { username, password: `${username}-password`, role: 'ward_staff', wardCode: WARD },
    });
    expect(created.status).toBe(201);
    const signedIn = await call(url('/api/v1/auth/login'), {
      token: null,
      json: { username, password: `${username}-password` },
    });
    expect(signedIn.status).toBe(200);
    return { id: created.body.id, token: signedIn.body.token };
  }

  beforeAll(async () => {
    test = await startTestApp({ config: { live: LIMITS } });
  });

  afterEach(() => {
    for (const live of opened.splice(0)) live.close();
  });

  afterAll(async () => {
    await test?.close();
  });

  it('closes a socket when its sign-in ends, and refuses it afterwards', async () => {
    const user = await staff('ward.logout');
    const live = await open(user.token);
    expect(await live.subscribe({ wardCode: WARD })).toEqual({ ok: true, room: `ward:${WARD}` });
    expect((await call(url('/api/v1/auth/logout'), { token: user.token, method: 'POST' })).status).toBe(204);
    await closed(live);
    await expect(new LiveClient(test.url, user.token).connected()).rejects.toThrow('unauthorized');
  });

  it('closes the sockets of an API token when it is revoked', async () => {
    const made = await call(url('/api/v1/tokens'), { json: { name: 'wall screen' } });
    const [first, second] = [await open(made.body.token), await open(made.body.token)];
    expect(await first.subscribe({})).toEqual({ ok: true, room: 'city' });
    expect((await call(url(`/api/v1/tokens/${made.body.id}/revoke`), { method: 'POST' })).status).toBe(200);
    await Promise.all([closed(first), closed(second)]);
    await expect(new LiveClient(test.url, made.body.token).connected()).rejects.toThrow('unauthorized');
  });

  it('checks the credential again on every subscribe', async () => {
    // A sign-out this api process was not told about (it happened on another, while Redis was away).
    const user = await staff('ward.elsewhere');
    const live = await open(user.token);
    expect(await live.subscribe({ wardCode: WARD })).toEqual({ ok: true, room: `ward:${WARD}` });
    const { jti, exp } = JSON.parse(Buffer.from(user.token.split('.')[1], 'base64url').toString()) as {
      jti: string;
      exp: number;
    };
    await test.pool.query('INSERT INTO revoked_sessions (jti, expires_at) VALUES ($1, to_timestamp($2))', [jti, exp]);
    expect(await live.subscribe({})).toEqual({ ok: false, error: 'unauthorized' });
    await closed(live);
  });

  it('closes a sign-in socket when its token expires', async () => {
    const user = await staff('ward.expiring');
    const jwt = new JwtService({ secret: test.app.get<ApiConfig>(API_CONFIG).jwtSecret });
    const token = await jwt.signAsync({ sub: user.id, tv: 0, jti: randomUUID() }, { expiresIn: 2 });
    const exp = (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { exp: number }).exp;
    const live = await open(token);
    expect(await live.subscribe({})).toEqual({ ok: true, room: 'city' });
    await closed(live);
    // Closed by the expiry itself, not by a check that happened to come by: at the second it ends.
    expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000 - 1_000);
    expect(Date.now()).toBeLessThan(exp * 1000 + 5_000);
  });

  it('answers a flood of subscribes from one socket with "too many", from one shared read', async () => {
    const user = await staff('ward.flood');
    const live = await open(user.token);
    const readsBefore = (await liveReads.get()).values[0]?.value ?? 0;
    const answers = (await Promise.all(
      Array.from({ length: 3_000 }, () => live.socket.timeout(30_000).emitWithAck('subscribe', { wardCode: WARD })),
    )) as { ok: boolean; error?: string }[];
    const refused = answers.filter((answer) => !answer.ok);
    expect(answers.length - refused.length).toBe(LIMITS.messagesPerMinute);
    expect(new Set(refused.map((answer) => answer.error))).toEqual(new Set(['too many messages; wait a little']));
    // Every accepted subscribe got the ward's counts; the database was read for them once or twice
    // (the first subscribe, and the live push of a room that came into use), not once each.
    expect(live.received.filter((counts) => counts.wardCode === WARD)).toHaveLength(LIMITS.messagesPerMinute);
    const reads = ((await liveReads.get()).values[0]?.value ?? 0) - readsBefore;
    expect(reads).toBeLessThanOrEqual(3);

    // The same user's other socket has what is left of the user's allowance only.
    const other = await open(user.token);
    const more = (await Promise.all(Array.from({ length: 40 }, () => other.subscribe({ wardCode: WARD })))) as {
      ok: boolean;
    }[];
    expect(more.filter((answer) => answer.ok)).toHaveLength(LIMITS.userMessagesPerMinute - LIMITS.messagesPerMinute);

    // Everyone else is still served.
    expect((await call(url('/api/v1/health/ready'), { token: null })).status).toBe(200);
    expect((await call(url(`/api/v1/stats/summary?wardCode=${WARD}`))).status).toBe(200);
    const neighbour = await open((await staff('ward.neighbour')).token);
    expect(await neighbour.subscribe({ wardCode: WARD })).toEqual({ ok: true, room: `ward:${WARD}` });
  });

  it('caps the sockets one user may hold, and the sockets in all', async () => {
    const user = await staff('ward.tabs');
    const tabs = [await open(user.token), await open(user.token), await open(user.token)];
    await expect(new LiveClient(test.url, user.token).connected()).rejects.toThrow(
      'too many open connections for this user; close another tab',
    );
    tabs[0].close();
    const again = await reopen(user.token);
    expect(await again.subscribe({})).toEqual({ ok: true, room: 'city' });

    // 3 open now; others fill the process up to its cap of 12.
    await until(() => engineClients() === 3, 'the refused connection to close');
    for (let i = 0; i < 3; i++) {
      const other = await staff(`ward.other${i}`);
      for (let j = 0; j < 3; j++) await open(other.token);
    }
    expect(engineClients()).toBe(LIMITS.maxSockets);
    const extra = await staff('ward.late');
    await expect(new LiveClient(test.url, extra.token).connected()).rejects.toThrow();
    opened[opened.length - 1].close();
    await expect(reopen(extra.token)).resolves.toBeDefined();
  });

  it('refuses connections to the root namespace', async () => {
    const user = await staff('ward.root');
    for (const auth of [{}, { token: user.token }]) {
      const socket = io(test.url, { auth, transports: ['websocket'], reconnection: false });
      const outcome = await new Promise<string>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', (error) => resolve(error.message));
      });
      socket.close();
      expect(outcome).toBe('not found: connect to the /live namespace');
    }
  });
});
