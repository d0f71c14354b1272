/// <reference lib="dom" />
// Some callbacks below run in the page, where the DOM is.
import { randomUUID } from 'node:crypto';
import type { Target, TargetProgress, TargetProgressReport, TargetRanking } from '@kiosk-pulse/contract';
import { kioskClock } from '@kiosk-pulse/demo';
import type { Page } from 'playwright-core';
import { seriousViolations } from '../support/axe';
import { artifact, useDashboard, type Person, type PageOptions } from '../support/browser';
import { call } from '../support/http';
import { visitEvents } from '../support/ward-people';
import { CHANH_HIEP, SAI_GON, afterFrames, cityDay, createKiosk, createUser, post, shown, written } from './fixtures';

/** `count` visits on the city day `day` (offset from today), from 10:00 city time, a minute apart. */
const visitsOn = (day: string, count: number, at = Date.parse(`${day}T10:00:00+07:00`)): object[] =>
  Array.from({ length: count }, (_, index) => ({
    id: randomUUID(),
    type: 'visit_started',
    occurredAt: kioskClock(at + index * 60_000),
    ageGroup: '31_44',
    helperRole: 'youth_volunteer',
  }));

/** A percent of the API (in percent, one decimal) as the dashboard writes it in Vietnamese, worked out apart from it. */
const percent = (value: number): string =>
  new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 }).format(value / 100);

/** The figures the page shows of one target, as the API's answer has them. */
const expectedCells = (progress: TargetProgress) => ({
  count: shown(progress.count),
  target: shown(progress.target.target),
  percent: percent(progress.percent),
  needed: progress.neededPerDay === null ? '–' : shown(progress.neededPerDay),
  pace: shown(progress.recentPace.perDay),
  projected: progress.projectedDay ? written(progress.projectedDay) : '–',
});

/** The figures of each row of a table on the page, by its data-cell names, with the row's ward. */
const cellsOf = (page: Page, rows: string) =>
  page.$$eval(rows, (trs) =>
    trs.map((tr) => {
      const cell = (name: string) => tr.querySelector(`[data-cell="${name}"]`)?.textContent?.trim() ?? '';
      return {
        ward: (tr as HTMLElement).dataset.ward ?? '',
        count: cell('count'),
        target: cell('target'),
        percent: cell('percent'),
        needed: cell('needed'),
        pace: cell('pace'),
        projected: cell('projected'),
      };
    }),
  );

/** Chỉ tiêu (`#/targets`, issue 17): progress, pace, ranking, the forms by role, import errors and live updates. */
describe('targets view', () => {
  const test = useDashboard();
  let official: Person;
  let staff: Person;
  let officialToken: string;
  const kiosks: Record<string, { id: string; key: string }> = {};
  const period = { startDay: cityDay(-10), deadline: cityDay(10) };

  const progress = async (token = officialToken): Promise<TargetProgressReport> => {
    const reply = await call<TargetProgressReport>(`${test.url}/api/v1/targets/progress`, { token });
    expect(reply.status).toBe(200);
    return reply.body;
  };

  /** A target's progress as the report tells it once (in scope, or compared in a ranking). */
  const toldOf = (report: TargetProgressReport, id: string | null | undefined): TargetProgress | undefined =>
    [...report.targets, ...report.compared].find((entry) => entry.target.id === id);

  /** The ranking of all-age visits of the test's period. */
  const visitsRanking = (report: TargetProgressReport): TargetRanking | undefined =>
    report.rankings.find(
      (ranking) => ranking.indicator === 'visits' && ranking.ageGroups === null && ranking.startDay === period.startDay,
    );

  /** Waits until the API counts `expected` for each ward's target. */
  async function waitForCounts(expected: Record<string, number>): Promise<TargetProgressReport> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const report = await progress();
      const counts = Object.fromEntries(
        (visitsRanking(report)?.wards ?? []).map((ward) => [ward.wardCode, toldOf(report, ward.targetId)?.count]),
      );
      if (Object.entries(expected).every(([ward, count]) => counts[ward] === count)) return report;
      if (Date.now() > deadline) throw new Error(`the counts stayed ${JSON.stringify(counts)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  const open = async (person: Person, options: PageOptions = {}): Promise<Page> => {
    const page = await test.open(person, options);
    await page.click('#nav-targets');
    await page.waitForSelector('#targets:not([hidden]) #targets-table tbody tr');
    return page;
  };

  const fits = async (page: Page, width: number) =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

  beforeAll(async () => {
    official = await createUser(test.url, 'official.targets', 'city_official', null);
    staff = await createUser(test.url, 'staff.targets', 'ward_staff', SAI_GON);
    officialToken = (await call<{ token: string }>(`${test.url}/api/v1/auth/login`, { token: null, json: official }))
      .body.token;
    kiosks[SAI_GON] = await createKiosk(test.url, SAI_GON, 'Kiosk Chỉ tiêu Sài Gòn');
    kiosks[CHANH_HIEP] = await createKiosk(test.url, CHANH_HIEP, 'Kiosk Chỉ tiêu Chánh Hiệp');
  }, 60_000);

  it('lets an official set a target, and shows count, %, pace and ranking as the API answers; a push updates it live', async () => {
    const page = await open(official, { viewport: { width: 1440, height: 900 } });
    expect(await page.isVisible('#target-form')).toBe(true);
    expect(await page.textContent('#targets-note')).toContain('không phải số người dân đã được bao phủ');

    // The official sets Sài Gòn's target in the form; Chánh Hiệp's and the city's come through the API.
    await page.selectOption('#target-indicator', 'visits');
    await page.selectOption('#target-ward', SAI_GON);
    await page.fill('#target-count', '40');
    await page.fill('#target-start', period.startDay);
    await page.fill('#target-deadline', period.deadline);
    await page.fill('#target-note-input', 'Kế hoạch 31/KH-UBND');
    await page.click('#target-form button[type=submit]');
    await page.waitForSelector('#target-form-status:has-text("Đã giao chỉ tiêu.")');
    const made = await call(`${test.url}/api/v1/targets?wardCode=${SAI_GON}`, { token: officialToken });
    expect(made.body).toEqual([
      expect.objectContaining({
        indicator: 'visits',
        ageGroups: null,
        wardCode: SAI_GON,
        target: 40,
        ...period,
        note: 'Kế hoạch 31/KH-UBND',
        setBy: 'user:official.targets',
      }),
    ]);
    for (const [wardCode, target] of [
      [CHANH_HIEP, 20],
      [null, 100],
    ] as const) {
      const reply = await call(`${test.url}/api/v1/targets`, {
        token: officialToken,
        json: { indicator: 'visits', wardCode, target, ...period },
      });
      expect(reply.status).toBe(201);
    }

    // Sài Gòn: 7 visits three days ago (a pace of 1 a day); Chánh Hiệp: 10 two days ago.
    await post(test.url, kiosks[SAI_GON].key, visitsOn(cityDay(-3), 7));
    await post(test.url, kiosks[CHANH_HIEP].key, visitsOn(cityDay(-2), 10));
    let report = await waitForCounts({ [SAI_GON]: 7, [CHANH_HIEP]: 10 });
    await page.reload();
    await page.waitForSelector('#targets:not([hidden]) .target-ranking tbody tr');

    const ranking = visitsRanking(report) as TargetRanking;
    expect(ranking.wards.map((ward) => ward.wardCode)).toEqual([CHANH_HIEP, SAI_GON]);
    const section = page.locator('.target-ranking', { has: page.locator(`tr[data-ward="${CHANH_HIEP}"]`) });
    expect(await cellsOf(page, '.target-ranking tbody tr')).toEqual(
      ranking.wards.map((ward) => ({
        ward: ward.wardCode,
        ...expectedCells(toldOf(report, ward.targetId) as TargetProgress),
      })),
    );
    expect(await section.locator('tbody tr [data-cell="rank"]').allTextContents()).toEqual(['1', '2']);
    // The city median and the city's own target, beside the ranking; the note beside the percents.
    expect(await section.locator('.ranking-median').getAttribute('data-median')).toBe(String(ranking.medianPercent));
    expect(await section.locator('.ranking-median').textContent()).toContain(percent(ranking.medianPercent as number));
    expect(await section.locator('.ranking-city').textContent()).toContain(
      `${shown(toldOf(report, ranking.cityTargetId)?.count as number)} / ${shown(100)}`,
    );
    expect(await section.locator('.footnote').textContent()).toContain('lượt');
    // Every target in scope: the two wards' and the city's, the figures as the API has them.
    const listed = await cellsOf(page, '#targets-table tbody tr');
    for (const entry of report.targets.filter((target) => target.target.startDay === period.startDay))
      expect(listed).toContainEqual({ ward: entry.target.wardCode ?? '', ...expectedCells(entry) });

    // The ranking's chart: a bar a ward, drawn after the tables.
    await page.waitForSelector(`#${await section.getAttribute('id')}-chart canvas`);
    await afterFrames(page, 300);
    await fits(page, 1440);
    await page.screenshot({ path: artifact('targets-official-1440.png'), fullPage: true });
    expect({ view: 'targets', violations: await seriousViolations(page) }).toEqual({ view: 'targets', violations: [] });

    // A visit now at Sài Gòn's kiosk: the push brings the new count, without a reload.
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await post(test.url, kiosks[SAI_GON].key, visitsOn(cityDay(0), 3, Date.now() - 5 * 60_000));
    report = await waitForCounts({ [SAI_GON]: 10 });
    await page.waitForSelector(`.target-ranking tr[data-ward="${SAI_GON}"] [data-cell="count"]:text-is("10")`, {
      timeout: 15_000,
    });
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    const saiGonId = (visitsRanking(report) as TargetRanking).wards.find((ward) => ward.wardCode === SAI_GON)?.targetId;
    const saiGon = toldOf(report, saiGonId);
    expect((await cellsOf(page, '.target-ranking tbody tr')).find((row) => row.ward === SAI_GON)).toEqual({
      ward: SAI_GON,
      ...expectedCells(saiGon as TargetProgress),
    });
    await page.context().close();
  }, 90_000);

  it('shows ward staff their own ward first, without the forms, on a phone', async () => {
    const report = await progress(
      (await call<{ token: string }>(`${test.url}/api/v1/auth/login`, { token: null, json: staff })).body.token,
    );
    const page = await open(staff, { viewport: { width: 390, height: 844 } });
    await page.waitForSelector('.target-ranking tbody tr');
    expect(await page.isHidden('#targets-manage')).toBe(true);
    expect(await page.isHidden('#target-form')).toBe(true);
    // Their ward leads the ranking (its rank still says where it stands), highlighted.
    const ranking = visitsRanking(report) as TargetRanking;
    expect(ranking.wards[0].wardCode).toBe(SAI_GON);
    const rows = page.locator('.target-ranking tbody tr');
    expect(await rows.first().getAttribute('data-ward')).toBe(SAI_GON);
    expect(await rows.first().getAttribute('class')).toBe('selected');
    expect(await rows.first().locator('[data-cell="rank"]').textContent()).toBe(String(ranking.wards[0].rank));
    // Their targets: their ward's first, then the city's.
    const wards = await page.$$eval('#targets-table tbody tr', (trs) =>
      trs.map((tr) => (tr as HTMLElement).dataset.ward),
    );
    expect(wards[0]).toBe(SAI_GON);
    expect(wards.every((ward) => ward === SAI_GON || ward === '')).toBe(true);
    expect(await page.textContent('#targets-note')).toContain('lượt');

    await page.waitForSelector('.target-chart canvas');
    await afterFrames(page, 300);
    await fits(page, 390);
    await page.screenshot({ path: artifact('targets-ward-staff-390.png'), fullPage: true });
    expect({ view: 'targets (phone)', violations: await seriousViolations(page) }).toEqual({
      view: 'targets (phone)',
      violations: [],
    });
    await page.context().close();
  }, 60_000);

  it('refuses a bad spreadsheet and lists its errors by row, as the API numbers them', async () => {
    const csv = [
      'indicator,age_groups,ward_code,team,target,start_day,deadline,note',
      `visits,60+,${SAI_GON},,1.200,2026-04-01,2026-06-30,Kế hoạch 31/KH-UBND`,
      'no_such_thing,,,,100,2026-04-01,2026-06-30,',
      `visits,,99999,,abc,2026-04-01,2026-06-30,`,
    ].join('\n');
    const refused = await call<{ errors: { row: number; column: string; message: string }[] }>(
      `${test.url}/api/v1/targets/import`,
      { token: officialToken, body: csv, contentType: 'text/csv' },
    );
    expect(refused.status).toBe(400);
    expect(new Set(refused.body.errors.map((error) => error.row))).toEqual(new Set([3, 4]));

    const page = await open(official, { viewport: { width: 390, height: 844 } });
    const before = (await progress()).targets.length;
    await page.setInputFiles('#target-file', { name: 'chi-tieu.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('#target-import button[type=submit]');
    await page.waitForSelector('#target-import-errors:not([hidden]) tbody tr');
    const shownErrors = await page.$$eval('#target-import-errors tbody tr', (trs) =>
      trs.map((tr) => [...(tr as HTMLTableRowElement).cells].map((cell) => cell.textContent?.trim())),
    );
    expect(shownErrors).toEqual(
      refused.body.errors.map((error) => [String(error.row), error.column || '–', error.message]),
    );
    expect(await page.textContent('#targets-error')).toContain(
      `Tệp không được nhập: ${refused.body.errors.length} lỗi`,
    );
    // Nothing half-imported.
    expect((await progress()).targets.length).toBe(before);

    // A good file (its Vietnamese header, the city's date style) is written, and listed at once.
    const good = [
      'Chỉ số,Nhóm tuổi,Mã phường,Tổ,Chỉ tiêu,Bắt đầu,Hạn,Ghi chú',
      `bdhvs_certified,,${CHANH_HIEP},,1.200,${written(cityDay(-5))},${written(cityDay(60))},Kế hoạch 31`,
    ].join('\n');
    await page.setInputFiles('#target-file', {
      name: 'Chỉ tiêu quý II.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(good),
    });
    await page.click('#target-import button[type=submit]');
    await page.waitForSelector('#target-import-status:has-text("Đã nhập: 1 chỉ tiêu mới, 0 chỉ tiêu được cập nhật.")');
    expect(await page.isHidden('#target-import-errors')).toBe(true);
    const imported = (await progress()).targets.find((entry) => entry.target.indicator === 'bdhvs_certified');
    expect(imported?.target).toMatchObject({ wardCode: CHANH_HIEP, target: 1200, deadline: cityDay(60) });
    await page.waitForSelector(`#targets-table tr[data-target="${imported?.target.id}"]`);
    await fits(page, 390);
    await page.screenshot({ path: artifact('targets-import-errors-390.png'), fullPage: true });
    expect({ view: 'targets import', violations: await seriousViolations(page) }).toEqual({
      view: 'targets import',
      violations: [],
    });
    await page.context().close();
  }, 60_000);

  it('lets an official change and delete a target in the page; ward staff have neither', async () => {
    const made = await call<Target>(`${test.url}/api/v1/targets`, {
      token: officialToken,
      json: {
        indicator: 'smart_device_set_up',
        wardCode: CHANH_HIEP,
        target: 30,
        startDay: cityDay(-2),
        deadline: cityDay(20),
        note: 'Đợt 1',
      },
    });
    expect(made.status).toBe(201);
    const id = made.body.id;
    const row = `#targets-table tr[data-target="${id}"]`;
    const page = await open(official, { viewport: { width: 1440, height: 900 } });
    await page.waitForSelector(row);

    // Change: the form takes the target's values; what it counts and where stay fixed.
    await page.click(`${row} button[data-action="edit"]`);
    expect(await page.inputValue('#target-count')).toBe('30');
    expect(await page.inputValue('#target-deadline')).toBe(cityDay(20));
    expect(await page.isDisabled('#target-ward')).toBe(true);
    expect(await page.textContent('#target-submit')).toBe('Lưu thay đổi');
    await page.fill('#target-count', '45');
    await page.fill('#target-deadline', cityDay(25));
    await page.fill('#target-note-input', 'Đợt 1, điều chỉnh');
    await page.click('#target-submit');
    await page.waitForSelector('#target-form-status:has-text("Đã lưu thay đổi của chỉ tiêu.")');
    const changed = await call<Target>(`${test.url}/api/v1/targets/${id}`, { token: officialToken });
    expect(changed.body).toEqual({
      ...made.body,
      target: 45,
      deadline: cityDay(25),
      note: 'Đợt 1, điều chỉnh',
      setBy: 'user:official.targets',
      setAt: expect.any(String),
    });
    await page.waitForSelector(`${row} [data-cell="target"]:text-is("${shown(45)}")`);
    // The form is for a new target again.
    expect(await page.textContent('#target-submit')).toBe('Giao chỉ tiêu');
    expect(await page.isDisabled('#target-ward')).toBe(false);

    // Delete: asked first; a cancel keeps it.
    await page.click(`${row} button[data-action="delete"]`);
    await page.click('dialog.modal button[value="cancel"]');
    expect((await call(`${test.url}/api/v1/targets/${id}`, { token: officialToken })).status).toBe(200);
    await page.click(`${row} button[data-action="delete"]`);
    await page.click('dialog.modal button[value="confirm"]');
    await page.waitForSelector(row, { state: 'detached' });
    expect((await call(`${test.url}/api/v1/targets/${id}`, { token: officialToken })).status).toBe(404);
    expect({ view: 'targets editing', violations: await seriousViolations(page) }).toEqual({
      view: 'targets editing',
      violations: [],
    });
    await page.context().close();

    const staffPage = await open(staff);
    expect(await staffPage.$$('#targets-table button[data-action]')).toHaveLength(0);
    await staffPage.context().close();
  }, 60_000);

  it('is written in English on request, the data (ward names) as they are', async () => {
    // Two wards' targets of an outcome: a ranking of their own, whatever ran before.
    for (const wardCode of [SAI_GON, CHANH_HIEP]) {
      const reply = await call(`${test.url}/api/v1/targets`, {
        token: officialToken,
        json: {
          indicator: 'vneid_level2_activated',
          wardCode,
          target: 50,
          startDay: cityDay(-1),
          deadline: cityDay(30),
        },
      });
      expect(reply.status).toBe(201);
    }
    const page = await open(official, { language: 'en', viewport: { width: 1440, height: 900 } });
    await page.waitForSelector('.target-ranking tbody tr');
    expect(await page.textContent('#nav-targets')).toBe('Targets');
    expect(await page.textContent('#targets-note')).toContain('not population coverage');
    expect(await page.textContent('.target-ranking .ranking-median')).toMatch(/^Median ward: [\d.]+% of its target\.$/);
    // No Vietnamese left in the view but the data, which is never translated.
    const left = await page.$$eval('#targets', ([main]) => {
      const found: string[] = [];
      const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest('[translate="no"]') || parent.closest('[hidden]')) continue;
        if (/[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i.test(node.textContent ?? ''))
          found.push(node.textContent ?? '');
      }
      return found;
    });
    expect(left).toEqual([]);
    await page.screenshot({ path: artifact('targets-official-1440-en.png'), fullPage: true });
    await page.context().close();
  }, 60_000);
});

/*
 * An age-group target's count is its published days' (docs/privacy.md): the page writes a lower
 * bound as "≥ n", and a team's age-group target, which no age split counts, says why.
 */
describe('targets view, age-group targets', () => {
  const test = useDashboard({ config: { ageSplitPeriod: 'day', ageSplitDelayMs: 0, smallCountThreshold: 5 } });
  const ids: Record<string, string> = {};
  let official: Person;

  beforeAll(async () => {
    official = await createUser(test.url, 'official.ages', 'city_official', null);
    const kiosk = await createKiosk(test.url, SAI_GON, 'Kiosk Sài Gòn 60+');
    const on = (day: string, count: number, ageGroup: string) =>
      visitEvents(Date.parse(`${day}T10:00:00+07:00`), count, ageGroup, 60_000);
    // Three days ago two people aged 65-74 (hidden in that day's split), two days ago six aged 60-64.
    await post(test.url, kiosk.key, [
      ...on(cityDay(-3), 2, '65_74'),
      ...on(cityDay(-3), 8, '16_30'),
      ...on(cityDay(-2), 6, '60_64'),
      ...on(cityDay(-2), 7, '16_30'),
    ]);
    // Stored (a totals read, which publishes no split) before the first progress read publishes the days.
    for (let attempt = 0; ; attempt++) {
      const series = await call<{ points: { value: number }[] }>(
        `${test.url}/api/v1/stats/timeseries?metric=peopleReached&bucket=day&from=${cityDay(-3)}&to=${cityDay(1)}`,
      );
      if (series.body.points.reduce((sum, point) => sum + point.value, 0) === 23) break;
      if (attempt > 300) throw new Error('the visits were not stored');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const team = await call(`${test.url}/api/v1/targets/teams`, {
      json: { name: 'Tổ 60+', wardCode: SAI_GON, kioskIds: [kiosk.id] },
    });
    const sixtyPlus = { indicator: 'visits', ageGroups: ['60_64', '65_74', '75_plus'], target: 20 };
    for (const [name, json] of [
      ['ward', { ...sixtyPlus, wardCode: SAI_GON, startDay: cityDay(-3), deadline: cityDay(10) }],
      ['team', { ...sixtyPlus, teamId: team.body.id, startDay: cityDay(-3), deadline: cityDay(10) }],
    ] as const) {
      const made = await call<Target>(`${test.url}/api/v1/targets`, { json });
      expect(made.status).toBe(201);
      ids[name] = made.body.id;
    }
  }, 60_000);

  it('writes a lower-bound count, percent and pace as “≥ n”, and a team’s uncounted target’s reason', async () => {
    const page = await test.open(official, { viewport: { width: 1440, height: 900 } });
    await page.click('#nav-targets');
    await page.waitForSelector(`#targets-table tr[data-target="${ids.team}"]`);
    const cell = (id: string, name: string) =>
      page.textContent(`#targets-table tr[data-target="${id}"] [data-cell="${name}"]`);
    // At least the 6 shown, of 20: 30 %; 6 over the 7 days before today.
    expect(await cell(ids.ward, 'count')).toBe(`≥ ${shown(6)}`);
    expect(await cell(ids.ward, 'percent')).toBe(
      `≥ ${new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 }).format(0.3)}`,
    );
    expect(await cell(ids.ward, 'pace')).toBe(`≥ ${shown(0.9)}`);
    expect(await cell(ids.team, 'count')).toMatch(/^Không tính được: số theo nhóm tuổi chỉ công bố theo phường/);
    expect(await cell(ids.team, 'status')).toBe('–');
    await page.context().close();
  }, 60_000);
});
