import { Writable } from 'node:stream';
import { register } from 'prom-client';
import { cityDay, type AuditEntry } from '@kiosk-pulse/contract';
import { cityDayStart, cityDayToInstant, nextCityDayStart } from '@kiosk-pulse/contract/time';
import { AuditRetention } from '../../apps/api/src/audit/audit-retention';
import { API_CONFIG, type ApiConfig } from '../../apps/api/src/config/api-config';
import { createKiosk, createUser, post, SAI_GON, visits, waitForPeople } from '../browser/fixtures';
import { LiveClient, startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';
import { testPool } from '../support/services';

const BEN_THANH = '26743';
const READ_DETAILS = ['from', 'role', 'to', 'view'];

/** An entry as the tests compare it: everything but its id and time. */
const shape = ({ actor, action, targetType, targetId, details }: AuditEntry) => ({
  actor,
  action,
  targetType,
  targetId,
  details,
});

const counter = async (name: string): Promise<number> =>
  (await register.getSingleMetric(name)?.get())?.values[0]?.value ?? 0;

/*
 * Who looked at what: every signed-in read of figures (the stats endpoints, the /live socket, the
 * fleet and a kiosk's page) and every CSV is in the audit log with who, role, ward, view and
 * range, never a figure; admins read and filter all of it, ward staff their own ward's reads.
 */
describe('the audit of reads and exports', () => {
  let test: TestApp;
  const tokens: Record<string, string> = {};
  let kiosk: { id: string; key: string };
  const logLines: string[] = [];
  const url = (path: string) => `${test.url}${path}`;
  // A week to tomorrow, in city days: a range no default would give.
  const from = cityDay(Date.now(), -6);
  const to = cityDay(Date.now(), 1);
  const range = `from=${from}&to=${to}`;
  const asked = { from: cityDayToInstant(from).toISOString(), to: cityDayToInstant(to).toISOString() };

  /** The audit log as `token` reads it, 500 entries unless the query says otherwise. */
  const audit = (query: string, token?: string) => {
    const params = new URLSearchParams(query);
    if (!params.has('limit')) params.set('limit', '500');
    return call<AuditEntry[]>(url(`/api/v1/audit?${params}`), { token });
  };

  /** Reads are written within a second or so: waits until the log holds `count` entries that match (as an admin reads it). */
  async function waitForEntries(query: string, count: number): Promise<AuditEntry[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { status, body } = await audit(query);
      expect(status).toBe(200);
      if (body.length >= count) return body;
      if (Date.now() > deadline) throw new Error(`${body.length} entries for ${query}, not ${count}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  beforeAll(async () => {
    test = await startTestApp({
      logDestination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          logLines.push(...chunk.toString().split('\n').filter(Boolean));
          done();
        },
      }),
    });
    for (const [username, role, wardCode] of [
      ['chief', 'admin', null],
      ['city.one', 'city_official', null],
      ['ward.a', 'ward_staff', SAI_GON],
      ['ward.b', 'ward_staff', BEN_THANH],
    ] as const) {
      const { password } = await createUser(test.url, username, role, wardCode);
      const signedIn = await call(url('/api/v1/auth/login'), { token: null, json: { username, password } });
      tokens[username] = signedIn.body.token;
    }
    kiosk = await createKiosk(test.url, SAI_GON, 'Nhà văn hóa');
    await post(test.url, kiosk.key, visits(7, Date.now() - 60_000, '65_74'));
    await waitForPeople(test.url, { wardCode: SAI_GON }, 7);
  });

  afterAll(async () => {
    await test?.close();
  });

  it('records each read and export: who, role, ward or city, view and range, and nothing else', async () => {
    // Refused and malformed reads show nothing and are not recorded; they go first, so that
    // their entries would be written before the others if they were.
    const wardA = tokens['ward.a'];
    expect((await call(url(`/api/v1/stats/summary?wardCode=${BEN_THANH}`), { token: wardA })).status).toBe(403);
    expect((await call(url('/api/v1/stats/summary?from=yesterday'), { token: wardA })).status).toBe(400);
    const live = new LiveClient(test.url, wardA);
    try {
      await live.connected();
      expect(await live.subscribe({ wardCode: BEN_THANH })).toMatchObject({ ok: false });
      expect(await live.subscribe({ wardCode: SAI_GON })).toMatchObject({ ok: true });
    } finally {
      live.close();
    }
    const reads: [string, string][] = [
      ['chief', `/api/v1/stats/summary?wardCode=${SAI_GON}&${range}`],
      ['chief', '/api/v1/kiosks'],
      ['chief', `/api/v1/kiosks/${kiosk.id}`],
      ['city.one', `/api/v1/stats/timeseries?metric=peopleReached&bucket=day&${range}`],
      ['city.one', `/api/v1/stats/wards?${range}`],
      ['city.one', `/api/v1/stats/heatmap?metric=guidesCompleted&wardCode=${SAI_GON}&${range}`],
      ['city.one', `/api/v1/stats/funnel?${range}`],
      ['ward.a', `/api/v1/stats/kiosks?${range}`],
      ['ward.a', `/api/v1/stats/summary?wardCode=${SAI_GON}&format=csv&${range}`],
    ];
    for (const [who, path] of reads) {
      expect({ path, status: (await call(url(path), { token: tokens[who] })).status }).toEqual({ path, status: 200 });
    }

    const people = new Set(['user:chief', 'user:city.one', 'user:ward.a']);
    const byPeople = async () => (await audit('kind=reads')).body.filter((entry) => people.has(entry.actor));
    const deadline = Date.now() + 10_000;
    while ((await byPeople()).length < reads.length + 1) {
      if (Date.now() > deadline) throw new Error(`not every read was recorded: ${JSON.stringify(await byPeople())}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const recorded = await byPeople();
    expect(recorded).toHaveLength(reads.length + 1);

    // The socket's and the fleet's range is the city day they were read on.
    const day = (entry: AuditEntry | undefined) => {
      const at = Date.parse(entry?.at ?? '');
      return { from: cityDayStart(at).toISOString(), to: nextCityDayStart(at).toISOString() };
    };
    const today = day(recorded.find((entry) => entry.details.view === 'live'));
    expect(day(recorded.find((entry) => entry.details.view === 'fleet'))).toEqual(today);
    const ward = { targetType: 'ward', targetId: SAI_GON };
    const city = { targetType: 'city', targetId: 'city' };
    const read = (
      actor: string,
      role: string,
      view: string,
      target: object,
      span: object = asked,
      action = 'stats.read',
    ) => ({
      actor: `user:${actor}`,
      action,
      ...target,
      details: { role, view, ...span },
    });
    expect(recorded.map(shape)).toEqual(
      expect.arrayContaining([
        read('chief', 'admin', 'summary', ward),
        read('chief', 'admin', 'fleet', city, today),
        read('chief', 'admin', 'kiosk', ward, today),
        read('city.one', 'city_official', 'timeseries', city),
        read('city.one', 'city_official', 'wards', city),
        read('city.one', 'city_official', 'heatmap', ward),
        read('city.one', 'city_official', 'funnel', city),
        read('ward.a', 'ward_staff', 'kiosks', ward),
        read('ward.a', 'ward_staff', 'summary', ward, { ...asked, export: 'csv' }, 'stats.export'),
        read('ward.a', 'ward_staff', 'live', ward, today),
      ]),
    );
    // The scope and nothing else: no figure, no event, no resident.
    for (const entry of recorded) {
      expect(Object.keys(entry.details).sort()).toEqual(
        entry.action === 'stats.export' ? [...READ_DETAILS, 'export'].sort() : READ_DETAILS,
      );
    }
    expect(recorded.find((entry) => entry.targetType === 'ward')?.targetName).toBe('Phường Sài Gòn');
  });

  it('shows ward staff who read or exported their ward, and nothing else', async () => {
    // A change about the ward, which ward staff do not see.
    const population = await call(url(`/api/v1/wards/${SAI_GON}/population`), {
      method: 'PUT',
      json: { total: 50_000, source: 'test', asOf: '2026-01-01' },
    });
    expect(population.status).toBe(200);
    expect((await call(url(`/api/v1/stats/summary?wardCode=${BEN_THANH}`), { token: tokens['ward.b'] })).status).toBe(
      200,
    );
    await waitForEntries(`kind=reads&wardCode=${BEN_THANH}`, 1);

    const own = await audit('', tokens['ward.a']);
    expect(own.status).toBe(200);
    expect(own.body.length).toBeGreaterThan(0);
    for (const entry of own.body) {
      expect(entry).toMatchObject({ targetType: 'ward', targetId: SAI_GON });
      expect(['stats.read', 'stats.export']).toContain(entry.action);
    }
    // Everyone's reads of the ward: the admin's, the city official's, their own.
    expect(new Set(own.body.map((entry) => entry.actor))).toEqual(
      new Set(['user:chief', 'user:city.one', 'user:ward.a', 'admin-token']),
    );
    expect((await audit(`wardCode=${BEN_THANH}`, tokens['ward.a'])).status).toBe(403);
    expect((await audit('kind=changes', tokens['ward.a'])).status).toBe(403);
    expect((await audit('action=ward.population', tokens['ward.a'])).body).toEqual([]);
    expect((await audit('', tokens['city.one'])).status).toBe(403);
    expect((await audit('', tokens['ward.b'])).body.every((entry) => entry.targetId === BEN_THANH)).toBe(true);
  });

  it('lets admins filter by actor, action, kind, ward and time', async () => {
    const byActor = (await audit('actor=user:city.one', tokens.chief)).body;
    expect(byActor.length).toBeGreaterThanOrEqual(4);
    expect(byActor.every((entry) => entry.actor === 'user:city.one')).toBe(true);

    const exports = (await audit('action=stats.export')).body;
    expect(exports.map(shape)).toEqual([
      expect.objectContaining({
        actor: 'user:ward.a',
        targetId: SAI_GON,
        details: expect.objectContaining({ export: 'csv' }),
      }),
    ]);

    const changes = (await audit('kind=changes')).body;
    expect(changes.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['user.create', 'kiosk.create', 'ward.population']),
    );
    expect(changes.some((entry) => entry.action.startsWith('stats.'))).toBe(false);

    // A ward's entries: its reads and the change to its population.
    const ward = (await audit(`wardCode=${SAI_GON}`)).body;
    expect(new Set(ward.map((entry) => entry.action))).toEqual(
      new Set(['stats.read', 'stats.export', 'ward.population']),
    );
    expect(ward.every((entry) => entry.targetId === SAI_GON)).toBe(true);

    // A time window: [from, to) of `at`.
    const newest = (await audit('limit=1')).body[0];
    const at = Date.parse(newest.at);
    const window = (start: number, end: number) =>
      audit(`from=${new Date(start).toISOString()}&to=${new Date(end).toISOString()}`);
    expect((await window(at, at + 1)).body.map((entry) => entry.id)).toContain(newest.id);
    expect((await window(at - 60_000, at)).body.map((entry) => entry.id)).not.toContain(newest.id);
    expect((await audit(`from=${to}&to=${from}`)).status).toBe(400);
    expect((await audit('kind=everything')).status).toBe(400);
    expect((await audit('wardCode=123')).status).toBe(400);
  });

  it('deletes reads older than AUDIT_RETENTION_MONTHS, and keeps newer reads and every change', async () => {
    expect(test.app.get<ApiConfig>(API_CONFIG).audit.retentionMonths).toBe(12);
    await test.pool.query(
      `INSERT INTO audit_log (at, actor, action, target_type, target_id, details) VALUES
         (now() - interval '12 months 1 day', 'user:old', 'stats.read', 'ward', $1, '{}'),
         (now() - interval '12 months 1 day', 'user:old', 'stats.export', 'city', 'city', '{}'),
         (now() - interval '11 months', 'user:recent', 'stats.read', 'ward', $1, '{}'),
         (now() - interval '24 months', 'user:old', 'kiosk.create', 'kiosk', 'k', '{}')`,
      [SAI_GON],
    );
    const purged = await test.app.get(AuditRetention).purge();
    expect(purged).toBe(2);
    expect((await audit('actor=user:old')).body.map((entry) => entry.action)).toEqual(['kiosk.create']);
    expect((await audit('actor=user:recent')).body).toHaveLength(1);
    expect(await test.app.get(AuditRetention).purge()).toBe(0);
  });

  it('answers reads while the audit log refuses them, counts what it lost, and records again after', async () => {
    const lostBefore = await counter('kiosk_pulse_audit_reads_lost_total');
    await test.pool.query(`
      CREATE FUNCTION refuse_reads() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'the audit log refuses reads'; END $$;
      CREATE TRIGGER refuse_reads BEFORE INSERT ON audit_log FOR EACH ROW
        WHEN (NEW.action LIKE 'stats.%') EXECUTE FUNCTION refuse_reads();`);
    try {
      const answered = await call(url(`/api/v1/stats/summary?wardCode=${SAI_GON}`), { token: tokens['city.one'] });
      expect(answered).toMatchObject({ status: 200, body: { peopleReached: 7 } });
      const deadline = Date.now() + 10_000;
      while ((await counter('kiosk_pulse_audit_reads_lost_total')) === lostBefore) {
        if (Date.now() > deadline) throw new Error('the lost read was never counted');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(logLines.filter((line) => line.includes('not written to the audit log'))).toEqual([
        expect.stringContaining('1 reads not written to the audit log: the audit log refuses reads'),
      ]);
      // Changes are written as ever.
      expect(
        (await call(url(`/api/v1/kiosks/${kiosk.id}`), { method: 'PATCH', json: { label: 'Nhà văn hóa 2' } })).status,
      ).toBe(200);
    } finally {
      await test.pool.query('DROP TRIGGER refuse_reads ON audit_log; DROP FUNCTION refuse_reads()');
    }
    const marker = `from=${cityDay(Date.now(), -1)}&to=${cityDay(Date.now(), 2)}`;
    expect((await call(url(`/api/v1/stats/funnel?${marker}`), { token: tokens['city.one'] })).status).toBe(200);
    const after = await waitForEntries('action=stats.read&actor=user:city.one', 5);
    expect(after[0].details).toMatchObject({ view: 'funnel' });
  });
});

/** Reads wait in memory for the batch: written at `flushAtEntries`, or when the app stops, never lost. */
describe('the batches of reads', () => {
  let test: TestApp | undefined;

  const readsOf = async (pool: { query: TestApp['pool']['query'] }) =>
    Number((await pool.query(`SELECT count(*) AS n FROM audit_log WHERE action = 'stats.read'`)).rows[0].n);

  afterEach(async () => {
    await test?.close();
  });

  it('writes a batch once it is full, and what is left when the app stops', async () => {
    // No timer fires within the test: only a full batch, or the stop, writes.
    const audit = { retentionMonths: 12, recordReads: true, flushAfterMs: 600_000, flushAtEntries: 3 };
    test = await startTestApp({ worker: false, config: { audit } });
    const read = async () => expect((await call(`${test?.url}/api/v1/stats/summary`)).status).toBe(200);
    await read();
    await read();
    expect(await readsOf(test.pool)).toBe(0);
    await read();
    const deadline = Date.now() + 10_000;
    while ((await readsOf(test.pool)) < 3) {
      if (Date.now() > deadline) throw new Error('the full batch was not written');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await readsOf(test.pool)).toBe(3);

    await read();
    await read();
    await test.close();
    test = undefined;
    const pool = testPool();
    try {
      expect(await readsOf(pool)).toBe(5);
    } finally {
      await pool.end();
    }
  });
});
