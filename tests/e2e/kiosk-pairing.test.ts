import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { kioskClock } from '@kiosk-pulse/demo';
import { cityDay, createKiosk, createUser, post, visits, waitForPeople } from '../browser/fixtures';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';

const WARD_A = '26740'; // Phường Sài Gòn
const WARD_B = '26743'; // Phường Bến Thành
const INVALID =
  'This pairing code is not valid: it may have expired (10 minutes) or been used. Ask ward staff for a new one.';
const CODE = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}$/;

/*
 * Pairing a kiosk device by a short code (or its QR link): who may ask for a code, what the code
 * is, and that the kiosk app can exchange it exactly once, within 10 minutes, for a new key that
 * works while the old one stops. The app trusts 127.0.0.1 as its proxy, so that each test can
 * speak from an address of its own (X-Forwarded-For) and the per-address limit is its own too.
 */
describe('pairing a kiosk device', () => {
  let test: TestApp;
  const tokens: Record<string, string> = {};
  let kioskA: { id: string; key: string };
  let kioskB: { id: string; key: string };
  const url = (path: string) => `${test.url}${path}`;

  const newCode = (kioskId: string, token?: string, headers: Record<string, string> = {}) =>
    call(url(`/api/v1/kiosks/${kioskId}/pairing-code`), { method: 'POST', token, headers });
  const pair = (code: unknown, from: string) =>
    call(url('/api/v1/kiosk/pair'), { token: null, json: { code }, headers: { 'x-forwarded-for': from } });
  const heartbeat = (key: string) =>
    call(url('/api/v1/events'), {
      token: key,
      json: { events: [{ id: randomUUID(), type: 'heartbeat', occurredAt: kioskClock() }] },
    });
  /** Waits until the worker has stored `count` events of the kiosk. */
  const stored = async (kioskId: string, count: number): Promise<void> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const now = (await call(url(`/api/v1/kiosks/${kioskId}`))).body.eventsStored as number;
      if (now === count) return;
      if (Date.now() > deadline) throw new Error(`kiosk ${kioskId} has ${now} events stored, not ${count}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    test = await startTestApp({ config: { trustedProxies: ['127.0.0.1'] } });
    for (const [username, role, wardCode] of [
      ['chief', 'admin', null],
      ['city.one', 'city_official', null],
      ['ward.a', 'ward_staff', WARD_A],
      ['ward.b', 'ward_staff', WARD_B],
    ] as const) {
      const user = await createUser(test.url, username, role, wardCode);
      tokens[username] = (await call(url('/api/v1/auth/login'), { token: null, json: user })).body.token;
    }
    kioskA = await createKiosk(test.url, WARD_A, 'Nhà văn hóa khu phố 1');
    kioskB = await createKiosk(test.url, WARD_B, 'Chợ Bến Thành');
  }, 60_000);

  afterAll(async () => {
    await test?.close();
  });

  it('gives admins and the kiosk’s ward staff a code; another ward is not told the kiosk exists', async () => {
    const before = Date.now();
    const byAdmin = await newCode(kioskA.id, tokens.chief);
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body).toEqual({
      kioskId: kioskA.id,
      code: expect.stringMatching(CODE),
      url: `${test.url}/kiosk/#pair=${byAdmin.body.code}`,
      expiresAt: expect.any(String),
    });
    const validFor = Date.parse(byAdmin.body.expiresAt) - before;
    expect(validFor).toBeGreaterThan(10 * 60_000 - 5_000);
    expect(validFor).toBeLessThanOrEqual(10 * 60_000 + 5_000);

    const byWardStaff = await newCode(kioskA.id, tokens['ward.a']);
    expect(byWardStaff.status).toBe(201);
    expect(byWardStaff.body.code).toMatch(CODE);
    expect(byWardStaff.body.code).not.toBe(byAdmin.body.code);

    // Another ward's kiosk answers as an unknown one does; an official reads kiosks, manages none.
    const otherWard = await newCode(kioskB.id, tokens['ward.a']);
    const unknown = await newCode(randomUUID(), tokens['ward.a']);
    expect(otherWard.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(otherWard.body.message).toBe(`no kiosk ${kioskB.id}`);
    expect(await newCode(kioskA.id, tokens['city.one'])).toMatchObject({
      status: 403,
      body: { message: 'city officials read kiosks but do not manage them' },
    });
    expect((await newCode(kioskA.id, null as unknown as string)).status).toBe(401);

    // The newer code is the only one: the admin's earlier one no longer pairs.
    expect(await pair(byAdmin.body.code, '203.0.113.1')).toMatchObject({ status: 404, body: { message: INVALID } });
    // Only a keyed hash of each code is kept, never the code nor its plain hash.
    const { rows } = await test.pool.query<{ code_hash: Buffer }>(
      'SELECT code_hash FROM kiosk_pairing_codes WHERE kiosk_id = $1',
      [kioskA.id],
    );
    expect(rows).toHaveLength(1);
    const plain = byWardStaff.body.code.replace('-', '');
    expect(rows[0].code_hash).not.toEqual(createHash('sha256').update(plain).digest());
    expect(JSON.stringify(rows)).not.toContain(plain);
  });

  it('writes the link with the address the dashboard was reached at, behind a trusted proxy too', async () => {
    const reply = await newCode(kioskA.id, tokens['ward.a'], {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'pulse.example.vn',
    });
    expect(reply.body.url).toBe(`https://pulse.example.vn/kiosk/#pair=${reply.body.code}`);
  });

  it('pairs once: the new key posts events that are counted, the old key stops', async () => {
    const { code } = (await newCode(kioskA.id, tokens['ward.a'])).body;
    // As typed on a tablet: small letters, a space for the dash.
    const paired = await pair(code.toLowerCase().replace('-', ' '), '203.0.113.2');
    expect(paired.status).toBe(200);
    expect(paired.body).toEqual({
      kioskId: kioskA.id,
      key: expect.stringMatching(/^kpk_/),
      label: 'Nhà văn hóa khu phố 1',
      wardCode: WARD_A,
      wardName: 'Phường Sài Gòn',
    });
    expect(paired.body.key).not.toBe(kioskA.key);

    expect((await heartbeat(kioskA.key)).status).toBe(401);
    const yesterday = cityDay(-1);
    await post(test.url, paired.body.key, visits(3, Date.parse(`${yesterday}T10:00:00+07:00`), '65_74'));
    await waitForPeople(test.url, { from: yesterday, to: cityDay(0), wardCode: WARD_A }, 3);
    await stored(kioskA.id, 12);
    kioskA.key = paired.body.key;

    // Used: refused with the one message, and the key it gave keeps working.
    expect(await pair(code, '203.0.113.2')).toMatchObject({ status: 404, body: { message: INVALID } });
    expect((await heartbeat(kioskA.key)).status).toBe(202);
  });

  it('refuses an expired code with the same message, changing nothing', async () => {
    const { code } = (await newCode(kioskA.id, tokens.chief)).body;
    await test.pool.query(
      "UPDATE kiosk_pairing_codes SET expires_at = now() - interval '1 second' WHERE kiosk_id = $1 AND used_at IS NULL",
      [kioskA.id],
    );
    expect(await pair(code, '203.0.113.3')).toMatchObject({ status: 404, body: { message: INVALID } });
    expect(await pair('K7MQ-9TXA', '203.0.113.3')).toMatchObject({ status: 404, body: { message: INVALID } });
    expect((await heartbeat(kioskA.key)).status).toBe(202);
  });

  it('tells a body that is not a code’s shape apart, as a bad request', async () => {
    const from = '203.0.113.4';
    for (const code of ['K7MQ-9TX', 'K7MQ-9TXO', 'K7MQ-9TXA-2', 42]) {
      expect(await pair(code, from)).toMatchObject({
        status: 400,
        body: { message: expect.stringMatching(/^code: /) },
      });
    }
    const extra = await call(url('/api/v1/kiosk/pair'), {
      token: null,
      json: { code: 'K7MQ-9TXA', kioskId: kioskA.id },
      headers: { 'x-forwarded-for': from },
    });
    expect(extra.status).toBe(400);
  });

  it('lets only one of two pairings at the same moment have the code', async () => {
    const { code } = (await newCode(kioskA.id, tokens['ward.a'])).body;
    const replies = await Promise.all([pair(code, '203.0.113.5'), pair(code, '203.0.113.6')]);
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 404]);
    const winner = replies.find((reply) => reply.status === 200)!;
    expect(replies.find((reply) => reply.status === 404)!.body.message).toBe(INVALID);
    expect((await heartbeat(winner.body.key)).status).toBe(202);
    expect((await heartbeat(kioskA.key)).status).toBe(401);
    kioskA.key = winner.body.key;
  });

  it('brings a revoked kiosk back with a new key', async () => {
    expect((await call(url(`/api/v1/kiosks/${kioskB.id}/revoke`), { method: 'POST' })).status).toBe(200);
    expect((await heartbeat(kioskB.key)).status).toBe(401);
    const { code } = (await newCode(kioskB.id, tokens['ward.b'])).body;
    const paired = await pair(code, '203.0.113.7');
    expect(paired).toMatchObject({ status: 200, body: { kioskId: kioskB.id, wardName: 'Phường Bến Thành' } });
    expect((await heartbeat(kioskB.key)).status).toBe(401);
    expect((await heartbeat(paired.body.key)).status).toBe(202);
    const kiosk = (await call(url(`/api/v1/kiosks/${kioskB.id}`), { token: tokens['ward.b'] })).body;
    expect(kiosk.revokedAt).toBeNull();
    expect(kiosk.status).not.toBe('revoked');
  });

  it('writes every code and every pairing in the audit log, never a code or a key', async () => {
    const audit = async (action: string) =>
      (await call(url(`/api/v1/audit?action=${action}&limit=500`), { token: tokens.chief })).body as {
        actor: string;
        targetId: string;
        targetName: string;
        details: Record<string, unknown>;
      }[];
    const codes = await audit('kiosk.pairing-code');
    expect(codes.map((entry) => `${entry.actor} ${entry.targetName}`).sort()).toEqual(
      [
        'user:ward.b Chợ Bến Thành',
        'user:chief Nhà văn hóa khu phố 1',
        'user:chief Nhà văn hóa khu phố 1',
        ...Array.from({ length: 4 }, () => 'user:ward.a Nhà văn hóa khu phố 1'),
      ].sort(),
    );
    expect(codes.find((entry) => entry.targetId === kioskB.id)?.details).toMatchObject({ revoked: true });

    const pairings = await audit('kiosk.paired');
    expect(pairings).toHaveLength(3);
    expect(pairings[0]).toMatchObject({
      actor: 'anonymous',
      targetId: kioskB.id,
      details: { address: '203.0.113.7', codeBy: 'user:ward.b', reactivated: true },
    });
    expect(pairings[1]).toMatchObject({ targetId: kioskA.id, details: { codeBy: 'user:ward.a', reactivated: false } });
    expect(JSON.stringify([...codes, ...pairings])).not.toMatch(/kpk_|"code"/);
  });

  it('prints a code, its link, its expiry and its QR code with `npm run kiosk -- pair <id>`', async () => {
    const { stdout } = await promisify(execFile)(
      join(__dirname, '../../node_modules/.bin/tsx'),
      [join(__dirname, '../../scripts/kiosk.ts'), 'pair', kioskA.id],
      { env: { ...process.env, API_URL: test.url, ADMIN_TOKEN } },
    );
    const code = /pairing code\s*│\s*(\S+)/.exec(stdout)?.[1] ?? '';
    expect(code).toMatch(CODE);
    expect(stdout).toContain(`${test.url}/kiosk/#pair=${code}`);
    expect(stdout).toMatch(/valid until\s*│\s*\d\d\/\d\d\/\d{4} \d\d:\d\d \(single use\)/);
    // The QR code in half blocks, two modules a line: even the smallest symbol is 21 modules high.
    expect(stdout.split('\n').filter((line) => /[▀▄█]/.test(line)).length).toBeGreaterThanOrEqual(11);
    const paired = await pair(code, '203.0.113.8');
    expect(paired.status).toBe(200);
    kioskA.key = paired.body.key;
  }, 60_000);

  it('documents both endpoints in OpenAPI, the body from the schema the api validates with', async () => {
    const document = (await call(url('/api/docs-json'), { token: null })).body;
    expect(document.paths['/api/v1/kiosks/{id}/pairing-code'].post.responses).toHaveProperty('201');
    const pairing = document.paths['/api/v1/kiosk/pair'].post;
    expect(pairing.security).toBeUndefined();
    expect(pairing.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      required: ['code'],
      additionalProperties: false,
      properties: { code: { type: 'string', maxLength: 40 } },
    });
  });

  it('limits pairing attempts per address, not for everyone', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 21; attempt++) statuses.push((await pair('K7MQ-9TXA', '198.51.100.1')).status);
    expect(statuses[0]).toBe(404);
    expect(statuses).toContain(429);
    const limited = await pair('K7MQ-9TXA', '198.51.100.1');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await pair('K7MQ-9TXA', '198.51.100.2')).status).toBe(404);
  });
});
