import { ADMIN_TOKEN, startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';

/*
 * Text a client sends that the database cannot store, or that would show as something else,
 * is refused with a 4xx, never a 5xx (found by the fuzz test in tests/perf/ingest-fuzz.test.ts).
 */
describe('client text the api cannot store or show', () => {
  let test: TestApp;
  let key: string;

  beforeAll(async () => {
    test = await startTestApp();
    key = (await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: '25768', label: 'Text' } })).body.key;
  });

  afterAll(async () => {
    await test?.close();
  });

  const post = async (body: string) => {
    const response = await fetch(`${test.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body,
    });
    await response.arrayBuffer();
    return response.status;
  };

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
});
