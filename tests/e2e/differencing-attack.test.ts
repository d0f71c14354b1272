import { parse } from 'csv-parse/sync';
import { OUTCOMES, addCityDays, cityDay } from '@kiosk-pulse/contract';
import { cityDayToInstant } from '@kiosk-pulse/contract/time';
import { kioskClock } from '@kiosk-pulse/demo';
import { ADMIN_TOKEN, LiveClient, startTestApp, type TestApp } from '../support/app';
import {
  AGE_GROUPS,
  SIXTY_PLUS,
  Truth,
  attack,
  type AgeGroup,
  type Atom,
  type Figure,
  type Target,
} from '../support/differencing-attack';
import { call } from '../support/http';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const GUIDES = ['vneid', 'scam_awareness'] as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A seeded generator: the same data every run. */
function generator(seed: number) {
  let state = seed;
  return () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
}

/*
 * The attacker test of issue 15: for a few wards and days with small cells, every figure each
 * role may read (JSON, CSV and the /live socket) is collected, and tests/support/differencing-
 * attack.ts tries to work out any count from 1 to 4 of people of one age group.
 */
// The signed-in rule's threshold, and the public view's stricter one (its breakdowns are also
// rounded to 5, which only takes away more; here its suppression is attacked unrounded).
describe.each([5, 10])('an attacker subtracting published figures, threshold %i', (THRESHOLD) => {
  let test: TestApp;
  const truth = new Truth();
  const figures: Figure[] = [];
  const slots: { start: number; end: number }[] = [];
  const kiosks: { id: string; ward: string; key: string }[] = [];
  let wards: string[];
  let staffToken: string;
  const now = Date.now();
  const today = cityDay(now);
  const days = [-4, -3, -2].map((offset) => cityDay(now, offset));
  const at = (day: string, minutes: number) => cityDayToInstant(day).getTime() + minutes * MINUTE;
  // Events at three times of each past day; today's come in two rounds, each a slot of its own.
  const TIMES = [9 * 60 + 35, 10 * 60 + 15, 14 * 60 + 20];
  const todaySlots: number[] = [];

  const slotOf = (time: number, round?: number): number => {
    if (round !== undefined) return todaySlots[round];
    const index = slots.findIndex((slot) => time >= slot.start && time < slot.end);
    if (index < 0) throw new Error(`no slot for ${new Date(time).toISOString()}`);
    return index;
  };
  const slotsIn = (from: number, to: number) =>
    slots.flatMap((slot, index) => (slot.start >= from && slot.end <= to ? [index] : []));
  const atomsOf = (test: (atom: Atom) => boolean) => truth.select(test);

  beforeAll(async () => {
    test = await startTestApp({
      config: {
        ageSplitDelayMs: 0,
        ageSplitPeriod: 'day',
        smallCountThreshold: THRESHOLD,
        // Days of a ward's visits arrive at once here, as from a kiosk back online.
        kioskUsageLimits: { perMinute: 100_000, perDay: 100_000 },
        ingestRatePerMinute: 100_000,
      },
    });
    // Not across the city midnight: today's rounds must land on one day.
    while (cityDay(Date.now() - 5 * MINUTE) !== cityDay(Date.now() + 5 * MINUTE)) await sleep(1_000);
    wards = ['26740', '26743', '25747', '25750'];
    for (const [ward, n] of [
      [wards[0], 2],
      [wards[1], 1],
      [wards[2], 1],
      [wards[3], 1],
    ] as const) {
      for (let k = 0; k < n; k++) {
        const made = (await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: ward, label: `K${ward}-${k}` } }))
          .body;
        kiosks.push({ id: made.id, ward, key: made.key });
      }
    }
    staffToken = (
      await call(`${test.url}/api/v1/tokens`, { json: { name: 'staff', role: 'ward_staff', wardCode: wards[0] } })
    ).body.token;
    // Slots: the pieces of each past day no figure splits (09:30-09:50 is asked for on its own).
    for (const day of days) {
      for (const [from, to] of [
        [9 * 60 + 30, 9 * 60 + 50],
        [10 * 60, 11 * 60],
        [14 * 60, 15 * 60],
      ]) {
        slots.push({ start: at(day, from), end: at(day, to) });
      }
    }
    todaySlots.push(slots.push({ start: NaN, end: NaN }) - 1, slots.push({ start: NaN, end: NaN }) - 1);

    // Small cells in every ward and day: counts per age group drawn from a few small values.
    const random = generator(15);
    const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
    const events: { kiosk: (typeof kiosks)[number]; event: object; atom: Omit<Atom, 'age'> & { age: AgeGroup } }[] = [];
    const visit = (kiosk: (typeof kiosks)[number], time: number, age: AgeGroup, round?: number) => {
      const slot = slotOf(time, round);
      const id = crypto.randomUUID();
      events.push({
        kiosk,
        event: { id, type: 'visit_started', occurredAt: kioskClock(time), ageGroup: age },
        atom: { ward: kiosk.ward, kiosk: kiosk.id, slot, type: 'visit_started', guide: null, age },
      });
      // Some visits end with one of the city's outcomes, sent with the visitor's age group (its atom
      // keeps the outcome in `guide`): published as totals only, it must tell no age.
      if (random() < 0.3) {
        const outcome = pick(OUTCOMES);
        events.push({
          kiosk,
          event: {
            id: crypto.randomUUID(),
            type: 'outcome_recorded',
            occurredAt: kioskClock(time),
            outcome,
            ageGroup: age,
          },
          atom: { ward: kiosk.ward, kiosk: kiosk.id, slot, type: 'outcome_recorded', guide: outcome, age },
        });
      }
      if (random() < 0.4) {
        const guide = pick(GUIDES);
        const end = pick(['guide_completed', 'guide_completed', 'guide_abandoned']);
        for (const type of ['guide_started', end]) {
          events.push({
            kiosk,
            event: {
              id: crypto.randomUUID(),
              type,
              occurredAt: kioskClock(time + MINUTE),
              guide,
              ageGroup: age,
              ...(type === 'guide_started' ? {} : { durationMs: 120_000 + Math.floor(random() * 300_000) }),
            },
            atom: { ward: kiosk.ward, kiosk: kiosk.id, slot, type, guide, age },
          });
        }
      }
    };
    for (const day of days) {
      for (const minutes of TIMES) {
        for (const kiosk of kiosks.filter((candidate) => candidate.ward !== wards[3])) {
          for (const age of AGE_GROUPS) {
            const n = pick([0, 0, 0, 1, 1, 2, 3, 4, 6, 9]);
            for (let i = 0; i < n; i++) visit(kiosk, at(day, minutes), age);
          }
        }
      }
    }
    // The last ward's one day: three people, all aged 60+, nobody else (a row an attacker helper
    // found leaking: its total was its 60+ count).
    const elderly = kiosks.find((kiosk) => kiosk.ward === wards[3])!;
    for (const age of ['60_64', '60_64', '75_plus'] as const) visit(elderly, at(days[1], TIMES[1]), age);
    const post = async (batch: typeof events) => {
      for (const kiosk of kiosks) {
        const mine = batch.filter((item) => item.kiosk === kiosk).map((item) => item.event);
        for (let i = 0; i < mine.length; i += 500) {
          const reply = await call(`${test.url}/api/v1/events`, {
            token: kiosk.key,
            json: { events: mine.slice(i, i + 500) },
          });
          expect(reply.body).toMatchObject({ accepted: Math.min(500, mine.length - i), rejected: [] });
        }
      }
      for (const item of batch) truth.add(item.atom);
    };
    await post(events.splice(0));
    // Today, round one: five people aged 65-74 in the first ward; nobody's age is published yet.
    for (let i = 0; i < 5; i++) visit(kiosks[0], Date.now() - 90_000, '65_74', 0);
    await post(events.splice(0));
    await waitForTotals();
  }, 120_000);

  afterAll(async () => {
    await test?.close();
  });

  /** Until the stored totals are the truth's (read from totals-only figures, which publish nothing). */
  async function waitForTotals(): Promise<void> {
    const visits = truth.sum(atomsOf((atom) => atom.type === 'visit_started'));
    for (let attempt = 0; attempt < 400; attempt++) {
      const body = (
        await call(
          `${test.url}/api/v1/stats/timeseries?metric=peopleReached&bucket=day&from=${days[0]}&to=${addCityDays(today, 1)}`,
        )
      ).body;
      if (body.points.reduce((sum: number, point: { value: number }) => sum + point.value, 0) === visits) return;
      await sleep(50);
    }
    throw new Error('the events were not all stored');
  }

  const METRIC_TYPES = {
    peopleReached: 'visit_started',
    guidesCompleted: 'guide_completed',
    accountsRegistered: 'account_registered',
  } as const;
  const STEP_TYPES = { started: 'guide_started', completed: 'guide_completed', abandoned: 'guide_abandoned' } as const;

  /** Records a figure when it is an exact number (a hidden or partly hidden one says nothing exact). */
  const record = (name: string, value: unknown, atoms: number[]) => {
    if (typeof value === 'number') figures.push({ name, value, atoms });
  };

  /**
   * The slots an answer's age figures cover: the new answer's published periods (none when its
   * split is empty), or the old answer's range itself.
   */
  const ageSlots = (split: { from: string | null; to: string } | undefined, range: Set<number>) =>
    split === undefined
      ? range
      : new Set(
          split.from === null
            ? []
            : slotsIn(cityDayToInstant(split.from).getTime(), cityDayToInstant(split.to).getTime()),
        );

  /** The slots of a range, with today's rounds when it holds today. */
  const rangeSlots = (from: number, to: number, rounds: number[] = todaySlots) => [
    ...slotsIn(from, to),
    ...(from <= Date.now() && to > Date.now() ? rounds : []),
  ];

  /** Every figure of the summary, in JSON and CSV, of a scope and range (the old answer's shape too). */
  async function collectSummary(scope: string | undefined, from: number, to: number, token: string) {
    const query = `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}${scope ? `&wardCode=${scope}` : ''}`;
    const reply = await call(`${test.url}/api/v1/stats/summary?${query}`, { token });
    expect(reply.status).toBe(200);
    const body = reply.body;
    const where = (atom: Atom) => scope === undefined || atom.ward === scope;
    const name = `summary ${scope ?? 'city'} ${query}`;
    const range = new Set(rangeSlots(from, to));
    for (const [metric, type] of Object.entries(METRIC_TYPES)) {
      record(
        `${name} ${metric}`,
        body[metric],
        atomsOf((a) => where(a) && a.type === type && range.has(a.slot)),
      );
    }
    for (const guide of GUIDES) {
      record(
        `${name} byGuide.${guide}`,
        body.byGuide[guide],
        atomsOf((a) => where(a) && a.type === 'guide_completed' && a.guide === guide && range.has(a.slot)),
      );
    }
    for (const outcome of OUTCOMES) {
      record(
        `${name} byOutcome.${outcome}`,
        body.byOutcome[outcome],
        atomsOf((a) => where(a) && a.type === 'outcome_recorded' && a.guide === outcome && range.has(a.slot)),
      );
    }
    const previous = new Set(rangeSlots(Date.parse(body.previous.from), Date.parse(body.previous.to), []));
    record(
      `${name} previous`,
      body.previous.peopleReached,
      atomsOf((a) => where(a) && a.type === 'visit_started' && previous.has(a.slot)),
    );
    // The age split: the new answer's covers its published periods, the old one's the range itself.
    const split = body.ageSplit ?? { byAgeGroup: body.byAgeGroup, from: null, to: null };
    const splitSlots = ageSlots(body.ageSplit, range);
    for (const age of AGE_GROUPS) {
      record(
        `${name} age ${age}`,
        split.byAgeGroup[age],
        atomsOf((a) => where(a) && a.type === 'visit_started' && a.age === age && splitSlots.has(a.slot)),
      );
    }
    if (body.ageSplit) {
      record(
        `${name} ageSplit.total`,
        split.total,
        atomsOf((a) => where(a) && a.type === 'visit_started' && splitSlots.has(a.slot)),
      );
    }
    // The CSV says the same.
    const csv = await fetch(`${test.url}/api/v1/stats/summary?${query}&format=csv&lang=en`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const rows: string[][] = parse((await csv.text()).replace(/^\ufeff/, ''));
    expect(rows.find((row) => row[1] === 'People helped (visits)')?.[2]).toBe(String(body.peopleReached));
    const written = (value: unknown) =>
      body.ageSplit && split.from === null
        ? ''
        : typeof value === 'number' || typeof value === 'string'
          ? String(value)
          : (value as { atLeast: number }).atLeast === 0
            ? 'hidden'
            : `≥ ${(value as { atLeast: number }).atLeast}`;
    const ageRows = rows.filter((row) => row[0] === 'By age group').slice(-AGE_GROUPS.length);
    expect(ageRows.map((row) => row[2])).toEqual(AGE_GROUPS.map((age) => written(split.byAgeGroup[age])));
    return body;
  }

  async function collectSeries(scope: string | undefined, from: number, to: number, bucket: 'hour' | 'day') {
    for (const [metric, type] of Object.entries(METRIC_TYPES)) {
      const query = `metric=${metric}&bucket=${bucket}&from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}${scope ? `&wardCode=${scope}` : ''}`;
      const body = (await call(`${test.url}/api/v1/stats/timeseries?${query}`)).body;
      for (const point of body.points) {
        const start = Date.parse(point.t);
        const end = bucket === 'hour' ? start + HOUR : cityDayToInstant(addCityDays(cityDay(start), 1)).getTime();
        const inside = new Set(rangeSlots(start, end));
        record(
          `series ${query} ${point.t}`,
          point.value,
          atomsOf((a) => (scope === undefined || a.ward === scope) && a.type === type && inside.has(a.slot)),
        );
      }
    }
  }

  async function collectWards(from: number, to: number, token: string) {
    const query = `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
    const body = (await call(`${test.url}/api/v1/stats/wards?${query}`, { token })).body;
    const range = new Set(rangeSlots(from, to));
    const split = ageSlots(body.ageSplit, range);
    for (const ward of body.wards) {
      if (!wards.includes(ward.wardCode)) continue;
      const mine = (a: Atom) => a.ward === ward.wardCode;
      for (const [metric, type] of Object.entries(METRIC_TYPES)) {
        record(
          `wards ${query} ${ward.wardCode} ${metric}`,
          ward[metric],
          atomsOf((a) => mine(a) && a.type === type && range.has(a.slot)),
        );
      }
      record(
        `wards ${query} ${ward.wardCode} 60+`,
        ward.peopleReached60Plus,
        atomsOf((a) => mine(a) && a.type === 'visit_started' && SIXTY_PLUS.includes(a.age) && split.has(a.slot)),
      );
    }
  }

  async function collectFunnel(scope: string | undefined, from: number, to: number, token: string) {
    const query = `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}${scope ? `&wardCode=${scope}` : ''}`;
    const body = (await call(`${test.url}/api/v1/stats/funnel?${query}`, { token })).body;
    const where = (atom: Atom) => scope === undefined || atom.ward === scope;
    const range = new Set(rangeSlots(from, to));
    const split = ageSlots(body.ageSplit, range);
    for (const line of body.guides) {
      if (!GUIDES.includes(line.guide)) continue;
      for (const [step, type] of Object.entries(STEP_TYPES)) {
        record(
          `funnel ${query} ${line.guide} ${step}`,
          line[step],
          atomsOf((a) => where(a) && a.type === type && a.guide === line.guide && range.has(a.slot)),
        );
        for (const age of AGE_GROUPS) {
          record(
            `funnel ${query} ${line.guide} ${age} ${step}`,
            line.byAgeGroup?.[age]?.[step],
            atomsOf((a) => where(a) && a.type === type && a.guide === line.guide && a.age === age && split.has(a.slot)),
          );
        }
      }
    }
  }

  async function collectKiosks(scope: string | undefined, from: number, to: number, token: string) {
    const query = `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}${scope ? `&wardCode=${scope}` : ''}`;
    const body = (await call(`${test.url}/api/v1/stats/kiosks?${query}`, { token })).body;
    const range = new Set(rangeSlots(from, to));
    for (const kiosk of body.kiosks) {
      const mine = (a: Atom) => a.kiosk === kiosk.kioskId && range.has(a.slot);
      for (const [metric, type] of Object.entries(METRIC_TYPES)) {
        record(
          `kiosks ${query} ${kiosk.kioskId} ${metric}`,
          kiosk[metric],
          atomsOf((a) => mine(a) && a.type === type),
        );
      }
      for (const age of AGE_GROUPS) {
        record(
          `kiosks ${query} ${kiosk.kioskId} ${age}`,
          kiosk.byAgeGroup?.[age],
          atomsOf((a) => mine(a) && a.type === 'visit_started' && a.age === age),
        );
      }
    }
  }

  async function collectHeatmap(scope: string | undefined, from: number, to: number) {
    for (const [metric, type] of Object.entries(METRIC_TYPES)) {
      const query = `metric=${metric}&from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}${scope ? `&wardCode=${scope}` : ''}`;
      const body = (await call(`${test.url}/api/v1/stats/heatmap?${query}`)).body;
      const range = slotsIn(from, to);
      for (const cell of body.cells) {
        const inside = new Set(
          range.filter((slot) => {
            const local = new Date(slots[slot].start + 7 * HOUR);
            return ((local.getUTCDay() + 6) % 7) + 1 === cell.weekday && local.getUTCHours() === cell.hour;
          }),
        );
        record(
          `heatmap ${query} ${cell.weekday}/${cell.hour}`,
          cell.value,
          atomsOf((a) => (scope === undefined || a.ward === scope) && a.type === type && inside.has(a.slot)),
        );
      }
    }
  }

  /** The /live socket's counts of a scope (today so far), as figures over the rounds posted so far. */
  function recordLive(counts: Record<string, any>, scope: string | undefined, rounds: number[], label: string) {
    const where = (atom: Atom) => (scope === undefined || atom.ward === scope) && rounds.includes(atom.slot);
    for (const [metric, type] of Object.entries(METRIC_TYPES)) {
      record(
        `live ${label} ${scope ?? 'city'} ${metric}`,
        counts[metric],
        atomsOf((a) => where(a) && a.type === type),
      );
    }
    for (const age of AGE_GROUPS) {
      record(
        `live ${label} ${scope ?? 'city'} ${age}`,
        counts.byAgeGroup?.[age],
        atomsOf((a) => where(a) && a.type === 'visit_started' && a.age === age),
      );
    }
  }

  /**
   * Age-group targets (60+ and single groups) of the city, each ward and a team of one kiosk,
   * starting a day apart, read from /api/v1/targets/progress: two of them would tell a day's count
   * by subtraction if each were counted over its own days. A count is a figure over the days the
   * answer says it counted (countedFrom..countedTo, an age group's published periods), unless it
   * is a lower bound or not counted; before those fields, over the start day to today included.
   */
  async function collectTargets() {
    const team = await call(`${test.url}/api/v1/targets/teams`, {
      json: { name: `Tổ ${THRESHOLD}`, wardCode: kiosks[0].ward, kioskIds: [kiosks[0].id] },
    });
    expect(team.status).toBe(201);
    const scopes: { wardCode: string | null; teamId?: string; where: (atom: Atom) => boolean }[] = [
      { wardCode: null, where: () => true },
      ...wards.map((ward) => ({ wardCode: ward, where: (atom: Atom) => atom.ward === ward })),
      { wardCode: kiosks[0].ward, teamId: team.body.id, where: (atom: Atom) => atom.kiosk === kiosks[0].id },
    ];
    const deadline = addCityDays(today, 30);
    for (const scope of scopes)
      for (const ageGroups of [SIXTY_PLUS, ['65_74'], ['75_plus']])
        for (const startDay of [...days, today]) {
          const made = await call(`${test.url}/api/v1/targets`, {
            json: {
              indicator: 'visits',
              ageGroups,
              wardCode: scope.wardCode,
              teamId: scope.teamId,
              target: 500,
              startDay,
              deadline,
            },
          });
          expect(made.status).toBe(201);
        }
    const body = (await call(`${test.url}/api/v1/targets/progress`)).body;
    const all = [...body.targets, ...body.compared];
    expect(all.length).toBe(scopes.length * 3 * 4);
    for (const entry of all) {
      const target = entry.target;
      const scope = scopes.find((one) => one.wardCode === target.wardCode && (one.teamId ?? null) === target.teamId)!;
      const counted =
        'countedFrom' in entry
          ? ageSlots({ from: entry.countedFrom, to: entry.countedTo }, new Set())
          : new Set(rangeSlots(dayStart(target.startDay), dayStart(addCityDays(today, 1))));
      const exact = !entry.countAtLeast && !entry.uncounted;
      record(
        `targets ${target.teamId ? 'team' : (target.wardCode ?? 'city')} ${target.ageGroups.join('+')} from ${target.startDay}`,
        exact ? entry.count : undefined,
        atomsOf(
          (a) =>
            scope.where(a) && a.type === 'visit_started' && target.ageGroups.includes(a.age) && counted.has(a.slot),
        ),
      );
    }
  }

  const dayStart = (day: string) => cityDayToInstant(day).getTime();

  it('recovers no count from 1 to threshold - 1 of people of one age group, from any role, format or channel', async () => {
    // The socket first: today's counts after round one, then after round two (one more person aged 65-74).
    const live: Record<string, LiveClient> = {};
    for (const scope of [undefined, wards[0]]) {
      const client = new LiveClient(test.url, ADMIN_TOKEN);
      await client.connected();
      await client.subscribe(scope ? { wardCode: scope } : {});
      live[scope ?? 'city'] = client;
    }
    const todayVisits = (rounds: number[], scope?: string) =>
      truth.sum(
        atomsOf(
          (a) => a.type === 'visit_started' && rounds.includes(a.slot) && (scope === undefined || a.ward === scope),
        ),
      );
    for (const scope of [undefined, wards[0]]) {
      const counts = await live[scope ?? 'city'].waitFor(
        (c) => c.peopleReached === todayVisits([todaySlots[0]], scope),
      );
      recordLive(counts, scope, [todaySlots[0]], 'round 1');
    }
    const reply = await call(`${test.url}/api/v1/events`, {
      token: kiosks[0].key,
      json: {
        events: [
          {
            id: crypto.randomUUID(),
            type: 'visit_started',
            occurredAt: kioskClock(Date.now() - 60_000),
            ageGroup: '65_74',
          },
        ],
      },
    });
    expect(reply.body.accepted).toBe(1);
    truth.add({
      ward: kiosks[0].ward,
      kiosk: kiosks[0].id,
      slot: todaySlots[1],
      type: 'visit_started',
      guide: null,
      age: '65_74',
    });
    for (const scope of [undefined, wards[0]]) {
      const counts = await live[scope ?? 'city'].waitFor((c) => c.peopleReached === todayVisits(todaySlots, scope));
      recordLive(counts, scope, todaySlots, 'round 2');
      live[scope ?? 'city'].close();
    }

    // Every range a reader might ask for: single days, runs of days, with today, cut to minutes.
    const tomorrow = dayStart(addCityDays(today, 1));
    const ranges: [number, number][] = [
      ...days.map((day): [number, number] => [dayStart(day), dayStart(addCityDays(day, 1))]),
      [dayStart(days[0]), dayStart(days[2])],
      [dayStart(days[1]), dayStart(today)],
      [dayStart(days[0]), dayStart(today)],
      [dayStart(days[0]), tomorrow],
      [dayStart(today), tomorrow],
      [at(days[0], 9 * 60 + 30), at(days[0], 9 * 60 + 50)],
      [at(days[0], 9 * 60 + 30), at(days[1], 9 * 60 + 50)],
    ];
    for (const [from, to] of ranges) {
      for (const scope of [undefined, ...wards]) {
        await collectSummary(scope, from, to, ADMIN_TOKEN);
        await collectFunnel(scope, from, to, ADMIN_TOKEN);
        await collectKiosks(scope, from, to, ADMIN_TOKEN);
        await collectSeries(scope, from, to, 'day');
        if (to <= dayStart(today)) await collectHeatmap(scope, from, to);
      }
      await collectWards(from, to, ADMIN_TOKEN);
      // Ward staff: their ward in full, the others as the comparison's three counts.
      await collectSummary(wards[0], from, to, staffToken);
      await collectSummary(undefined, from, to, staffToken);
      await collectWards(from, to, staffToken);
      await collectFunnel(wards[0], from, to, staffToken);
      await collectKiosks(wards[0], from, to, staffToken);
    }
    for (const day of days) {
      for (const scope of [undefined, ...wards])
        await collectSeries(scope, dayStart(day), dayStart(addCityDays(day, 1)), 'hour');
    }
    await collectTargets();

    // The counts to protect: each age group (and 60+) of each ward, kiosk and the city, in each
    // slot, day and range, for visits and each guide step.
    const targets: Target[] = [];
    const units: [string, (atom: Atom) => boolean][] = [
      ['city', () => true],
      ...wards.map((ward): [string, (atom: Atom) => boolean] => [`ward ${ward}`, (atom) => atom.ward === ward]),
      ...kiosks.map((kiosk): [string, (atom: Atom) => boolean] => [
        `kiosk ${kiosk.id}`,
        (atom) => atom.kiosk === kiosk.id,
      ]),
    ];
    const times: [string, Set<number>][] = [
      ...slots.map((_, slot): [string, Set<number>] => [`slot ${slot}`, new Set([slot])]),
      ...[...days, today].map((day): [string, Set<number>] => [
        day,
        new Set(day === today ? todaySlots : slotsIn(dayStart(day), dayStart(addCityDays(day, 1)))),
      ]),
      ...ranges.map(([from, to]): [string, Set<number>] => [
        `${new Date(from).toISOString()}..${new Date(to).toISOString()}`,
        new Set(rangeSlots(from, to)),
      ]),
    ];
    const kinds: [string, (atom: Atom) => boolean][] = [
      ['visits', (atom) => atom.type === 'visit_started'],
      ...Object.values(STEP_TYPES).flatMap((type) => [
        [type, (atom: Atom) => atom.type === type] as [string, (atom: Atom) => boolean],
        ...GUIDES.map((guide): [string, (atom: Atom) => boolean] => [
          `${type} ${guide}`,
          (atom) => atom.type === type && atom.guide === guide,
        ]),
      ]),
    ];
    const ages: [string, (age: AgeGroup) => boolean][] = [
      ...AGE_GROUPS.map((group): [string, (age: AgeGroup) => boolean] => [group, (age) => age === group]),
      ['60+', (age) => SIXTY_PLUS.includes(age)],
    ];
    for (const [unitName, unit] of units) {
      for (const [timeName, time] of times) {
        for (const [kindName, kind] of kinds) {
          for (const [ageName, age] of ages) {
            const atoms = atomsOf((a) => unit(a) && time.has(a.slot) && kind(a) && age(a.age));
            const count = truth.sum(atoms);
            if (count >= 1 && count < THRESHOLD) {
              targets.push({ name: `${kindName} ${ageName} ${unitName} ${timeName}`, atoms, truth: count });
            }
          }
        }
      }
    }

    // The attack does find what it should: fed one small cell as if it were published, it recovers it.
    const planted = targets.find((target) => target.name.startsWith('visits 75_plus ward'))!;
    expect(
      attack(truth, [...figures, { name: 'planted', value: planted.truth, atoms: planted.atoms }], [planted], THRESHOLD)
        .recovered.length,
    ).toBeGreaterThan(0);

    const result = attack(truth, figures, targets, THRESHOLD);
    const summary = {
      figures: result.figures,
      distinctFigures: result.distinctFigures,
      equations: result.equations,
      knownZeroAtoms: result.knownZeroAtoms,
      atoms: truth.atoms.length,
      smallCountsToProtect: result.targets,
      pairsTried: result.pairsTried,
      recovered: result.recovered.length,
      recoveredByPair: result.recovered.filter((found) => found.by === 'pair').length,
      recoveredBySolve: result.recovered.filter((found) => found.by === 'solve').length,
      examples: result.recovered.slice(0, 8),
    };
    console.log(`differencing attack, threshold ${THRESHOLD}: ${JSON.stringify(summary)}`);
    // Not vacuous: small cells were there to find, and every channel gave figures.
    expect(result.targets).toBeGreaterThan(100);
    for (const channel of ['summary', 'series', 'wards', 'funnel', 'kiosks', 'heatmap', 'live', 'targets']) {
      expect(figures.some((figure) => figure.name.startsWith(channel))).toBe(true);
    }
    expect(result.recovered).toEqual([]);
  }, 300_000);
});
