import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import {
  cityDay as cityDayOf,
  type Target,
  type TargetProgress,
  type TargetProgressReport,
} from '@kiosk-pulse/contract';
import { cityWeekStart } from '@kiosk-pulse/contract/time';
import { refreshAggregates } from '@kiosk-pulse/database';
import { CHANH_HIEP, SAI_GON, cityDay, createKiosk, post } from '../browser/fixtures';
import { startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';
import { outcomeEvents, signInWardPeople, visitEvents } from '../support/ward-people';
import { xlsxBomb } from '../support/xlsx-bomb';

const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SIXTY_PLUS = ['60_64', '65_74', '75_plus'];

/** `count` visits of `ageGroup` on the city day `day`, from 10:00 city time, a minute apart. */
const visitsOn = (day: string, count: number, ageGroup: string): object[] =>
  visitEvents(Date.parse(`${day}T10:00:00+07:00`), count, ageGroup, 60_000);

/** `count` outcomes on the city day `day`, from 14:00 city time, a minute apart. */
const outcomesOn = (day: string, count: number, outcome: string): object[] =>
  outcomeEvents(Date.parse(`${day}T14:00:00+07:00`), count, outcome, 60_000);

/** Until the visits stored from city day `first` to today are `visits` (a totals read: it publishes no age split). */
async function storedVisits(url: string, first: string, visits: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const series = await call<{ points: { value: number }[] }>(
      `${url}/api/v1/stats/timeseries?metric=peopleReached&bucket=day&from=${first}&to=${cityDay(1)}`,
    );
    const stored = series.body.points.reduce((sum, point) => sum + point.value, 0);
    if (stored === visits) return;
    if (Date.now() > deadline) throw new Error(`the visits stored stayed ${stored}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/*
 * Targets (issue 17): set by admins and city officials, read by ward staff for their own ward
 * and the city; progress counted from the kiosks' events with pace and projection in city days;
 * imported from the city's CSV or XLSX whole or not at all.
 */
describe('targets, progress and pace', () => {
  let test: TestApp;
  let tokens: Record<string, string> = {};
  const url = (path: string) => `${test.url}${path}`;

  beforeAll(async () => {
    // Age splits published per day as soon as it ends, hiding no cell (threshold 1): an age-group
    // target's published count is then its exact one (the rule's own case is below).
    test = await startTestApp({ config: { ageSplitPeriod: 'day', ageSplitDelayMs: 0, smallCountThreshold: 1 } });
    tokens = await signInWardPeople(test.url);
  }, 60_000);

  afterAll(async () => {
    await test?.close();
  });

  const visitsTarget = (wardCode: string | null, target: number) => ({
    indicator: 'visits',
    ageGroups: ['75_plus', '60_64', '65_74'],
    wardCode,
    target,
    startDay: cityDay(-10),
    deadline: cityDay(10),
  });

  describe('setting and reading targets', () => {
    let saiGon: Target;
    let chanhHiep: Target;
    let city: Target;

    it('lets city officials and admins set targets, and only them', async () => {
      const made = await call<Target>(url('/api/v1/targets'), {
        token: tokens.official,
        json: { ...visitsTarget(SAI_GON, 40), note: 'Kế hoạch 31/KH-UBND' },
      });
      expect(made.status).toBe(201);
      saiGon = made.body;
      expect(saiGon).toMatchObject({
        indicator: 'visits',
        ageGroups: SIXTY_PLUS,
        wardCode: SAI_GON,
        teamId: null,
        target: 40,
        startDay: cityDay(-10),
        deadline: cityDay(10),
        note: 'Kế hoạch 31/KH-UBND',
        setBy: 'user:official',
      });
      chanhHiep = (await call<Target>(url('/api/v1/targets'), { json: visitsTarget(CHANH_HIEP, 10) })).body;
      expect(chanhHiep.setBy).toBe('admin-token');
      const cityMade = await call<Target>(url('/api/v1/targets'), { json: visitsTarget(null, 100) });
      expect(cityMade.status).toBe(201);
      city = cityMade.body;

      const staff = { token: tokens['staff.saigon'] };
      expect((await call(url('/api/v1/targets'), { ...staff, json: visitsTarget(SAI_GON, 5) })).status).toBe(403);
      expect(
        (await call(url(`/api/v1/targets/${saiGon.id}`), { ...staff, method: 'PATCH', json: { target: 1 } })).status,
      ).toBe(403);
      expect((await call(url(`/api/v1/targets/${saiGon.id}`), { ...staff, method: 'DELETE' })).status).toBe(403);
      expect((await call(url('/api/v1/targets'), { token: null, json: visitsTarget(SAI_GON, 5) })).status).toBe(401);
    });

    it('refuses a bad target, naming the field, and a second one of the same scope and period', async () => {
      const refused = async (json: object, pattern: RegExp, status = 400) => {
        const reply = await call(url('/api/v1/targets'), { json });
        expect({ status: reply.status, message: reply.body.message }).toEqual({
          status,
          message: expect.stringMatching(pattern),
        });
      };
      await refused({ ...visitsTarget(SAI_GON, 40) }, /exists already/, 409);
      await refused(
        { ...visitsTarget(SAI_GON, 40), indicator: 'bdhvs_certified' },
        /^ageGroups: age groups are for visits only/,
      );
      await refused({ ...visitsTarget(SAI_GON, 40), deadline: cityDay(-11) }, /^deadline: the deadline/);
      await refused({ ...visitsTarget('99999', 40) }, /^wardCode: unknown ward 99999/);
      await refused({ ...visitsTarget(SAI_GON, 0) }, /^target:/);
      await refused({ ...visitsTarget(SAI_GON, 40), startDay: '2026-02-30' }, /^startDay: must be a city day/);
      await refused({ ...visitsTarget(SAI_GON, 40), indicator: 'lottery_won' }, /^indicator:/);
    });

    it('shows ward staff their own ward’s targets and the city’s, and no other ward’s', async () => {
      const staff = { token: tokens['staff.saigon'] };
      const listed = await call<Target[]>(url('/api/v1/targets'), staff);
      expect(listed.status).toBe(200);
      expect(listed.body.map((target) => target.id).sort()).toEqual([saiGon.id, city.id].sort());
      expect((await call(url(`/api/v1/targets/${chanhHiep.id}`), staff)).status).toBe(404);
      expect((await call(url(`/api/v1/targets/${saiGon.id}`), staff)).body).toEqual(saiGon);
      expect((await call(url(`/api/v1/targets?wardCode=${CHANH_HIEP}`), staff)).status).toBe(403);
      const all = await call<Target[]>(url('/api/v1/targets'), { token: tokens.official });
      expect(all.body.map((target) => target.id).sort()).toEqual([saiGon.id, chanhHiep.id, city.id].sort());
    });

    it('changes and deletes a target, each change in the audit log', async () => {
      const other = (
        await call<Target>(url('/api/v1/targets'), { json: { ...visitsTarget(SAI_GON, 7), ageGroups: null } })
      ).body;
      const changed = await call<Target>(url(`/api/v1/targets/${other.id}`), {
        token: tokens.official,
        method: 'PATCH',
        json: { target: 9, note: 'sửa' },
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ target: 9, note: 'sửa', setBy: 'user:official', ageGroups: null });
      const backwards = await call(url(`/api/v1/targets/${other.id}`), {
        method: 'PATCH',
        json: { deadline: cityDay(-20) },
      });
      expect(backwards.status).toBe(400);
      expect((await call(url(`/api/v1/targets/${other.id}`), { method: 'DELETE' })).status).toBe(204);
      expect((await call(url(`/api/v1/targets/${other.id}`))).status).toBe(404);
      const audit = await call<{ action: string; targetId: string; details: Record<string, unknown> }[]>(
        url('/api/v1/audit?limit=50'),
      );
      const entries = audit.body.filter((entry) => entry.targetId === other.id).map((entry) => entry.action);
      expect(entries).toEqual(['target.delete', 'target.update', 'target.create']);
      const update = audit.body.find((entry) => entry.action === 'target.update' && entry.targetId === other.id);
      expect(update?.details).toEqual({
        from: { target: 7, startDay: cityDay(-10), deadline: cityDay(10), note: null },
        to: { target: 9, startDay: cityDay(-10), deadline: cityDay(10), note: 'sửa' },
      });
    });
  });

  describe('progress', () => {
    let report: TargetProgressReport;
    let teamId: string;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const saiGon = await createKiosk(test.url, SAI_GON, 'Sài Gòn 1');
      const saiGonTeam = await createKiosk(test.url, SAI_GON, 'Sài Gòn tổ 1');
      const chanhHiep = await createKiosk(test.url, CHANH_HIEP, 'Chánh Hiệp 1');
      await post(test.url, saiGon.key, [
        ...visitsOn(cityDay(-1), 3, '60_64'),
        ...visitsOn(cityDay(-1), 2, '75_plus').map((event) => ({ ...event, id: randomUUID() })),
        ...visitsOn(cityDay(-3), 2, '65_74'),
        ...visitsOn(cityDay(-6), 1, '60_64'),
        // Before the start day: not counted, and not in the last 7 days' pace.
        ...visitsOn(cityDay(-12), 5, '60_64'),
        // Not 60+.
        ...outcomesOn(cityDay(-3), 2, 'vneid_level2_activated'),
        ...outcomesOn(cityDay(-6), 1, 'vneid_level2_activated'),
      ]);
      await post(test.url, saiGonTeam.key, [
        ...visitsOn(cityDay(-2), 4, '16_30'),
        ...outcomesOn(cityDay(-2), 3, 'bdhvs_certified'),
      ]);
      await post(test.url, chanhHiep.key, [
        ...visitsOn(cityDay(-2), 6, '65_74'),
        ...outcomesOn(cityDay(-2), 2, 'bdhvs_certified'),
      ]);

      const team = await call(url('/api/v1/targets/teams'), {
        token: tokens.official,
        json: { name: 'Tổ công nghệ số cộng đồng khu phố 1', wardCode: SAI_GON, kioskIds: [saiGonTeam.id] },
      });
      expect(team.status).toBe(201);
      teamId = team.body.id;
      const make = async (name: string, json: object) => {
        const made = await call<Target>(url('/api/v1/targets'), { json });
        expect(made.status).toBe(201);
        ids[name] = made.body.id;
      };
      await make('vneid', {
        indicator: 'vneid_level2_activated',
        wardCode: SAI_GON,
        target: 3,
        startDay: cityDay(-5),
        deadline: cityDay(-1),
      });
      await make('team', {
        indicator: 'bdhvs_certified',
        teamId,
        target: 6,
        startDay: cityDay(-10),
        deadline: cityDay(10),
      });
      await make('future', {
        indicator: 'visits',
        wardCode: CHANH_HIEP,
        target: 70,
        startDay: cityDay(3),
        deadline: cityDay(9),
      });
      // Until the worker has stored every visit (read as totals, which publish no age split: the
      // first read of an age-group target publishes the days it touches, for good), then every
      // outcome: the city's target counts all 60+ visits.
      await storedVisits(test.url, cityDay(-12), 3 + 2 + 2 + 1 + 5 + 4 + 6);
      const deadline = Date.now() + 30_000;
      for (;;) {
        report = (await call<TargetProgressReport>(url('/api/v1/targets/progress'))).body;
        const counts = report.targets.map((entry) => entry.count);
        if (counts.reduce((sum, count) => sum + count, 0) === 8 + 6 + 14 + 2 + 3) break;
        if (Date.now() > deadline) throw new Error(`the counts stayed ${JSON.stringify(counts)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }, 60_000);

    const progressOf = (entries: TargetProgress[], test: (target: Target) => boolean) =>
      entries.find((entry) => test(entry.target)) as TargetProgress;

    const expectFigures = (entries: TargetProgress[]) => {
      const ward = (code: string) => (target: Target) =>
        target.wardCode === code && target.indicator === 'visits' && target.startDay === cityDay(-10);
      // Sài Gòn: 3 + 2 (yesterday) + 2 (3 days ago) + 1 (6 days ago) 60+ visits; 32 to go in 11 days
      // (today and the 10 after it); 8 in the last 7 days is 8/7 a day, reaching 40 in 28 days.
      expect(progressOf(entries, ward(SAI_GON))).toMatchObject({
        count: 8,
        percent: 20,
        remaining: 32,
        daysLeft: 11,
        neededPerDay: 2.9,
        recentPace: { from: cityDay(-7), to: cityDay(-1), perDay: 1.1 },
        projectedDay: cityDay(27),
        status: 'behind',
      });
      // Chánh Hiệp: 6 of 10; 4 to go at 6/7 a day: 5 days, today included.
      expect(progressOf(entries, ward(CHANH_HIEP))).toMatchObject({
        count: 6,
        percent: 60,
        remaining: 4,
        neededPerDay: 0.4,
        recentPace: { perDay: 0.9 },
        projectedDay: cityDay(4),
        status: 'on_track',
      });
      // The city: every ward's 60+ visits.
      expect(progressOf(entries, (target) => target.wardCode === null)).toMatchObject({
        count: 14,
        percent: 14,
        projectedDay: cityDay(Math.ceil((86 * 7) / 14) - 1),
        status: 'behind',
      });
      // Past its deadline: 2 of 3 VNeID level 2 (the one before the start day does not count).
      expect(progressOf(entries, (target) => target.id === ids.vneid)).toMatchObject({
        count: 2,
        percent: 66.7,
        daysLeft: 0,
        neededPerDay: null,
        status: 'missed',
      });
      // The team's kiosk only: 3 of its certificates, not Chánh Hiệp's 2.
      expect(progressOf(entries, (target) => target.id === ids.team)).toMatchObject({
        count: 3,
        percent: 50,
        daysLeft: 11,
        status: 'on_track',
      });
      // Not started: counts from its start day; the days left are its own.
      expect(progressOf(entries, (target) => target.id === ids.future)).toMatchObject({
        count: 0,
        daysLeft: 7,
        neededPerDay: 10,
        status: 'not_started',
      });
    };

    it('counts each target from the kiosks’ events, with the pace needed and the last 7 days’ pace', async () => {
      expect(report.asOf).toBe(cityDay(0));
      expect(report.countBasis).toBe('contributions');
      expect(report.countNote.vi).toMatch(/lượt/);
      expect(report.countNote.en).toMatch(/not population coverage/);
      expectFigures(report.targets);
      expect(progressOf(report.targets, (target) => target.id === ids.team).target).toMatchObject({
        teamId,
        wardCode: SAI_GON,
      });
    });

    it('counts the same once the aggregates are materialized', async () => {
      await refreshAggregates(test.pool);
      const again = await call<TargetProgressReport>(url('/api/v1/targets/progress'));
      expectFigures(again.body.targets);
    });

    it('ranks the wards by percent with the city median; ward staff get their own ward first', async () => {
      const ranking = report.rankings.find((entry) => entry.indicator === 'visits' && entry.startDay === cityDay(-10));
      expect(ranking).toMatchObject({ ageGroups: SIXTY_PLUS, medianPercent: 40 });
      // Ids only: each target's progress is told once, in `targets` (or `compared`, outside the scope).
      const told = (id: string | null | undefined) => report.targets.find((entry) => entry.target.id === id);
      expect(told(ranking?.cityTargetId)?.count).toBe(14);
      expect(report.compared).toEqual([]);
      expect(ranking?.wards.map((entry) => [entry.wardCode, entry.rank, told(entry.targetId)?.percent])).toEqual([
        [CHANH_HIEP, 1, 60],
        [SAI_GON, 2, 20],
      ]);
      expect(ranking?.wards.every((entry) => told(entry.targetId)?.target.wardCode === entry.wardCode)).toBe(true);
      expect(ranking?.wards[0].wardName).toMatch(/Chánh Hiệp/);

      const staff = await call<TargetProgressReport>(url('/api/v1/targets/progress'), {
        token: tokens['staff.saigon'],
      });
      expect(staff.status).toBe(200);
      const own = staff.body.rankings.find((entry) => entry.indicator === 'visits' && entry.startDay === cityDay(-10));
      expect(own?.wards.map((entry) => [entry.wardCode, entry.rank])).toEqual([
        [SAI_GON, 2],
        [CHANH_HIEP, 1],
      ]);
      // Chánh Hiệp's target is a comparison figure for them: in `compared`, not in their targets.
      const compared = staff.body.compared.find((entry) => entry.target.id === own?.wards[1].targetId);
      expect(compared).toMatchObject({ percent: 60, target: { wardCode: CHANH_HIEP } });
      expect(staff.body.compared.every((entry) => entry.target.wardCode === CHANH_HIEP)).toBe(true);
      // Their targets: their ward's first, then the city's; none of another ward.
      const wards = staff.body.targets.map((entry) => entry.target.wardCode);
      expect(wards.every((ward) => ward === SAI_GON || ward === null)).toBe(true);
      expect(wards.indexOf(null)).toBeGreaterThan(wards.lastIndexOf(SAI_GON));
      expect(staff.body.targets.some((entry) => entry.target.id === ids.team)).toBe(true);

      const other = await call<TargetProgressReport>(url('/api/v1/targets/progress'), {
        token: tokens['staff.chanhhiep'],
      });
      expect(other.body.targets.some((entry) => entry.target.teamId !== null)).toBe(false);
      expect(
        (await call(url(`/api/v1/targets/progress?wardCode=${SAI_GON}`), { token: tokens['staff.chanhhiep'] })).status,
      ).toBe(403);
    });

    it('keeps a team with targets, and lets ward staff read teams but not make them', async () => {
      expect((await call(url(`/api/v1/targets/teams/${teamId}`), { method: 'DELETE' })).status).toBe(409);
      const teams = await call(url('/api/v1/targets/teams'), { token: tokens['staff.saigon'] });
      expect(teams.body.map((team: { id: string }) => team.id)).toEqual([teamId]);
      expect((await call(url('/api/v1/targets/teams'), { token: tokens['staff.chanhhiep'] })).body).toEqual([]);
      expect(
        (
          await call(url('/api/v1/targets/teams'), {
            token: tokens['staff.saigon'],
            json: { name: 'Tổ 2', wardCode: SAI_GON, kioskIds: [] },
          })
        ).status,
      ).toBe(403);
    });

    it('records each read of progress in the audit log, like the stats’, with its scope and days', async () => {
      const before = Date.now();
      expect(
        (await call(url(`/api/v1/targets/progress?wardCode=${SAI_GON}`), { token: tokens['staff.saigon'] })).status,
      ).toBe(200);
      expect((await call(url('/api/v1/targets/progress'), { token: tokens.official })).status).toBe(200);
      type Read = { actor: string; targetId: string; at: string; details: { view: string; from: string; to: string } };
      const reads = async () =>
        (await call<Read[]>(url('/api/v1/audit?kind=reads&limit=50'))).body.filter(
          (entry) =>
            entry.details.view === 'targets' && entry.actor.startsWith('user:') && Date.parse(entry.at) >= before,
        );
      for (let attempt = 0; (await reads()).length < 2; attempt++) {
        if (attempt > 200) throw new Error(`the reads were not recorded: ${JSON.stringify(await reads())}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const recorded = await reads();
      expect(recorded.map((entry) => [entry.actor, entry.targetId]).sort()).toEqual([
        ['user:official', 'city'],
        ['user:staff.saigon', SAI_GON],
      ]);
      // From the earliest start day read (10 days ago) to the end of today, city time.
      for (const entry of recorded) {
        expect(entry.details.from).toBe(new Date(Date.parse(`${cityDay(-10)}T00:00:00+07:00`)).toISOString());
        expect(entry.details.to).toBe(new Date(Date.parse(`${cityDay(1)}T00:00:00+07:00`)).toISOString());
      }
    });
  });

  describe('import', () => {
    const count = async () => (await call<Target[]>(url('/api/v1/targets'))).body.length;
    const upload = (body: Buffer | string, type: string, token?: string) =>
      fetch(url('/api/v1/targets/import'), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token ?? 'test-admin-token-0123456789abcdef'}`,
          'content-type': type,
          'x-file-name': encodeURIComponent('Chỉ tiêu quý II.csv'),
        },
        body: typeof body === 'string' ? body : new Uint8Array(body),
      });

    it('imports a good CSV, and the same file again updates what it set', async () => {
      const before = await count();
      const csv = [
        'indicator,age_groups,ward_code,team,target,start_day,deadline,note',
        `visits,60+,${SAI_GON},,"1.200",2026-04-01,2026-06-30,Quý II`,
        `vneid_level2_activated,,${CHANH_HIEP},,350,01/04/2026,30/06/2026,`,
        'Chứng nhận Bình dân học vụ số,,,,5000,2026-04-01,2026-09-30,Cả thành phố',
        '',
      ].join('\r\n');
      const response = await upload(csv, CSV);
      const body = await response.json();
      expect(response.status).toBe(200);
      expect(body).toMatchObject({ created: 3, updated: 0 });
      expect(
        body.targets.map((target: Target) => [
          target.indicator,
          target.ageGroups,
          target.wardCode,
          target.target,
          target.startDay,
          target.deadline,
        ]),
      ).toEqual([
        ['visits', SIXTY_PLUS, SAI_GON, 1200, '2026-04-01', '2026-06-30'],
        ['vneid_level2_activated', null, CHANH_HIEP, 350, '2026-04-01', '2026-06-30'],
        ['bdhvs_certified', null, null, 5000, '2026-04-01', '2026-09-30'],
      ]);
      expect(await count()).toBe(before + 3);
      const again = await upload(csv.replace('"1.200"', '1300'), `${CSV}; charset=utf-8`, tokens.official);
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ created: 0, updated: 3 });
      expect(await count()).toBe(before + 3);
      const audit = (await call(url('/api/v1/audit?action=target.import'))).body;
      expect(audit[0]).toMatchObject({
        actor: 'user:official',
        details: { file: 'Chỉ tiêu quý II.csv', format: 'csv', rows: 3, created: 0, updated: 3 },
      });
    });

    it('imports a good XLSX, with a Vietnamese header, date cells and number cells', async () => {
      const before = await count();
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Chỉ tiêu');
      sheet.addRow(['Chỉ số', 'Nhóm tuổi', 'Mã phường', 'Tổ', 'Chỉ tiêu', 'Bắt đầu', 'Hạn', 'Ghi chú']);
      sheet.addRow([
        'visits',
        '65_74 75_plus',
        Number(SAI_GON),
        null,
        800,
        new Date(Date.UTC(2026, 6, 1)),
        new Date(Date.UTC(2026, 8, 30)),
        'Quý III',
      ]);
      sheet.addRow(['smart_device_set_up', null, CHANH_HIEP, null, 120, '2026-07-01', '2026-09-30', null]);
      const file = Buffer.from(await workbook.xlsx.writeBuffer());
      const response = await upload(file, XLSX);
      const body = await response.json();
      expect(response.status).toBe(200);
      expect(body.created).toBe(2);
      expect(body.targets[0]).toMatchObject({
        indicator: 'visits',
        ageGroups: ['65_74', '75_plus'],
        wardCode: SAI_GON,
        target: 800,
        startDay: '2026-07-01',
        deadline: '2026-09-30',
        note: 'Quý III',
      });
      expect(body.targets[1]).toMatchObject({ indicator: 'smart_device_set_up', wardCode: CHANH_HIEP, target: 120 });
      expect(await count()).toBe(before + 2);
    });

    it('refuses a file with bad rows whole, listing every error by row and column, and writes nothing', async () => {
      const before = await count();
      const auditBefore = (await call(url('/api/v1/audit?limit=1'))).body[0].id;
      const csv = [
        'indicator,age_groups,ward_code,team,target,start_day,deadline,note',
        `visits,60+,${SAI_GON},,100,2026-10-01,2026-12-31,`,
        `lottery_won,,${SAI_GON},,100,2026-10-01,2026-12-31,`,
        `visits,teenagers,${SAI_GON},,100,2026-10-01,2026-12-31,`,
        'visits,,99999,,-3,2026-10-01,2026-12-31,',
        `bdhvs_certified,60+,${SAI_GON},,10,2026-10-01,2026-12-31,`,
        `visits,,${SAI_GON},,10,2026-12-01,2026-10-31,`,
        `visits,,${SAI_GON},Tổ không có,10,31/02/2026,2026-12-31,`,
        `visits,60+,${SAI_GON},,100,2026-10-01,2026-12-31,`,
      ].join('\n');
      const response = await upload(csv, CSV);
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.message).toMatch(/^the file was not imported \(nothing was written\): 9 errors; row 3, indicator/);
      expect(body.errors).toEqual([
        { row: 3, column: 'indicator', message: expect.stringContaining('"lottery_won" is not one of visits,') },
        { row: 4, column: 'age_groups', message: expect.stringContaining('"teenagers" is not an age group') },
        { row: 5, column: 'ward_code', message: 'unknown ward 99999' },
        { row: 5, column: 'target', message: '"-3" is not a whole number above 0' },
        { row: 6, column: 'age_groups', message: 'age groups are for visits only: outcomes are counted whole' },
        { row: 7, column: 'deadline', message: 'the deadline 2026-10-31 is before the start 2026-12-01' },
        { row: 8, column: 'team', message: `no team "Tổ không có" in ward ${SAI_GON}: create it first` },
        { row: 8, column: 'start_day', message: '"31/02/2026" is not a date (YYYY-MM-DD or DD/MM/YYYY)' },
        { row: 9, column: 'indicator', message: expect.stringContaining('row 2 sets the same indicator') },
      ]);
      expect(await count()).toBe(before);
      expect((await call(url('/api/v1/audit?limit=1'))).body[0].id).toBe(auditBefore);
    });

    it('refuses the whole file when a row fails only against the database, in the transaction', async () => {
      const cityTeam = await call(url('/api/v1/targets/teams'), {
        json: { name: 'Đoàn thanh niên thành phố', kioskIds: [] },
      });
      expect(cityTeam.status).toBe(201);
      const before = await count();
      // A team of the city sets city-wide targets; a row giving it a ward is refused.
      const csv = [
        'indicator,ward_code,team,target,start_day,deadline',
        `visits,${SAI_GON},,50,2027-01-01,2027-03-31`,
        `visits,${CHANH_HIEP},Đoàn thanh niên thành phố,50,2027-01-01,2027-03-31`,
      ].join('\n');
      const response = await upload(csv, CSV);
      expect(response.status).toBe(400);
      expect((await response.json()).errors).toEqual([
        { row: 3, column: 'ward_code', message: expect.stringContaining('is of the city; its targets are too') },
      ]);
      expect(await count()).toBe(before);
    });

    it('is in the OpenAPI document', async () => {
      const document = await call(url('/api/docs-json'), { token: null });
      expect(Object.keys(document.body.paths).filter((path) => path.startsWith('/api/v1/targets'))).toEqual([
        '/api/v1/targets',
        '/api/v1/targets/progress',
        '/api/v1/targets/import',
        '/api/v1/targets/teams',
        '/api/v1/targets/teams/{id}',
        '/api/v1/targets/{id}',
      ]);
      const post = document.body.paths['/api/v1/targets'].post;
      expect(Object.keys(post.requestBody.content['application/json'].schema.properties)).toEqual([
        'indicator',
        'ageGroups',
        'wardCode',
        'teamId',
        'target',
        'startDay',
        'deadline',
        'note',
      ]);
      expect(
        document.body.paths['/api/v1/targets/progress'].get.parameters.map((p: { name: string }) => p.name),
      ).toEqual(['wardCode', 'indicator']);
    });

    it('refuses a header it does not know, a file it cannot read, another type, and ward staff', async () => {
      const header = await upload('indicator,target,start_day\nvisits,1,2026-01-01\n', CSV);
      expect(header.status).toBe(400);
      expect((await header.json()).errors).toEqual([{ row: 1, column: 'deadline', message: 'this column is missing' }]);
      const unknown = await upload('indicator,target,start_day,deadline,colour\n', CSV);
      expect((await unknown.json()).errors[0]).toMatchObject({ row: 1, column: 'colour' });
      const broken = await upload(Buffer.from('not a zip file'), XLSX);
      expect(broken.status).toBe(400);
      expect((await broken.json()).errors[0].message).toMatch(/cannot be read as XLSX/);
      expect((await upload('{}', 'application/json')).status).toBe(415);
      expect((await upload('indicator\n', CSV, tokens['staff.saigon'])).status).toBe(403);
    });

    it('refuses an XLSX zip bomb by its unpacked size, without unpacking it', async () => {
      const rows = [
        ['indicator', 'ward_code', 'target', 'start_day', 'deadline'],
        ['visits', CHANH_HIEP, 70, '2027-01-01', '2027-03-31'],
      ];
      // The same hand-made zip with 1 MB of padding is a good file: the sheet is read through it.
      const fair = await xlsxBomb(rows, 1024 * 1024);
      const taken = await upload(fair.file, XLSX);
      expect(taken.status).toBe(200);
      expect((await taken.json()).targets[0]).toMatchObject({ wardCode: CHANH_HIEP, target: 70 });

      /** The upload's answer, and how far the process's memory rose while it was answered. */
      const sent = async (file: Buffer) => {
        const start = process.memoryUsage().rss;
        let peak = start;
        const sampling = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
        const response = await upload(file, XLSX);
        clearInterval(sampling);
        peak = Math.max(peak, process.memoryUsage().rss);
        return { status: response.status, body: await response.json(), rise: peak - start };
      };
      const before = await count();
      // 512 MB of sheet in a body of about half a megabyte, its headers telling the truth.
      const bomb = await xlsxBomb(rows, 512 * 1024 * 1024);
      expect(bomb.file.length).toBeLessThan(1024 * 1024);
      expect(bomb.unpacked).toBeGreaterThan(512 * 1024 * 1024);
      const honest = await sent(bomb.file);
      expect(honest.status).toBe(413);
      expect(honest.body.message).toMatch(/unpacks to/);
      expect(honest.rise).toBeLessThan(100 * 1024 * 1024);
      // The same, its headers claiming 10 kB: inflating stops at the claimed size.
      const liar = await sent((await xlsxBomb(rows, 512 * 1024 * 1024, 10_000)).file);
      expect([400, 413]).toContain(liar.status);
      expect(liar.rise).toBeLessThan(100 * 1024 * 1024);
      expect(await count()).toBe(before);
    }, 60_000);
  });
});

/*
 * An age-group target is an age split (docs/privacy.md): its count is the sum of the published
 * periods its days touch, at the signed-in threshold, never a count over days of its own. Two
 * 60+ targets a day apart must not tell, by subtraction, a day's 60+ count the splits hid.
 */
describe('an age-group target counted as the age splits publish it', () => {
  let test: TestApp;
  let report: TargetProgressReport;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    test = await startTestApp({ config: { ageSplitPeriod: 'day', ageSplitDelayMs: 0, smallCountThreshold: 5 } });
    const kiosk = await createKiosk(test.url, SAI_GON, 'Sài Gòn 1');
    await post(test.url, kiosk.key, [
      // Three days ago: two people aged 65-74, a small count the day's split hides.
      ...visitsOn(cityDay(-3), 2, '65_74'),
      ...visitsOn(cityDay(-3), 8, '16_30'),
      // Two days ago: six aged 60-64, shown.
      ...visitsOn(cityDay(-2), 6, '60_64'),
      ...visitsOn(cityDay(-2), 7, '16_30'),
      // Today: no age split yet.
      ...visitEvents(Date.now() - 60_000, 1, '60_64', 1_000),
    ]);
    await storedVisits(test.url, cityDay(-3), 2 + 8 + 6 + 7 + 1);
    const team = await call(`${test.url}/api/v1/targets/teams`, {
      json: { name: 'Tổ 1', wardCode: SAI_GON, kioskIds: [kiosk.id] },
    });
    expect(team.status).toBe(201);
    const sixtyPlus = { indicator: 'visits', ageGroups: SIXTY_PLUS, target: 20, deadline: cityDay(10) };
    for (const [name, json] of [
      ['earlier', { ...sixtyPlus, wardCode: SAI_GON, startDay: cityDay(-3) }],
      ['later', { ...sixtyPlus, wardCode: SAI_GON, startDay: cityDay(-2) }],
      ['team', { ...sixtyPlus, teamId: team.body.id, startDay: cityDay(-3) }],
    ] as const) {
      const made = await call<Target>(`${test.url}/api/v1/targets`, { json });
      expect(made.status).toBe(201);
      ids[name] = made.body.id;
    }
    report = (await call<TargetProgressReport>(`${test.url}/api/v1/targets/progress`)).body;
  }, 60_000);

  afterAll(async () => {
    await test?.close();
  });

  const progress = (name: string) => report.targets.find((entry) => entry.target.id === ids[name]) as TargetProgress;

  it('does not tell a hidden day’s 60+ count by subtracting two targets a day apart', () => {
    // Counted over their own days, the two would be 8 and 6 (today's one left aside): 2, the
    // 65-74 count that three days ago's split hid.
    expect(progress('earlier').count - progress('later').count).not.toBe(2);
    // The earlier one touches that day: at least the 6 shown, a lower bound.
    expect(progress('earlier')).toMatchObject({
      count: 6,
      countAtLeast: true,
      countedFrom: cityDay(-3),
      countedTo: cityDay(0),
    });
    // The later one's days were all shown: exact, and today (not yet published) is not in it.
    expect(progress('later')).toMatchObject({ count: 6, countedFrom: cityDay(-2), countedTo: cityDay(0) });
    expect(progress('later').countAtLeast).toBeUndefined();
  });

  it('paces an age-group target from the same published days, a lower bound where they hid a cell', () => {
    // The 7 days before today, all published: at least 6 people, 6/7 a day.
    expect(progress('later').recentPace).toEqual({
      from: cityDay(-7),
      to: cityDay(-1),
      perDay: 0.9,
      atLeast: true,
    });
    expect(progress('later').status).toBe('behind');
  });

  it('says a team’s age-group target cannot be counted, instead of a figure', () => {
    expect(progress('team').uncounted).toEqual({
      reason: 'team_age_groups',
      vi: expect.stringMatching(/nhóm tuổi/),
      en: expect.stringMatching(/per ward, not per team/),
    });
    expect(progress('team').count).toBe(0);
  });
});

describe('an age-group target paced from the latest published week', () => {
  let test: TestApp;
  // Weeks published a week and an hour after they end: the last 7 days hold no published week.
  const delayMs = (7 * 24 + 1) * 3_600_000;
  const latestPublishedEnd = cityWeekStart(new Date(Date.now() - delayMs));
  const latestPublishedStart = new Date(latestPublishedEnd.getTime() - 7 * 86_400_000);

  beforeAll(async () => {
    test = await startTestApp({ config: { ageSplitPeriod: 'week', ageSplitDelayMs: delayMs, smallCountThreshold: 1 } });
  }, 60_000);

  afterAll(async () => {
    await test?.close();
  });

  it('takes its pace from the last published week, not from the 7 days before today, which none covers', async () => {
    const kiosk = await createKiosk(test.url, SAI_GON, 'Sài Gòn 1');
    // Six people aged 60-64 in the middle of the latest published week.
    const middle = latestPublishedStart.getTime() + 3.5 * 86_400_000;
    await post(test.url, kiosk.key, visitEvents(middle, 6, '60_64', 60_000));
    await storedVisits(test.url, cityDay(-30), 6);
    const made = await call<Target>(`${test.url}/api/v1/targets`, {
      json: {
        indicator: 'visits',
        ageGroups: SIXTY_PLUS,
        wardCode: SAI_GON,
        target: 100,
        startDay: cityDay(-28),
        deadline: cityDay(10),
      },
    });
    expect(made.status).toBe(201);
    const report = (await call<TargetProgressReport>(`${test.url}/api/v1/targets/progress`)).body;
    const progress = report.targets.find((entry) => entry.target.id === made.body.id) as TargetProgress;
    expect(progress.count).toBe(6);
    expect(progress.recentPace).toEqual({
      from: cityDayOf(latestPublishedStart),
      to: cityDayOf(latestPublishedEnd, -1),
      perDay: 0.9,
    });
  });
});
