import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { addCityDays, cityDay, type AuditEntry, type ReportData } from '@kiosk-pulse/contract';
import { cityDayToInstant } from '@kiosk-pulse/contract/time';
import { kioskClock } from '@kiosk-pulse/demo';
import { periodFirstDay } from '../../apps/api/src/reports/report-period';
import { startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';

const HOUR = 3_600_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/*
 * A ward's weekly report against the real app (embedded TimescaleDB, Redis, Chromium): its
 * figures are /api/v1/stats's for the same week (city time, while the tests run in UTC), the
 * XLSX holds them as numbers and dates, the PDF's text says them, and a small age count is
 * hidden in both files exactly as the API hides it.
 */
describe('reports', () => {
  let test: TestApp;
  const SAI_GON = '26740'; // Phường Sài Gòn
  const BEN_THANH = '26743'; // Phường Bến Thành
  let kiosk: { id: string; key: string };
  let staff: string;
  // The last whole city week, and the week before it.
  const week = periodFirstDay('week', cityDay(Date.now(), -7));
  const nextWeek = addCityDays(week, 7);
  const weekBefore = addCityDays(week, -7);
  const wednesday = addCityDays(week, 2);
  const at = (day: string, hours: number) => cityDayToInstant(day).getTime() + hours * HOUR;
  const url = (path: string) => `${test.url}${path}`;
  const reportQuery = `scope=ward&ward=${SAI_GON}&period=week&start=${wednesday}`;
  const dir = mkdtempSync(join(tmpdir(), 'kp-reports-'));

  const post = async (time: number, events: Record<string, unknown>[]) => {
    const reply = await call(url('/api/v1/events'), {
      token: kiosk.key,
      json: { events: events.map((event) => ({ id: randomUUID(), occurredAt: kioskClock(time), ...event })) },
    });
    expect(reply.body.accepted).toBe(events.length);
  };
  const visits = (counts: Record<string, number>) =>
    Object.entries(counts).flatMap(([ageGroup, n]) =>
      Array.from({ length: n }, () => ({ type: 'visit_started', ageGroup })),
    );
  const summary = async (from: string, to: string) =>
    (await call(url(`/api/v1/stats/summary?wardCode=${SAI_GON}&from=${from}&to=${to}`))).body;

  beforeAll(async () => {
    // Age splits per closed city day, published as soon as the day is over.
    test = await startTestApp({ config: { ageSplitDelayMs: 0, ageSplitPeriod: 'day' } });
    kiosk = (await call(url('/api/v1/kiosks'), { json: { wardCode: SAI_GON, label: 'Kiosk UBND Sài Gòn' } })).body;
    staff = (
      await call(url('/api/v1/tokens'), { json: { name: 'Sài Gòn staff', role: 'ward_staff', wardCode: SAI_GON } })
    ).body.token;
    // Either side of the week's start, Monday 00:00 city time (Sunday 17:00 UTC): 23:30 on the
    // Sunday before is the week before, 00:30 on the Monday is this week.
    await post(at(week, -0.5), visits({ '16_30': 3 }));
    await post(at(week, 0.5), visits({ '16_30': 5 }));
    // Wednesday: 3 people aged 65–74 is a small count; the day's split hides it, and 75+ beside it.
    await post(at(wednesday, 10), [
      ...visits({ '16_30': 20, '65_74': 3, '75_plus': 6 }),
      ...Array.from({ length: 4 }, () => ({ type: 'guide_started', guide: 'vneid' })),
      ...Array.from({ length: 3 }, () => ({ type: 'guide_completed', guide: 'vneid', durationMs: 300_000 })),
    ]);
    await call(url('/api/v1/campaigns'), {
      json: {
        name: 'Ngày hội Đại đoàn kết',
        wardCode: SAI_GON,
        place: 'Khu phố 28',
        startsAt: new Date(at(wednesday, 7)).toISOString(),
        endsAt: new Date(at(wednesday, 17)).toISOString(),
        kioskIds: [kiosk.id],
      },
    });
    const target = await call(url('/api/v1/targets'), {
      json: { indicator: 'visits', wardCode: SAI_GON, target: 100, startDay: week, deadline: addCityDays(week, 60) },
    });
    expect(target.status).toBe(201);
    for (let attempt = 0; (await summary(weekBefore, nextWeek)).peopleReached !== 37; attempt++) {
      if (attempt > 200) throw new Error('the events were not stored');
      await sleep(50);
    }
  }, 60_000);

  afterAll(async () => {
    await test?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let data: ReportData;

  it('gives the week’s figures as /api/v1/stats gives them, Monday to Monday in city time', async () => {
    const reply = await call<ReportData>(url(`/api/v1/reports/data?${reportQuery}`));
    expect(reply.status).toBe(200);
    data = reply.body;
    const stats = await summary(week, nextWeek);
    const before = await summary(weekBefore, week);
    expect(data.period).toMatchObject({ kind: 'week', firstDay: week, lastDay: addCityDays(week, 6) });
    expect(data.period.from).toBe(cityDayToInstant(week).toISOString());
    expect(data.placeName).toBe('Phường Sài Gòn');
    expect(data.totals).toEqual({
      peopleReached: stats.peopleReached,
      guidesCompleted: stats.guidesCompleted,
      accountsRegistered: stats.accountsRegistered,
    });
    expect(data.totals.peopleReached).toBe(34);
    expect(data.previous.peopleReached).toBe(before.peopleReached);
    expect(data.previous.peopleReached).toBe(3);
    expect(data.change.peopleReached).toBeCloseTo((34 - 3) / 3);
    // The age split as the stats endpoint publishes it: the small cell and its complement hidden.
    expect(data.ageSplit).toEqual(stats.ageSplit);
    expect(data.ageSplit.byAgeGroup).toMatchObject({ '16_30': 25, '65_74': { atLeast: 0 }, '75_plus': { atLeast: 0 } });
    const wards = (await call(url(`/api/v1/stats/wards?from=${week}&to=${nextWeek}`))).body;
    expect(data.sixtyPlus).toEqual(
      wards.wards.find((ward: { wardCode: string }) => ward.wardCode === SAI_GON).peopleReached60Plus,
    );
    expect(data.median.peopleReached).toBe(wards.median.peopleReached);
    const funnel = (await call(url(`/api/v1/stats/funnel?wardCode=${SAI_GON}&from=${week}&to=${nextWeek}`))).body;
    expect(data.guides).toEqual(funnel.guides);
    expect(data.guides.find((guide) => guide.guide === 'vneid')).toMatchObject({
      started: 4,
      completed: 3,
      completionRate: 0.75,
    });
    expect(data.days.map((day) => day.peopleReached)).toEqual([5, 0, 29, 0, 0, 0, 0]);
    expect(data.campaigns.map((campaign) => campaign.name)).toEqual(['Ngày hội Đại đoàn kết']);
    expect(data.targets.progress).toEqual([
      expect.objectContaining({ count: 34, percent: 34, target: expect.objectContaining({ target: 100 }) }),
    ]);
    expect(data.kiosks).toMatchObject({ registered: 1, active: 1 });
    expect(data.kiosks.list[0]).toMatchObject({ label: 'Kiosk UBND Sài Gòn', peopleReached: 34, daysActive: 2 });
  });

  it('gives the city’s report as the city’s stats, and each report in English on request', async () => {
    const city = (await call<ReportData>(url(`/api/v1/reports/data?scope=city&period=week&start=${week}`))).body;
    const stats = (await call(url(`/api/v1/stats/summary?from=${week}&to=${nextWeek}`))).body;
    expect(city).toMatchObject({ scope: 'city', wardCode: null, placeName: 'Thành phố Hồ Chí Minh' });
    expect(city.totals.peopleReached).toBe(stats.peopleReached);
    expect(city.ageSplit).toEqual(stats.ageSplit);
    expect(city.againstMedian.peopleReached).toBeNull();

    const english = (await call<ReportData>(url(`/api/v1/reports/data?${reportQuery}&lang=en`))).body;
    expect(english.language).toBe('en');
    expect(english.period.label).toMatch(/^Week \d\d\/\d\d\/\d{4} – /);
    expect(english.totals).toEqual(data.totals);
    const reply = await fetch(url(`/api/v1/reports/file?${reportQuery}&lang=en&format=xlsx`), {
      headers: { authorization: `Bearer ${'test-admin-token-0123456789abcdef'}` },
    });
    expect(reply.headers.get('content-disposition')).toBe(`attachment; filename="report-${SAI_GON}-week-${week}.xlsx"`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await reply.arrayBuffer()) as unknown as ExcelJS.Buffer);
    expect(book.worksheets[0].name).toBe('Summary');
    expect(book.worksheets[0].getCell('B1').value).toBe('This period');
    const ages = book.getWorksheet('Age groups') as ExcelJS.Worksheet;
    expect(ages.getColumn(2).values).toContain('hidden');
  });

  it('writes the XLSX with the same numbers as numeric cells, dates as dates, and the hidden count hidden', async () => {
    const reply = await fetch(url(`/api/v1/reports/file?${reportQuery}&format=xlsx`), {
      headers: { authorization: `Bearer ${'test-admin-token-0123456789abcdef'}` },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('spreadsheetml');
    expect(reply.headers.get('content-disposition')).toBe(
      `attachment; filename="bao-cao-${SAI_GON}-week-${week}.xlsx"`,
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await reply.arrayBuffer()) as unknown as ExcelJS.Buffer);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual([
      'Tổng hợp',
      'Kết quả',
      'Nhóm tuổi',
      'Hướng dẫn',
      'Chỉ tiêu',
      'Kiosk',
      'Ngày hội',
      'Theo ngày',
    ]);
    const summarySheet = book.getWorksheet('Tổng hợp') as ExcelJS.Worksheet;
    expect(summarySheet.getCell('A1').value).toBe('Chỉ số');
    const visitsRow = summarySheet.getRow(4);
    expect(visitsRow.getCell(1).value).toBe('Lượt người được hỗ trợ');
    expect(visitsRow.getCell(2).type).toBe(ExcelJS.ValueType.Number);
    expect(visitsRow.getCell(2).value).toBe(data.totals.peopleReached);
    expect(visitsRow.getCell(3).value).toBe(data.previous.peopleReached);
    expect(visitsRow.getCell(4).value).toBeCloseTo(data.change.peopleReached as number);
    const firstDay = summarySheet.getColumn(1).values.findIndex((value) => value === 'Từ ngày');
    expect(summarySheet.getRow(firstDay).getCell(2).type).toBe(ExcelJS.ValueType.Date);
    expect((summarySheet.getRow(firstDay).getCell(2).value as Date).toISOString().slice(0, 10)).toBe(week);

    const ages = book.getWorksheet('Nhóm tuổi') as ExcelJS.Worksheet;
    const ageRow = (label: string) => ages.getRow(ages.getColumn(1).values.findIndex((value) => value === label));
    expect(ageRow('16–30 tuổi').getCell(2).value).toBe(25);
    expect(ageRow('16–30 tuổi').getCell(2).type).toBe(ExcelJS.ValueType.Number);
    // Hidden exactly as the API hides it: "ẩn", never the 3 or the 6.
    expect(ageRow('65–74 tuổi').getCell(2).value).toBe('ẩn');
    expect(ageRow('Từ 75 tuổi').getCell(2).value).toBe('ẩn');
    const allCells = book.worksheets.flatMap((sheet) =>
      sheet.getSheetValues().flatMap((row) => (Array.isArray(row) ? row : [])),
    );
    expect(allCells).not.toContain(3 + 6);

    const days = book.getWorksheet('Theo ngày') as ExcelJS.Worksheet;
    expect(days.getCell('A2').type).toBe(ExcelJS.ValueType.Date);
    expect((days.getCell('A2').value as Date).toISOString().slice(0, 10)).toBe(week);
    expect(days.getCell('B2').value).toBe(5);
    expect(days.getCell('B4').value).toBe(29);
    const campaigns = book.getWorksheet('Ngày hội') as ExcelJS.Worksheet;
    expect(campaigns.getCell('A2').value).toBe('Ngày hội Đại đoàn kết');
    expect(campaigns.getCell('D2').type).toBe(ExcelJS.ValueType.Date);
    // 07:00 in the city, written as the city's wall clock.
    expect((campaigns.getCell('D2').value as Date).toISOString()).toBe(`${wednesday}T07:00:00.000Z`);
    const targets = book.getWorksheet('Chỉ tiêu') as ExcelJS.Worksheet;
    expect(targets.getCell('D2').value).toBe(34);
    expect(targets.getCell('E2').value).toBeCloseTo(0.34);
    expect(targets.getCell('J2').type).toBe(ExcelJS.ValueType.Date);
  });

  it('prints the PDF with Chromium: the figures, the ward, the period, the footer and the hidden count hidden', async () => {
    const reply = await fetch(url(`/api/v1/reports/file?${reportQuery}&format=pdf`), {
      headers: { authorization: `Bearer ${'test-admin-token-0123456789abcdef'}` },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await reply.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const day = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
    expect(text).toContain('Phường Sài Gòn');
    expect(text).toContain(`Tuần ${day(week)} – ${day(addCityDays(week, 6))}`);
    expect(text).toContain('Trang 1/');
    expect(text).toContain('Số theo nhóm tuổi từ 1 đến 4 lượt được ẩn');
    expect(text).toMatch(/Lập lúc \d\d\/\d\d\/\d{4} \d\d:\d\d/);
    // The headline row: this week, the week before, the change.
    expect(text).toMatch(/Lượt người được hỗ trợ\s+34\s+3\s+\+1\.033,3%/);
    expect(text).toMatch(/16–30 tuổi\s+25/);
    expect(text).toMatch(/65–74 tuổi\s+ẩn/);
    expect(text).toMatch(/Từ 75 tuổi\s+ẩn/);
    expect(text).toMatch(/VNeID\s+4\s+3\s+75%/);
    expect(text).toContain('Ngày hội Đại đoàn kết');
  }, 60_000);

  it('records each read and file in the audit log, the files as exports', async () => {
    let entries: AuditEntry[] = [];
    for (let attempt = 0; attempt < 100; attempt++) {
      entries = (await call<AuditEntry[]>(url('/api/v1/audit?kind=reads&limit=50'))).body.filter(
        (entry) => (entry.details as { view?: string }).view === 'report',
      );
      if (entries.length >= 6) break;
      await sleep(100);
    }
    // The ward's report read twice (Vietnamese, English), the city's once; XLSX twice, PDF once.
    const described = entries.map(
      (entry) => `${entry.action} ${(entry.details as { export?: string }).export ?? '-'} ${entry.targetId}`,
    );
    expect(described.sort()).toEqual([
      `stats.export pdf ${SAI_GON}`,
      `stats.export xlsx ${SAI_GON}`,
      `stats.export xlsx ${SAI_GON}`,
      `stats.read - ${SAI_GON}`,
      `stats.read - ${SAI_GON}`,
      'stats.read - city',
    ]);
    expect(entries.find((entry) => entry.targetId === SAI_GON)?.details).toMatchObject({
      from: cityDayToInstant(week).toISOString(),
      to: cityDayToInstant(nextWeek).toISOString(),
    });
  });

  it('refuses bad input with 400', async () => {
    for (const query of [
      'scope=ward&period=week&start=2026-11-02',
      `scope=city&ward=${SAI_GON}&period=week&start=2026-11-02`,
      `scope=ward&ward=${SAI_GON}&period=year&start=2026-11-02`,
      `scope=ward&ward=${SAI_GON}&period=week&start=2026-13-02`,
      `scope=ward&ward=${SAI_GON}&period=week&start=2026-11-02&lang=fr`,
      `scope=ward&ward=123&period=week&start=2026-11-02`,
      `scope=ward&ward=${SAI_GON}&period=week&start=2026-11-02&extra=1`,
    ]) {
      const reply = await call(url(`/api/v1/reports/data?${query}`));
      expect([query, reply.status]).toEqual([query, 400]);
    }
    expect((await call(url(`/api/v1/reports/file?${reportQuery}&format=docx`))).status).toBe(400);
  });

  it('gives ward staff their own ward only', async () => {
    expect((await call(url(`/api/v1/reports/data?${reportQuery}`), { token: staff })).status).toBe(200);
    const other = `scope=ward&ward=${BEN_THANH}&period=week&start=${week}`;
    expect((await call(url(`/api/v1/reports/data?${other}`), { token: staff })).status).toBe(403);
    expect((await call(url(`/api/v1/reports/file?${other}&format=xlsx`), { token: staff })).status).toBe(403);
    expect(
      (await call(url(`/api/v1/reports/data?scope=city&period=week&start=${week}`), { token: staff })).status,
    ).toBe(403);
    expect((await call(url(`/api/v1/reports/data?${reportQuery}`), { token: null })).status).toBe(401);
  });

  it('is in the OpenAPI document, with the parameters it validates', async () => {
    const { body } = await call(url('/api/docs-json'), { token: null });
    const names = (path: string) =>
      body.paths[path].get.parameters.map((parameter: { name: string }) => parameter.name).sort();
    expect(names('/api/v1/reports/data')).toEqual(['lang', 'period', 'scope', 'start', 'ward']);
    expect(names('/api/v1/reports/file')).toEqual(['format', 'lang', 'period', 'scope', 'start', 'ward']);
    expect(body.paths['/api/v1/reports/print'].get.parameters[0].name).toBe('x-report-token');
  });

  it('lets the report page read only with a genuine print credential', async () => {
    expect((await call(url('/api/v1/reports/print'), { token: null })).status).toBe(401);
    const forged = await call(url('/api/v1/reports/print'), {
      token: null,
      headers: { 'x-report-token': 'eyJwdXJwb3NlIjoicmVwb3J0LXByaW50In0.AAAA' },
    });
    expect(forged.status).toBe(401);
  });
});

/*
 * An age-group target in a report as on the Chỉ tiêu page: a count some published day hid part of
 * is a lower bound ("≥ n"), and a team's age-group target is not counted (its reason, not a 0 and
 * a status). The XLSX keeps its numbers as numbers and says so in a note column.
 */
describe('reports: age-group targets', () => {
  let test: TestApp;
  const SAI_GON = '26740';
  const SIXTY_PLUS = ['60_64', '65_74', '75_plus'];
  const day = (offset: number) => cityDay(Date.now(), offset);
  const url = (path: string) => `${test.url}${path}`;
  // The city week running now: its targets are where they stand today.
  const query = `scope=ward&ward=${SAI_GON}&period=week&start=${day(0)}`;
  const dir = mkdtempSync(join(tmpdir(), 'kp-reports-ages-'));
  const visitsOn = (onDay: string, count: number, ageGroup: string) =>
    Array.from({ length: count }, (_, index) => ({
      id: randomUUID(),
      type: 'visit_started',
      ageGroup,
      occurredAt: kioskClock(Date.parse(`${onDay}T10:00:00+07:00`) + index * 60_000),
    }));
  const file = async (format: 'pdf' | 'xlsx', language = 'vi') => {
    const reply = await fetch(url(`/api/v1/reports/file?${query}&format=${format}&lang=${language}`), {
      headers: { authorization: `Bearer ${'test-admin-token-0123456789abcdef'}` },
    });
    expect(reply.status).toBe(200);
    return Buffer.from(await reply.arrayBuffer());
  };
  const pdfText = async (language: string) => {
    const path = join(dir, `report-${language}.pdf`);
    writeFileSync(path, await file('pdf', language));
    return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  };

  beforeAll(async () => {
    test = await startTestApp({ config: { ageSplitPeriod: 'day', ageSplitDelayMs: 0, smallCountThreshold: 5 } });
    const kiosk = (await call(url('/api/v1/kiosks'), { json: { wardCode: SAI_GON, label: 'Sài Gòn 1' } })).body;
    const events = [
      // Three days ago: two people aged 65-74, a small count the day's split hides.
      ...visitsOn(day(-3), 2, '65_74'),
      ...visitsOn(day(-3), 8, '16_30'),
      // Two days ago: six aged 60-64, shown.
      ...visitsOn(day(-2), 6, '60_64'),
      ...visitsOn(day(-2), 7, '16_30'),
    ];
    expect((await call(url('/api/v1/events'), { token: kiosk.key, json: { events } })).body.accepted).toBe(23);
    for (let attempt = 0; ; attempt++) {
      const summary = (await call(url(`/api/v1/stats/summary?wardCode=${SAI_GON}&from=${day(-3)}&to=${day(0)}`))).body;
      if (summary.peopleReached === 23) break;
      if (attempt > 200) throw new Error('the events were not stored');
      await sleep(50);
    }
    const team = await call(url('/api/v1/targets/teams'), {
      json: { name: 'Tổ 1', wardCode: SAI_GON, kioskIds: [kiosk.id] },
    });
    expect(team.status).toBe(201);
    const sixtyPlus = { indicator: 'visits', ageGroups: SIXTY_PLUS, target: 20, startDay: day(-3), deadline: day(10) };
    for (const json of [
      { ...sixtyPlus, wardCode: SAI_GON },
      { ...sixtyPlus, teamId: team.body.id },
    ]) {
      expect((await call(url('/api/v1/targets'), { json })).status).toBe(201);
    }
  }, 60_000);

  afterAll(async () => {
    await test?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the lower bound and the uncounted target as the targets’ progress does', async () => {
    const data = (await call<ReportData>(url(`/api/v1/reports/data?${query}`))).body;
    const [ward, team] = [
      data.targets.progress.find((entry) => entry.target.teamId === null),
      data.targets.progress.find((entry) => entry.target.teamId !== null),
    ];
    expect(ward).toMatchObject({ count: 6, countAtLeast: true, recentPace: { atLeast: true } });
    expect(team?.uncounted).toMatchObject({ reason: 'team_age_groups' });
  });

  it('writes "≥ n" and the uncounted reason in the PDF, in either language', async () => {
    const vi = await pdfText('vi');
    // The table's narrow columns wrap the names, and pdftotext spaces "≥ 6" as it fits.
    expect(vi).toContain('Lượt người được hỗ trợ (60 tuổi');
    expect(vi).toMatch(/^\s+trở lên\)/m);
    expect(vi).toMatch(/≥ ?6\s+≥ ?30%\s+[\d,]+\s+≥ ?0,9/);
    expect(vi).toContain('Không tính được');
    expect(vi).not.toMatch(/Gòn\s+20\s+0\s+0%/);
    const en = await pdfText('en');
    expect(en).toContain('People helped (visits):');
    expect(en).toMatch(/60 and over/);
    expect(en).toMatch(/≥ ?6\s+≥ ?30%\s+[\d.]+\s+≥ ?0\.9/);
    expect(en).toContain('Not counted');
  }, 60_000);

  it('keeps the XLSX’s figures numbers, says a lower bound in a note, and an uncounted target has no figures', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await file('xlsx')) as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet('Chỉ tiêu') as ExcelJS.Worksheet;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const column = (name: string) => header.indexOf(name) + 1;
    expect(header).toContain('Ghi chú');
    const rows = [2, 3].map((index) => sheet.getRow(index));
    const ward = rows.find((row) => row.getCell(column('Phường, xã')).value === 'Phường Sài Gòn') as ExcelJS.Row;
    const team = rows.find((row) => row !== ward) as ExcelJS.Row;
    expect(ward.getCell(1).value).toBe('Lượt người được hỗ trợ (60 tuổi trở lên)');
    expect(ward.getCell(column('Đã đạt (lượt)')).value).toBe(6);
    expect(ward.getCell(column('Đã đạt (lượt)')).type).toBe(ExcelJS.ValueType.Number);
    expect(ward.getCell(column('Ghi chú')).value).toMatch(/^Ít nhất/);
    expect(team.getCell(column('Đã đạt (lượt)')).value).toBeNull();
    expect(team.getCell(column('% mục tiêu')).value).toBeNull();
    expect(team.getCell(column('Tình trạng')).value).toBeNull();
    expect(team.getCell(column('Ghi chú')).value).toMatch(/^Không tính được/);
  });
});
