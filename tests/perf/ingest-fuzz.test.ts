import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { startTestApp, type TestApp } from '../support/app';
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

  it('still takes a good batch afterwards', async () => {
    const good = {
      events: [{ id: randomUUID(), type: 'visit_started', occurredAt: new Date().toISOString(), ageGroup: '31_44' }],
    };
    const reply = await call(`${test.url}/api/v1/events`, { token: key, json: good });
    expect(reply.status).toBe(202);
    expect(reply.body).toEqual({ accepted: 1, rejected: [] });
  });
});
