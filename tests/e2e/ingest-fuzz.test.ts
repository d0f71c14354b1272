import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';

/*
 * Property: nothing a kiosk (or anyone) sends to POST /api/v1/events yields a 5xx or stops the
 * api. Thousands of generated bodies: wrong types, huge strings, unicode, deep nesting, unknown
 * fields, bad UUIDs, extreme dates, and bytes that are not JSON at all.
 */
describe('ingest under fuzzed input', () => {
  let test: TestApp;
  let key: string;
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    test = await startTestApp({ config: { ingestRatePerMinute: 1_000_000 } });
    key = (await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: '25768', label: 'Fuzz' } })).body.key;
  });

  afterAll(async () => {
    await test?.close();
  });

  const post = async (body: string, contentType = 'application/json') => {
    const response = await fetch(`${test.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': contentType },
      body,
    });
    await response.arrayBuffer();
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    return response.status;
  };

  const extremeDate = fc.oneof(
    fc
      .date({ noInvalidDate: false })
      .map((date) => (Number.isNaN(date.getTime()) ? 'Invalid Date' : date.toISOString())),
    fc.constantFrom('0000-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z', '2026-02-30T25:61:61+07:00', '', 'now'),
    fc.string(),
  );
  const fieldValue = fc.oneof(
    fc.anything({ maxDepth: 3 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.constantFrom('visit_started', 'guide_completed', 'heartbeat', 'vneid', '65_74', 'unknown'),
    fc.integer(),
    fc.double(),
    fc.constant('x'.repeat(100_000)),
  );
  const eventLike = fc.record(
    {
      id: fc.oneof(fc.uuid(), fc.string(), fc.constant(randomUUID().toUpperCase()), fc.integer()),
      type: fieldValue,
      occurredAt: extremeDate,
      ageGroup: fieldValue,
      guide: fieldValue,
      level: fieldValue,
      helperRole: fieldValue,
      durationMs: fc.oneof(fc.integer(), fc.double(), fc.bigInt().map(String)),
      __proto__: fc.constant({ polluted: true }),
      constructor: fieldValue,
      extra: fieldValue,
    },
    { requiredKeys: [] },
  );
  const deep = fc.nat({ max: 5_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth));
  const body = fc.oneof(
    fc
      .record({ events: fc.array(eventLike, { maxLength: 20 }), sentAt: extremeDate }, { requiredKeys: [] })
      .map((b) => JSON.stringify(b)),
    fc.record({ events: fc.anything({ maxDepth: 4 }) }).map((b) => JSON.stringify(b)),
    fc.jsonValue({ maxDepth: 6 }).map((value) => JSON.stringify(value)),
    deep.map((nested) => `{"events":${nested}}`),
    fc.string({ unit: 'grapheme', maxLength: 500 }),
    fc.uint8Array({ maxLength: 2_000 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  );

  it('never answers 5xx, whatever the body', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (text) => (await post(text)) < 500),
      { numRuns: 3_000 },
    );
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1'),
        async (text, type) => (await post(text, type)) < 500,
      ),
      { numRuns: 300 },
    );
    // Everything was answered, and with client errors or acceptance only.
    expect([...statuses.keys()].every((status) => status < 500)).toBe(true);
    console.log(`fuzzed ingest: ${JSON.stringify(Object.fromEntries(statuses))}`);
  }, 300_000);

  it('answers text the database cannot store with a 4xx, never a 5xx', async () => {
    // The fuzz test's counterexample: a NUL in an event's type, quoted into the rejection kept with the kiosk.
    expect(await post(JSON.stringify({ events: [{ type: '\u0000' }] }))).toBe(202);
    // And anywhere else a client's text is stored: a kiosk's label.
    const label = await fetch(`${test.url}/api/v1/kiosks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ wardCode: '26740', label: 'Nhà\u0000văn hoá' }),
    });
    expect(label.status).toBe(400);
  });

  it('refuses labels and token names whose characters would show something else', async () => {
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
    // U+202E turns "\u202Eevil" into "live" on screen; U+2066 isolates, U+200B hides.
    for (const text of ['\u202Eevil', 'Kiosk \u2066A\u2069', 'Ki\u200Bosk', 'two\nlines']) {
      const kiosk = await fetch(`${test.url}/api/v1/kiosks`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ wardCode: '26740', label: text }),
      });
      expect({ text, status: kiosk.status }).toEqual({ text, status: 400 });
      expect(await kiosk.text()).toContain('text-direction');
      const token = await fetch(`${test.url}/api/v1/tokens`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ name: text }),
      });
      expect({ text, status: token.status }).toEqual({ text, status: 400 });
    }
    const plain = await fetch(`${test.url}/api/v1/kiosks`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ wardCode: '26740', label: 'Nhà văn hoá khu phố 3' }),
    });
    expect(plain.status).toBe(201);
  });

  it('still takes a good batch afterwards', async () => {
    const good = {
      events: [{ id: randomUUID(), type: 'visit_started', occurredAt: new Date().toISOString(), ageGroup: '31_44' }],
    };
    const reply = await call(`${test.url}/api/v1/events`, { token: key, json: good });
    expect(reply.status).toBe(202);
    expect(reply.body).toEqual({ accepted: 1, rejected: [] });
  });
});
