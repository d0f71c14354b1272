import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { API_CONFIG, type ApiConfig } from '../../apps/api/src/config/api-config';
import { kioskClock } from '@kiosk-pulse/demo';
import { ADMIN_TOKEN, LiveClient, startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';

/*
 * Who may see and change what: each role against each endpoint and the /live socket, sign-in
 * and sign-out, locking a user, key rotation and revocation, rate limits, the audit log.
 */
describe('roles, sign-in and the kiosk fleet', () => {
  const WARD_A = '26740'; // Phường Sài Gòn
  const WARD_B = '26743'; // Phường Bến Thành
  let test: TestApp;
  const tokens: Record<string, string> = {};
  const users: Record<string, { id: string }> = {};
  let kioskA: { id: string; key: string };
  let kioskB: { id: string; key: string };
  const url = (path: string) => `${test.url}${path}`;

  const login = (username: string, password: string) =>
    call(url('/api/v1/auth/login'), { token: null, json: { username, password } });

  beforeAll(async () => {
    test = await startTestApp({
      config: { ingestRatePerMinute: 30, loginFailuresBeforeBlock: 3, loginRatePerMinute: 100 },
    });
    for (const [username, role, wardCode] of [
      ['chief', 'admin', null],
      ['city.one', 'city_official', null],
      ['ward.a', 'ward_staff', WARD_A],
      ['ward.b', 'ward_staff', WARD_B],
    ] as const) {
      const created = await call(url('/api/v1/users'), {
        json: { username, password: `${username}-password`, role, wardCode },
      });
      expect(created.status).toBe(201);
      users[username] = created.body;
      const signedIn = await login(username, `${username}-password`);
      expect(signedIn.status).toBe(200);
      tokens[username] = signedIn.body.token;
    }
    kioskA = (await call(url('/api/v1/kiosks'), { json: { wardCode: WARD_A, label: 'A' } })).body;
    kioskB = (await call(url('/api/v1/kiosks'), { json: { wardCode: WARD_B, label: 'B' } })).body;
  });

  afterAll(async () => {
    await test?.close();
  });

  it('signs in with a user name and password, never showing the hash', async () => {
    const signedIn = await login('WARD.A', 'ward.a-password');
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.token.split('.')).toHaveLength(3);
    expect(signedIn.body.user).toEqual({
      id: users['ward.a'].id,
      username: 'ward.a',
      role: 'ward_staff',
      wardCode: WARD_A,
      disabled: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const me = await call(url('/api/v1/auth/me'), { token: signedIn.body.token });
    expect(me.body).toEqual({
      user: { id: users['ward.a'].id, username: 'ward.a', role: 'ward_staff', wardCode: WARD_A },
    });
    const list = await call(url('/api/v1/users'), { token: tokens.chief });
    expect(JSON.stringify(list.body)).not.toMatch(/argon2|password/i);

    expect(await login('ward.a', 'wrong-password')).toMatchObject({
      status: 401,
      body: { statusCode: 401, message: 'wrong user name or password' },
    });
    expect((await login('nobody', 'whatever-password')).status).toBe(401);
    expect((await call(url('/api/v1/auth/login'), { token: null, json: { username: 'x' } })).status).toBe(400);
  });

  it('refuses every stats, admin and user endpoint without a valid token', async () => {
    for (const path of [
      '/api/v1/stats/summary',
      '/api/v1/stats/wards',
      '/api/v1/kiosks',
      '/api/v1/users',
      '/api/v1/wards',
      '/api/v1/audit',
    ]) {
      expect((await call(url(path), { token: null })).status).toBe(401);
      expect((await call(url(path), { token: 'not-a-token' })).status).toBe(401);
    }
  });

  it('lets only admins manage users, tokens and read the whole audit log', async () => {
    // Ward staff read who looked at their ward (tests/e2e/read-audit.test.ts); city officials nothing.
    expect((await call(url('/api/v1/audit'), { token: tokens['city.one'] })).status).toBe(403);
    expect((await call(url('/api/v1/audit?kind=changes'), { token: tokens['ward.a'] })).status).toBe(403);
    for (const who of ['city.one', 'ward.a']) {
      expect((await call(url('/api/v1/users'), { token: tokens[who] })).status).toBe(403);
      expect((await call(url('/api/v1/tokens'), { token: tokens[who] })).status).toBe(403);
      const create = await call(url('/api/v1/users'), {
        token: tokens[who],
        json: { username: 'sneaky', password: 'sneaky-password', role: 'admin' },
      });
      expect(create).toMatchObject({ status: 403, body: { message: 'this needs the role admin' } });
    }
    expect((await call(url('/api/v1/users'), { token: tokens.chief })).body).toHaveLength(4);
    const badWard = await call(url('/api/v1/users'), {
      json: { username: 'ward.c', password: 'ward.c-password', role: 'ward_staff' },
    });
    expect(badWard).toMatchObject({
      status: 400,
      body: { message: 'wardCode: ward_staff needs a wardCode, and only ward_staff has one' },
    });
    const taken = await call(url('/api/v1/users'), {
      json: { username: 'ward.a', password: 'ward.a-password', role: 'city_official' },
    });
    expect(taken.status).toBe(409);
  });

  it('shows ward staff only their ward’s kiosks; another ward’s is not found, as an unknown id', async () => {
    const mine = await call(url('/api/v1/kiosks'), { token: tokens['ward.a'] });
    expect(mine.body.map((kiosk: { id: string }) => kiosk.id)).toEqual([kioskA.id]);
    expect(JSON.stringify(mine.body)).not.toContain('kpk_');
    const all = await call(url('/api/v1/kiosks'), { token: tokens['city.one'] });
    expect(all.body.map((kiosk: { id: string }) => kiosk.id).sort()).toEqual([kioskA.id, kioskB.id].sort());

    expect(
      (await call(url(`/api/v1/kiosks/${kioskB.id}/revoke`), { token: tokens['ward.a'], method: 'POST' })).status,
    ).toBe(404);
    expect(
      (await call(url(`/api/v1/kiosks/${kioskB.id}/rotate`), { token: tokens['ward.a'], method: 'POST' })).status,
    ).toBe(404);
    expect(
      (
        await call(url(`/api/v1/kiosks/${kioskB.id}`), {
          token: tokens['ward.a'],
          method: 'PATCH',
          json: { label: 'x' },
        })
      ).status,
    ).toBe(404);
    expect(
      (await call(url('/api/v1/kiosks'), { token: tokens['ward.a'], json: { wardCode: WARD_B, label: 'x' } })).status,
    ).toBe(403);
    expect(
      (await call(url('/api/v1/kiosks'), { token: tokens['city.one'], json: { wardCode: WARD_A, label: 'x' } })).status,
    ).toBe(403);

    const mineNew = await call(url('/api/v1/kiosks'), {
      token: tokens['ward.a'],
      json: { wardCode: WARD_A, label: 'Ward A, second' },
    });
    expect(mineNew.status).toBe(201);
    const renamed = await call(url(`/api/v1/kiosks/${mineNew.body.id}`), {
      token: tokens['ward.a'],
      method: 'PATCH',
      json: { label: 'Nhà văn hóa' },
    });
    expect(renamed.body).toMatchObject({ label: 'Nhà văn hóa', wardCode: WARD_A });
    const moveAway = await call(url(`/api/v1/kiosks/${mineNew.body.id}`), {
      token: tokens['ward.a'],
      method: 'PATCH',
      json: { wardCode: WARD_B },
    });
    expect(moveAway.status).toBe(403);
  });

  it('keeps ward staff to their ward’s figures, with the ranking as the only view of others', async () => {
    expect((await call(url(`/api/v1/stats/summary?wardCode=${WARD_A}`), { token: tokens['ward.a'] })).status).toBe(200);
    const other = await call(url(`/api/v1/stats/summary?wardCode=${WARD_B}`), { token: tokens['ward.a'] });
    expect(other).toMatchObject({ status: 403, body: { message: `no access to ward ${WARD_B}` } });
    expect(
      (
        await call(url(`/api/v1/stats/timeseries?metric=peopleReached&bucket=hour&wardCode=${WARD_B}`), {
          token: tokens['ward.a'],
        })
      ).status,
    ).toBe(403);
    expect((await call(url('/api/v1/stats/summary'), { token: tokens['ward.a'] })).status).toBe(200);
    expect((await call(url('/api/v1/stats/wards'), { token: tokens['ward.a'] })).body.wards).toHaveLength(168);
    expect((await call(url(`/api/v1/stats/summary?wardCode=${WARD_B}`), { token: tokens['city.one'] })).status).toBe(
      200,
    );

    const live = new LiveClient(test.url, tokens['ward.a']);
    try {
      await live.connected();
      expect(await live.subscribe({ wardCode: WARD_B })).toEqual({ ok: false, error: `no access to ward ${WARD_B}` });
      expect(await live.subscribe({ wardCode: WARD_A })).toEqual({ ok: true, room: `ward:${WARD_A}` });
      expect(await live.subscribe({})).toEqual({ ok: true, room: 'city' });
    } finally {
      live.close();
    }
    const official = new LiveClient(test.url, tokens['city.one']);
    try {
      await official.connected();
      expect(await official.subscribe({ wardCode: WARD_B })).toEqual({ ok: true, room: `ward:${WARD_B}` });
    } finally {
      official.close();
    }
  });

  it('rotates a key: the new one works, the old one stops at once', async () => {
    const post = (key: string) =>
      call(url('/api/v1/events'), {
        token: key,
        json: { events: [{ id: randomUUID(), type: 'heartbeat', occurredAt: kioskClock() }] },
      });
    expect((await post(kioskA.key)).status).toBe(202);
    const rotated = await call(url(`/api/v1/kiosks/${kioskA.id}/rotate`), { token: tokens['ward.a'], method: 'POST' });
    expect(rotated.status).toBe(200);
    expect(rotated.body.key).toMatch(/^kpk_/);
    expect(rotated.body.key).not.toBe(kioskA.key);
    expect((await post(kioskA.key)).status).toBe(401);
    expect((await post(rotated.body.key)).status).toBe(202);
    kioskA.key = rotated.body.key;
  });

  it('shows the fleet: status, today’s counts, stored and rejected events with the last error', async () => {
    const events = [
      { id: randomUUID(), type: 'visit_started', occurredAt: kioskClock(Date.now() - 5_000), ageGroup: '60_64' },
      {
        id: randomUUID(),
        type: 'visit_started',
        occurredAt: kioskClock(Date.now() - 5_000),
        ageGroup: '65_74',
        phone: '0900000000',
      },
    ];
    expect((await call(url('/api/v1/events'), { token: kioskA.key, json: { events } })).body.accepted).toBe(1);
    let fleet: any;
    for (let attempt = 0; attempt < 100; attempt++) {
      fleet = (await call(url('/api/v1/kiosks'), { token: tokens['ward.a'] })).body.find(
        (k: { id: string }) => k.id === kioskA.id,
      );
      if (fleet.eventsStored === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(fleet).toMatchObject({
      status: 'online',
      eventsStored: 1,
      eventsRejected: 1,
      lastError: 'events[1] has unknown field "phone"; events carry no other data',
      today: { peopleReached: 1, guidesCompleted: 0, accountsRegistered: 0 },
    });
    const other = (await call(url('/api/v1/kiosks'))).body.find((k: { id: string }) => k.id === kioskB.id);
    expect(other.status).toBe('never_seen');
  });

  it('moves a kiosk to another ward while its past events stay where they were recorded', async () => {
    const moved = await call(url(`/api/v1/kiosks/${kioskA.id}`), {
      token: tokens.chief,
      method: 'PATCH',
      json: { wardCode: WARD_B },
    });
    expect(moved.body).toMatchObject({ id: kioskA.id, wardCode: WARD_B });
    const event = {
      id: randomUUID(),
      type: 'visit_started',
      occurredAt: kioskClock(Date.now() - 5_000),
      ageGroup: '75_plus',
    };
    expect((await call(url('/api/v1/events'), { token: kioskA.key, json: { events: [event] } })).status).toBe(202);
    let wardB: any;
    for (let attempt = 0; attempt < 100; attempt++) {
      wardB = (await call(url(`/api/v1/stats/summary?wardCode=${WARD_B}`))).body;
      if (wardB.peopleReached === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(wardB).toMatchObject({ peopleReached: 1 });
    expect((await call(url(`/api/v1/stats/summary?wardCode=${WARD_A}`))).body).toMatchObject({ peopleReached: 1 });
    const audit = (await call(url('/api/v1/audit?kind=changes&limit=1'))).body[0];
    expect(audit).toMatchObject({
      actor: 'user:chief',
      action: 'kiosk.move',
      targetId: kioskA.id,
      details: { from: { wardCode: WARD_A }, to: { wardCode: WARD_B } },
    });
    // Back to its ward for the tests that follow.
    await call(url(`/api/v1/kiosks/${kioskA.id}`), {
      token: tokens.chief,
      method: 'PATCH',
      json: { wardCode: WARD_A },
    });
  });

  it('limits a kiosk’s posts with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 32; i++) {
      const reply = await call(url('/api/v1/events'), {
        token: kioskB.key,
        json: { events: [{ id: randomUUID(), type: 'heartbeat', occurredAt: kioskClock() }] },
      });
      statuses.push(reply.status);
      if (reply.status === 429) limited = reply;
    }
    expect(statuses.filter((status) => status === 202)).toHaveLength(30);
    expect(statuses.filter((status) => status === 429)).toHaveLength(2);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited?.body).toMatchObject({
      statusCode: 429,
      message: 'too many posts from this kiosk; wait and send again',
    });
  });

  it('locks a user out at once, tokens and open sockets included', async () => {
    const live = new LiveClient(test.url, tokens['ward.b']);
    await live.connected();
    const disconnected = new Promise((resolve) => live.socket.once('disconnect', resolve));
    const locked = await call(url(`/api/v1/users/${users['ward.b'].id}`), {
      token: tokens.chief,
      method: 'PATCH',
      json: { disabled: true },
    });
    expect(locked.body).toMatchObject({ username: 'ward.b', disabled: true });
    expect((await call(url('/api/v1/stats/summary'), { token: tokens['ward.b'] })).status).toBe(401);
    await disconnected;
    expect((await login('ward.b', 'ward.b-password')).status).toBe(401);
    await expect(new LiveClient(test.url, tokens['ward.b']).connected()).rejects.toThrow('unauthorized');

    const self = await call(url(`/api/v1/users/${users.chief.id}`), {
      token: tokens.chief,
      method: 'PATCH',
      json: { disabled: true },
    });
    expect(self).toMatchObject({ status: 400, body: { message: 'you cannot lock yourself out' } });
  });

  it('ends a sign-in on logout', async () => {
    const signedIn = await login('city.one', 'city.one-password');
    expect((await call(url('/api/v1/auth/logout'), { token: signedIn.body.token, method: 'POST' })).status).toBe(204);
    expect((await call(url('/api/v1/stats/summary'), { token: signedIn.body.token })).status).toBe(401);
    expect((await call(url('/api/v1/stats/summary'), { token: tokens['city.one'] })).status).toBe(200);
  });

  it('takes a reset password at once and ends the sign-ins made with the old one', async () => {
    const reset = await call(url(`/api/v1/users/${users['city.one'].id}`), {
      method: 'PATCH',
      json: { password: 'a-new-password' },
    });
    expect(reset.status).toBe(200);
    expect((await call(url('/api/v1/stats/summary'), { token: tokens['city.one'] })).status).toBe(401);
    expect((await login('city.one', 'city.one-password')).status).toBe(401);
    expect((await login('city.one', 'a-new-password')).status).toBe(200);
  });

  it('gives named API tokens the role and ward they were made for, until revoked', async () => {
    const created = await call(url('/api/v1/tokens'), {
      json: { name: 'ward A report', role: 'ward_staff', wardCode: WARD_A },
    });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^kpt_/);
    const kiosks = await call(url('/api/v1/kiosks'), { token: created.body.token });
    expect(kiosks.body.every((kiosk: { wardCode: string }) => kiosk.wardCode === WARD_A)).toBe(true);
    expect((await call(url('/api/v1/users'), { token: created.body.token })).status).toBe(403);
    const listed = await call(url('/api/v1/tokens'));
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
    expect((await call(url(`/api/v1/tokens/${created.body.id}/revoke`), { method: 'POST' })).status).toBe(200);
    expect((await call(url('/api/v1/kiosks'), { token: created.body.token })).status).toBe(401);
  });

  it('makes a read-only API token unless asked for more', async () => {
    const made = await call(url('/api/v1/tokens'), { json: { name: 'wall screen' } });
    expect(made.body).toMatchObject({ role: 'city_official', wardCode: null });
    const token = made.body.token as string;
    expect((await call(url('/api/v1/stats/summary'), { token })).status).toBe(200);
    expect((await call(url('/api/v1/users'), { token })).status).toBe(403);
    expect((await call(url('/api/v1/tokens'), { token, json: { name: 'more', role: 'admin' } })).status).toBe(403);
    expect((await call(url('/api/v1/kiosks'), { token, json: { wardCode: WARD_A, label: 'x' } })).status).toBe(403);
  });

  it('refuses a validly signed token with a subject that is not a user id, or without expiry, with 401', async () => {
    const jwt = new JwtService({ secret: test.app.get<ApiConfig>(API_CONFIG).jwtSecret });
    const claims = { sub: users['ward.a'].id, tv: 0, jti: randomUUID() };
    const valid = await jwt.signAsync(claims, { expiresIn: 600 });
    expect((await call(url('/api/v1/auth/me'), { token: valid })).status).toBe(200);
    const odd = [
      await jwt.signAsync({ ...claims, sub: 'not-a-uuid' }, { expiresIn: 600 }),
      await jwt.signAsync({ ...claims, sub: "' OR '1'='1" }, { expiresIn: 600 }),
      await jwt.signAsync({ ...claims, sub: 42 }, { expiresIn: 600 }),
      await jwt.signAsync({ ...claims, tv: 'x' }, { expiresIn: 600 }),
      await jwt.signAsync({ ...claims, jti: 'x' }, { expiresIn: 600 }),
      await jwt.signAsync({ sub: claims.sub, tv: 0 }, { expiresIn: 600 }),
      await jwt.signAsync(claims), // no expiry: it would never end
    ];
    for (const [index, token] of odd.entries()) {
      for (const path of ['/api/v1/auth/me', '/api/v1/stats/summary', '/api/v1/kiosks']) {
        const reply = await call(url(path), { token });
        expect({ index, path, status: reply.status }).toEqual({ index, path, status: 401 });
      }
      await expect(new LiveClient(test.url, token).connected()).rejects.toThrow('unauthorized');
    }
  });

  it('stops an admin’s API tokens while the admin is locked or no longer an admin', async () => {
    const deputy = await call(url('/api/v1/users'), {
      json: { username: 'deputy', password: 'deputy-password', role: 'admin' },
    });
    expect(deputy.status).toBe(201);
    users.deputy = deputy.body;
    const made = await call(url('/api/v1/tokens'), {
      token: tokens.chief,
      json: { name: 'chief automation', role: 'admin' },
    });
    expect(made.body).toMatchObject({
      role: 'admin',
      createdBy: 'user:chief',
      ownerId: users.chief.id,
      suspended: false,
    });
    const token = made.body.token as string;
    // A token made with that token carries the same admin's rights, and stops with them.
    const second = await call(url('/api/v1/tokens'), { token, json: { name: 'made by automation', role: 'admin' } });
    expect(second.body).toMatchObject({ createdBy: 'token:chief automation', ownerId: users.chief.id });
    expect((await call(url('/api/v1/users'), { token })).status).toBe(200);
    const live = new LiveClient(test.url, token);
    await live.connected();
    const closed = new Promise((resolve) => live.socket.once('disconnect', resolve));

    const lock = (disabled: boolean) =>
      call(url(`/api/v1/users/${users.chief.id}`), { token: tokens.deputy, method: 'PATCH', json: { disabled } });
    tokens.deputy = (await login('deputy', 'deputy-password')).body.token;
    expect((await lock(true)).status).toBe(200);
    await closed;
    for (const stopped of [token, second.body.token as string]) {
      expect((await call(url('/api/v1/users'), { token: stopped })).status).toBe(401);
      // Enough to unlock its owner again, if it still worked.
      const unlock = await call(url(`/api/v1/users/${users.chief.id}`), {
        token: stopped,
        method: 'PATCH',
        json: { disabled: false },
      });
      expect(unlock.status).toBe(401);
      await expect(new LiveClient(test.url, stopped).connected()).rejects.toThrow('unauthorized');
    }
    const listed = (await call(url('/api/v1/tokens'))).body.find((entry: { id: string }) => entry.id === made.body.id);
    expect(listed).toMatchObject({ suspended: true, revokedAt: null });

    // Unlocked, the tokens work again; demoted, they stop again.
    expect((await lock(false)).status).toBe(200);
    expect((await call(url('/api/v1/users'), { token })).status).toBe(200);
    const demote = await call(url(`/api/v1/users/${users.chief.id}`), {
      token: tokens.deputy,
      method: 'PATCH',
      json: { role: 'city_official' },
    });
    expect(demote.status).toBe(200);
    expect((await call(url('/api/v1/stats/summary'), { token })).status).toBe(401);
    await call(url(`/api/v1/users/${users.chief.id}`), { method: 'PATCH', json: { role: 'admin' } });
  });

  it('never leaves the system without an active admin', async () => {
    const patch = (id: string, json: object, token?: string) =>
      call(url(`/api/v1/users/${id}`), { method: 'PATCH', json, token });
    expect((await patch(users.deputy.id, { role: 'city_official' })).status).toBe(200);
    // chief is now the only active admin: neither they nor anyone else may lock or demote them.
    const chief = (await login('chief', 'chief-password')).body.token as string;
    const message = 'this is the only active admin: make another user an admin first, or nobody could manage users';
    for (const [json, token] of [
      [{ role: 'city_official' }, chief],
      [{ role: 'ward_staff', wardCode: WARD_A }, undefined],
      [{ disabled: true }, undefined],
    ] as const) {
      expect(await patch(users.chief.id, json, token)).toMatchObject({ status: 409, body: { message } });
    }
    expect(
      (await call(url('/api/v1/users'))).body.find((user: { id: string }) => user.id === users.chief.id),
    ).toMatchObject({ role: 'admin', disabled: false });
    // Other changes to the last admin are fine, and so is demoting one of two.
    expect((await patch(users.chief.id, { password: 'chief-password' })).status).toBe(200);
    expect((await patch(users.deputy.id, { role: 'admin' })).status).toBe(200);
    expect((await patch(users.deputy.id, { disabled: true })).status).toBe(200);
    expect((await patch(users.deputy.id, { disabled: false })).status).toBe(200);
  });

  it('takes a POST with an empty JSON body as one without a body', async () => {
    const emptyJson = { method: 'POST', body: '', contentType: 'application/json' };
    const signedIn = await login('city.one', 'a-new-password');
    expect((await call(url('/api/v1/auth/logout'), { token: signedIn.body.token, ...emptyJson })).status).toBe(204);
    expect((await call(url('/api/v1/stats/summary'), { token: signedIn.body.token })).status).toBe(401);
    const kiosk = (await call(url('/api/v1/kiosks'), { json: { wardCode: WARD_A, label: 'Empty body' } })).body;
    const rotated = await call(url(`/api/v1/kiosks/${kiosk.id}/rotate`), emptyJson);
    expect(rotated.status).toBe(200);
    expect(rotated.body.key).toMatch(/^kpk_/);
    expect((await call(url(`/api/v1/kiosks/${kiosk.id}/revoke`), emptyJson)).status).toBe(200);
    const token = (await call(url('/api/v1/tokens'), { json: { name: 'short-lived' } })).body;
    expect((await call(url(`/api/v1/tokens/${token.id}/revoke`), { ...emptyJson, body: ' \n' })).status).toBe(200);
    // A route that needs a body says what is missing; a body that is not JSON is still refused.
    const missing = await call(url('/api/v1/tokens'), emptyJson);
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/^name: /);
    expect((await call(url('/api/v1/tokens'), { ...emptyJson, body: 'not json' })).status).toBe(400);
    expect((await call(url('/api/v1/tokens'), { ...emptyJson, body: '{"__proto__":{"x":1}}' })).status).toBe(400);
  });

  it('slows down and then locks out repeated failed sign-ins with 429', async () => {
    for (let i = 0; i < 3; i++) expect((await login('chief', 'not-the-password')).status).toBe(401);
    const locked = await login('chief', 'chief-password');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(60);
  });

  it('records who created, changed, rotated and revoked what', async () => {
    const audit = await call(url('/api/v1/audit?kind=changes&limit=500'));
    expect(audit.status).toBe(200);
    const actions = audit.body.map((entry: { actor: string; action: string }) => `${entry.actor} ${entry.action}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'admin-token user.create',
        'admin-token kiosk.create',
        'user:ward.a kiosk.create',
        'user:ward.a kiosk.rename',
        'user:ward.a kiosk.rotate',
        'user:chief user.update',
        'admin-token token.create',
        'admin-token token.revoke',
        'user:chief auth.login',
        'user:city.one auth.logout',
        'anonymous auth.login-failed',
        'anonymous auth.locked-out',
      ]),
    );
    expect(JSON.stringify(audit.body)).not.toMatch(/kpk_|kpt_|password"/);
  });

  it('sends security headers and no CORS grant, and never a stack trace', async () => {
    const response = await fetch(url('/api/v1/stats/summary'), {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, origin: 'https://evil.example' },
    });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = response.headers.get('content-security-policy') as string;
    expect(csp).toContain("default-src 'self'");
    // The dashboard's styles and fonts are its own: no other origin may supply them.
    const directive = (name: string) =>
      csp
        .split(';')
        .find((part) => part.trim().startsWith(`${name} `))
        ?.trim();
    expect(directive('style-src')).toBe("style-src 'self' 'unsafe-inline'");
    expect(directive('font-src')).toBe("font-src 'self'");
    expect(csp).not.toMatch(/https:|\*/);
    // Nobody's answers are kept by a browser or proxy cache: JSON, CSV and the audit log.
    expect(response.headers.get('cache-control')).toBe('no-store');
    for (const path of ['/api/v1/stats/wards?format=csv', '/api/v1/audit', '/api/v1/users', '/api/v1/auth/me']) {
      const reply = await call(url(path));
      expect({ path, cacheControl: reply.headers.get('cache-control') }).toEqual({ path, cacheControl: 'no-store' });
    }
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const bad = await call(url('/api/v1/users/not-a-uuid'), { method: 'PATCH', json: { disabled: true } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).not.toMatch(/\bat \w+ \(/);
  });
});
