import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { cityDay } from '@kiosk-pulse/contract';
import { cityDayStart } from '@kiosk-pulse/contract/time';
import {
  SHIPPED_POPULATION_SOURCE,
  prepareDatabase,
  projectRoot,
  restoreBackup,
  seedShippedPopulations,
  writeBackup,
} from '@kiosk-pulse/database';
import { kioskClock } from '@kiosk-pulse/demo';
import { startTestApp, type TestApp } from '../support/app';
import { resetDatabase } from '../support/services';
import { call } from '../support/http';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const SAI_GON = '26740';
const SAI_GON_SHIPPED = 47_022;
const BEN_THANH = '26743';

/** The shipped file, read here on its own rather than through the seed under test. */
const shippedCsv = parse(
  readFileSync(join(projectRoot(), 'libs', 'database', 'seed', 'hcmc-ward-population.csv'), 'utf8'),
  { columns: true, skip_empty_lines: true },
) as { code: string; population: string }[];

async function readUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(50);
  }
}

/** Populations shipped with Kiosk Pulse, their history, and estimates of groups with no official figure. */
describe('ward populations', () => {
  let test: TestApp;
  const url = (path: string) => `${test.url}${path}`;
  // A past city day D: the newer figure describes D, so a range ending the day before uses the shipped one.
  const day = cityDay(Date.now() - 3 * DAY);
  const dayBefore = cityDay(Date.now() - 4 * DAY);
  const dayAfter = cityDay(Date.now() - 2 * DAY);
  const wardIn = async (range: string, code = SAI_GON) =>
    (await call(url(`/api/v1/stats/wards?${range}`))).body.wards.find(
      (ward: { wardCode: string }) => ward.wardCode === code,
    );

  beforeAll(async () => {
    test = await startTestApp();
  });

  afterAll(async () => {
    await test?.close();
  });

  it('ships the 168 wards’ official populations: loaded once at start, their sum the CSV’s, a rate for every ward', async () => {
    // startTestApp emptied the figures (and the record of the load); a start loads them again.
    await prepareDatabase(test.pool);
    const { rows } = await test.pool.query(
      `SELECT count(*)::int AS wards, sum(population)::bigint AS people, array_agg(DISTINCT as_of::text) AS dates,
              bool_or(estimate) AS estimate
       FROM ward_populations`,
    );
    const csvSum = shippedCsv.reduce((sum, row) => sum + Number(row.population), 0);
    expect(shippedCsv).toHaveLength(168);
    expect(csvSum).toBe(14_544_929);
    expect(rows[0]).toEqual({ wards: 168, people: csvSum, dates: ['2024-12-31'], estimate: false });

    const wards = (await call(url(`/api/v1/stats/wards`))).body.wards as any[];
    expect(wards).toHaveLength(168);
    expect(wards.every((ward) => ward.per10k !== null)).toBe(true);
    expect(wards.find((ward) => ward.wardCode === SAI_GON).population).toEqual({
      total: SAI_GON_SHIPPED,
      aged60Plus: null,
      source: SHIPPED_POPULATION_SOURCE,
      asOf: '2024-12-31',
    });
    const listed = (await call(url('/api/v1/wards'))).body as any[];
    const byCode = new Map(shippedCsv.map((row) => [row.code, Number(row.population)]));
    expect(listed.every((ward) => ward.population?.total === byCode.get(ward.code))).toBe(true);

    // Loaded once: a shipped figure an admin removed stays removed at the next start.
    const removed = await call(url(`/api/v1/wards/${BEN_THANH}/populations/residents/2024-12-31`), {
      method: 'DELETE',
    });
    expect(removed.status).toBe(204);
    await prepareDatabase(test.pool);
    expect(await seedShippedPopulations(test.pool)).toBe(0);
    expect((await call(url(`/api/v1/wards?q=${BEN_THANH}`))).body[0].population).toBeNull();
    expect((await test.pool.query('SELECT count(*)::int AS n FROM ward_populations')).rows[0].n).toBe(167);
  });

  it('uses a newer figure from its date on and the older one before, for rates and the ward list', async () => {
    const { body: kiosk } = await call(url('/api/v1/kiosks'), { json: { wardCode: SAI_GON, label: 'Kiosk' } });
    const visits = (time: number) =>
      Array.from({ length: 3 }, () => ({
        id: randomUUID(),
        type: 'visit_started',
        occurredAt: kioskClock(time),
        ageGroup: '31_44',
      }));
    const tenAm = (offsetDays: number) => cityDayStart(Date.now()).getTime() - offsetDays * DAY + 10 * HOUR;
    const posted = await call(url('/api/v1/events'), {
      token: kiosk.key,
      json: { events: [...visits(tenAm(4)), ...visits(tenAm(3))] },
    });
    expect(posted.body).toMatchObject({ accepted: 6, rejected: [] });

    const added = await call(url(`/api/v1/wards/${SAI_GON}/populations`), {
      json: { group: 'residents', population: 30_000, source: 'Báo cáo UBND phường Sài Gòn', asOf: day },
    });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      group: 'residents',
      population: 30_000,
      source: 'Báo cáo UBND phường Sài Gòn',
      asOf: day,
      until: null,
      estimate: false,
      shipped: false,
      updatedBy: 'admin-token',
      updatedAt: expect.any(String),
    });

    // The day before D: the shipped figure; D on: the new one.
    const before = await readUntil(
      () => wardIn(`from=${dayBefore}&to=${day}`),
      (ward) => ward.peopleReached === 3,
    );
    expect(before).toMatchObject({
      peopleReached: 3,
      population: { total: SAI_GON_SHIPPED, source: SHIPPED_POPULATION_SOURCE, asOf: '2024-12-31' },
      per10k: { peopleReached: 0.6 },
    });
    const from = await readUntil(
      () => wardIn(`from=${day}&to=${dayAfter}`),
      (ward) => ward.peopleReached === 3,
    );
    expect(from).toMatchObject({
      peopleReached: 3,
      population: { total: 30_000, source: 'Báo cáo UBND phường Sài Gòn', asOf: day },
      per10k: { peopleReached: 1 },
    });
    // A range across the change: the figure in force on its last day.
    expect((await wardIn(`from=${dayBefore}&to=${dayAfter}`)).population.total).toBe(30_000);

    // An older figure entered now is history: used before its successor's date, not today.
    const older = await call(url(`/api/v1/wards/${SAI_GON}/population`), {
      method: 'PUT',
      json: { total: 40_000, source: 'Điều tra dân số 2019', asOf: '2019-04-01' },
    });
    expect(older.status).toBe(200);
    expect((await call(url(`/api/v1/wards?q=${SAI_GON}`))).body[0].population.total).toBe(30_000);
    expect((await wardIn('from=2024-06-01&to=2024-07-01')).population).toEqual({
      total: 40_000,
      aged60Plus: null,
      source: 'Điều tra dân số 2019',
      asOf: '2019-04-01',
    });

    const history = await call(url(`/api/v1/wards/${SAI_GON}/populations`));
    expect(history.status).toBe(200);
    expect(
      history.body.figures.map((figure: any) => [
        figure.group,
        figure.population,
        figure.asOf,
        figure.until,
        figure.shipped,
      ]),
    ).toEqual([
      ['residents', 30_000, day, null, false],
      ['residents', SAI_GON_SHIPPED, '2024-12-31', day, true],
      ['residents', 40_000, '2019-04-01', '2024-12-31', false],
    ]);

    // A correction of the same date replaces it; the audit log keeps what it replaced.
    const corrected = await call(url(`/api/v1/wards/${SAI_GON}/populations`), {
      json: { group: 'residents', population: 31_000, source: 'Báo cáo UBND phường Sài Gòn (sửa)', asOf: day },
    });
    expect(corrected.status).toBe(201);
    expect((await call(url(`/api/v1/wards/${SAI_GON}/populations`))).body.figures).toHaveLength(3);
    const audit = (await call(url('/api/v1/audit?action=ward.population.add'))).body;
    expect(audit[0]).toMatchObject({
      actor: 'admin-token',
      targetId: SAI_GON,
      details: {
        group: 'residents',
        population: 31_000,
        asOf: day,
        replaced: { population: 30_000, source: 'Báo cáo UBND phường Sài Gòn', estimate: false },
      },
    });

    // Removing the newer figure puts the shipped one back in force.
    const removed = await call(url(`/api/v1/wards/${SAI_GON}/populations/residents/${day}`), { method: 'DELETE' });
    expect(removed.status).toBe(204);
    expect((await call(url(`/api/v1/wards?q=${SAI_GON}`))).body[0].population.total).toBe(SAI_GON_SHIPPED);
    expect((await call(url('/api/v1/audit?action=ward.population.remove'))).body[0]).toMatchObject({
      targetId: SAI_GON,
      details: { group: 'residents', asOf: day },
    });
  });

  it('takes estimates of adults 18+ and people 60+, and says plainly that they are estimates', async () => {
    for (const [group, population] of [
      ['aged60Plus', 6_500],
      ['adults18Plus', 36_000],
    ] as const) {
      const added = await call(url(`/api/v1/wards/${SAI_GON}/populations`), {
        json: { group, population, source: 'Ước tính của UBND phường', asOf: '2025-01-01' },
      });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ group, population, estimate: true });
    }
    const estimated = { source: 'Ước tính của UBND phường', asOf: '2025-01-01', estimate: true };
    const expected = {
      total: SAI_GON_SHIPPED,
      aged60Plus: 6_500,
      source: SHIPPED_POPULATION_SOURCE,
      asOf: '2024-12-31',
      aged60PlusSource: estimated,
      adults18Plus: { total: 36_000, ...estimated },
    };
    expect((await call(url(`/api/v1/wards?q=${SAI_GON}`))).body[0].population).toEqual(expected);
    expect((await wardIn(`from=${day}&to=${dayAfter}`)).population).toEqual(expected);

    // A residents' figure said to be an estimate is flagged too, in the legacy PUT as in POST.
    const put = await call(url(`/api/v1/wards/${BEN_THANH}/population`), {
      method: 'PUT',
      json: {
        total: 70_000,
        aged60Plus: 9_000,
        source: 'Ước tính',
        asOf: day,
        estimate: true,
        aged60PlusEstimate: true,
      },
    });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      total: 70_000,
      aged60Plus: 9_000,
      source: 'Ước tính',
      asOf: day,
      estimate: true,
      aged60PlusSource: { source: 'Ước tính', asOf: day, estimate: true },
    });
    expect((await wardIn(`from=${day}&to=${dayAfter}`, BEN_THANH)).population).toEqual(put.body);

    const history = (await call(url(`/api/v1/wards/${BEN_THANH}/populations`))).body.figures;
    expect(history.map((figure: any) => [figure.group, figure.population, figure.estimate])).toEqual([
      ['residents', 70_000, true],
      ['aged60Plus', 9_000, true],
    ]);
  });

  it('lets only admins write, and reads a ward’s history within the reader’s scope', async () => {
    const token = async (role: string, wardCode?: string) =>
      (await call(url('/api/v1/tokens'), { json: { name: `${role} ${randomUUID()}`, role, wardCode } })).body
        .token as string;
    const official = await token('city_official');
    const staff = await token('ward_staff', SAI_GON);
    const figure = { group: 'residents', population: 1_000, source: 'x', asOf: '2026-01-01' };
    const before = (await call(url(`/api/v1/wards/${SAI_GON}/populations`))).body;
    for (const who of [official, staff]) {
      const writes = [
        call(url(`/api/v1/wards/${SAI_GON}/populations`), { token: who, json: figure }),
        call(url(`/api/v1/wards/${SAI_GON}/population`), {
          token: who,
          method: 'PUT',
          json: { total: 1_000, source: 'x', asOf: '2026-01-01' },
        }),
        call(url(`/api/v1/wards/${SAI_GON}/populations/residents/2024-12-31`), { token: who, method: 'DELETE' }),
        call(url(`/api/v1/wards/${SAI_GON}/population`), { token: who, method: 'DELETE' }),
      ];
      expect((await Promise.all(writes)).map((reply) => reply.status)).toEqual([403, 403, 403, 403]);
    }
    expect((await call(url(`/api/v1/wards/${SAI_GON}/populations`))).body).toEqual(before);

    expect((await call(url(`/api/v1/wards/${SAI_GON}/populations`), { token: official })).status).toBe(200);
    expect((await call(url(`/api/v1/wards/${SAI_GON}/populations`), { token: staff })).status).toBe(200);
    expect((await call(url(`/api/v1/wards/${BEN_THANH}/populations`), { token: staff })).status).toBe(403);
    expect((await call(url(`/api/v1/wards/${SAI_GON}/populations`), { token: null })).status).toBe(401);
  });

  it('answers bad input with 400 naming the problem, and writes nothing', async () => {
    const before = (await call(url(`/api/v1/wards/${SAI_GON}/populations`))).body;
    const good = { group: 'aged60Plus', population: 5_000, source: 'Ước tính', asOf: '2026-01-01' };
    const bad: [unknown, RegExp][] = [
      [{ ...good, group: 'children' }, /^group: /],
      [{ ...good, population: 0 }, /^population: /],
      [{ ...good, population: -5 }, /^population: /],
      [{ ...good, population: 1.5 }, /^population: /],
      [{ ...good, population: '5000' }, /^population: /],
      [{ ...good, source: '   ' }, /^source: say where the figure comes from/],
      [{ ...good, asOf: '2026-13-01' }, /^asOf: /],
      [{ ...good, estimate: 'yes' }, /^estimate: /],
      [{ ...good, extra: 1 }, /extra/],
      [{ group: 'residents' }, /population/],
    ];
    for (const [json, message] of bad) {
      const reply = await call(url(`/api/v1/wards/${SAI_GON}/populations`), { json });
      expect([reply.status, reply.body.message]).toEqual([400, expect.stringMatching(message)]);
    }
    expect((await call(url('/api/v1/wards/99999/populations'), { json: good })).body).toMatchObject({
      statusCode: 400,
      message: 'unknown ward 99999',
    });
    expect((await call(url('/api/v1/wards/abc/populations'), { json: good })).status).toBe(400);
    expect((await call(url('/api/v1/wards/abc/populations'))).status).toBe(400);
    for (const path of ['children/2026-01-01', 'residents/yesterday']) {
      const reply = await call(url(`/api/v1/wards/${SAI_GON}/populations/${path}`), { method: 'DELETE' });
      expect(reply.status).toBe(400);
    }
    const put = await call(url(`/api/v1/wards/${SAI_GON}/population`), {
      method: 'PUT',
      json: { total: 5_000, source: 'x', asOf: '2026-01-01', estimate: 'no' },
    });
    expect(put.status).toBe(400);
    expect((await call(url(`/api/v1/wards/${SAI_GON}/populations`))).body).toEqual(before);
    // A figure that is not there: 404.
    const missing = await call(url(`/api/v1/wards/${SAI_GON}/populations/adults18Plus/2001-01-01`), {
      method: 'DELETE',
    });
    expect(missing.status).toBe(404);
  });

  it('documents the population endpoints in OpenAPI, with the bodies they validate', async () => {
    const { body: docs } = await call(url('/api/docs-json'));
    const paths = docs.paths as Record<string, Record<string, any>>;
    expect(Object.keys(paths['/api/v1/wards/{code}/population']).sort()).toEqual(['delete', 'put']);
    expect(Object.keys(paths['/api/v1/wards/{code}/populations']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(paths['/api/v1/wards/{code}/populations/{group}/{asOf}'])).toEqual(['delete']);
    const post = paths['/api/v1/wards/{code}/populations'].post.requestBody.content['application/json'].schema;
    expect(post.properties.group.enum).toEqual(['residents', 'adults18Plus', 'aged60Plus']);
    expect(post.required.sort()).toEqual(['asOf', 'group', 'population', 'source']);
    const put = paths['/api/v1/wards/{code}/population'].put.requestBody.content['application/json'].schema;
    expect(Object.keys(put.properties).sort()).toEqual(
      ['aged60Plus', 'aged60PlusEstimate', 'asOf', 'estimate', 'source', 'total'].sort(),
    );
  });

  it('keeps what admins entered in a backup, and a restore does not load the shipped figures again', async () => {
    let text = '';
    const rows = await writeBackup(
      test.pool,
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          text += chunk.toString();
          done();
        },
      }),
    );
    expect(rows.group_populations).toBe(2);
    expect(text).toContain('COPY public.group_populations (');
    expect(text).toContain('Ước tính của UBND phường');

    // Restored into an empty database and started: the figures as they were, the shipped one an
    // admin removed (Bến Thành's) not loaded again.
    const figures = async () => ({
      residents: (
        await test.pool.query('SELECT ward_code, as_of::text, population, estimate FROM ward_populations ORDER BY 1, 2')
      ).rows,
      groups: (await test.pool.query('SELECT * FROM group_populations ORDER BY 1, 2, 3')).rows,
    });
    const before = await figures();
    await resetDatabase(test.pool);
    await restoreBackup(test.pool, Readable.from([text]));
    await prepareDatabase(test.pool);
    expect(await figures()).toEqual(before);
    expect(before.residents.filter((row) => row.ward_code === BEN_THANH)).toEqual([
      { ward_code: BEN_THANH, as_of: day, population: 70_000, estimate: true },
    ]);
  });
});
