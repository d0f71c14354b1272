/// <reference lib="dom" />
// Some callbacks below run in the page, where the DOM is.
import { OUTCOMES, SHARE_TOKEN_HEADER, type PublicCount, type PublicView } from '@kiosk-pulse/contract';
import type { Page } from 'playwright-core';
import { seriousViolations } from '../support/axe';
import { artifact, useDashboard, type Person } from '../support/browser';
import { waitForCanvasText } from '../support/canvas-text';
import { call } from '../support/http';
import {
  CHANH_HIEP,
  SAI_GON,
  cityDay,
  createKiosk,
  createUser,
  outcomes,
  post,
  shown,
  visit,
  waitForPeople,
  waitForSummary,
} from './fixtures';

const BIG_SCREENS = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
] as const;
const PHONE = { width: 390, height: 844 };
const HOUR = 3_600_000;

/** 10:00 in the city on the city day `offset` days from today. */
const cityMorning = (offset: number) => Date.parse(`${cityDay(offset)}T10:00:00+07:00`);

/**
 * `count` residents' visits a minute apart, from `start` (ms) on: as many as a kiosk plausibly
 * sees, under its bound on usage events per minute.
 */
const visits = (count: number, start: number, ageGroup: string, guide = 'vneid'): object[] =>
  Array.from({ length: count }, (_, index) => visit(start + index * 60_000, ageGroup, guide)).flat();

/** A public count as the page writes it, worked out apart from the page's code. */
const written = (count: PublicCount): string =>
  typeof count === 'number'
    ? shown(count)
    : 'below' in count
      ? `<${count.below}`
      : count.atLeast === 0
        ? 'ẩn'
        : `≥ ${shown(count.atLeast)}`;

/** A city day as the page's tables write it in Vietnamese: 04/12/2026. */
const dayWritten = (day: string) => day.split('-').reverse().join('/');

/*
 * The public page of a share link (/share/#<token>, docs/privacy.md "The public view"): made and
 * revoked on the dashboard, opened without signing in, on a festival's big screen and on a phone.
 */
describe('the public page of a share link', () => {
  const test = useDashboard({ config: { ageSplitDelayMs: 0 } });
  let admin: Person;
  let staff: Person;
  let saiGon: { id: string; key: string };

  const publicView = async (token: string): Promise<PublicView> => {
    const reply = await call<PublicView>(`${test.url}/api/v1/public/view`, {
      token: null,
      headers: { [SHARE_TOKEN_HEADER]: token },
    });
    expect(reply.status).toBe(200);
    return reply.body;
  };

  /** Makes a share link on the signed-in dashboard's share page; its address as shown once. */
  async function createLink(page: Page, label: string, wardCode: string): Promise<string> {
    await page.evaluate(() => (location.hash = '#/share'));
    await page.waitForSelector('#share-links', { state: 'visible' });
    await page.fill('#share-link-label', label);
    await page.selectOption('#share-link-ward', wardCode);
    await page.click('#share-link-form button[type="submit"]');
    const address = (await page.locator('#share-link-url').textContent()) ?? '';
    await page.locator(`#share-link-table td:has-text("${label}")`).waitFor();
    return address;
  }

  /** The public page in a fresh profile, nobody signed in; every /api/v1 address it asks is kept. */
  async function openPublic(address: string, options: Parameters<typeof test.page>[0] = {}) {
    const page = await test.page({ canvasText: true, ...options });
    const asked: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/api/')) asked.push(path);
    });
    await page.goto(address);
    await page.waitForSelector('#share-people:not(:text-is("–"))');
    await page.waitForSelector('#share-map-chart-table tbody tr', { state: 'attached' });
    await page.waitForLoadState('networkidle');
    return { page, asked };
  }

  /** What the page shows, in the order its tables list it. */
  const onPage = (page: Page) =>
    page.evaluate(() => {
      const text = (selector: string) => document.querySelector(selector)?.textContent?.trim() ?? '';
      const rows = (id: string) =>
        [...document.querySelectorAll(`#${id}-table tbody tr`)].map((row) =>
          [...row.children].map((cell) => cell.textContent?.trim() ?? ''),
        );
      return {
        label: text('#share-label'),
        scope: text('#share-scope'),
        today: [text('#share-people'), text('#share-guides'), text('#share-accounts')],
        days: rows('share-days-chart'),
        ages: rows('share-ages-chart'),
        wards: rows('share-map-chart'),
        outcomes: rows('share-outcomes-chart'),
        agesNote: text('#share-ages-note'),
      };
    });

  /** What the page must show for the API's answer. */
  const expected = (view: PublicView) => ({
    today: [view.today.peopleReached, view.today.guidesCompleted, view.today.accountsRegistered].map(shown),
    days: view.days.map((day) => [dayWritten(day.day), written(day.peopleReached)]),
    ages: Object.values(view.ageSplit.byAgeGroup).map(written),
    wards: Object.fromEntries(view.wards.map((ward) => [ward.name, written(ward.peopleReached)])),
    outcomes: OUTCOMES.map((outcome) => written(view.outcomes[outcome])),
  });

  /** The page fills the screen and no more: nothing to scroll to, nothing cut off at its foot. */
  const fitsTheScreen = (page: Page) =>
    page.evaluate(() => ({
      height: document.documentElement.scrollHeight,
      width: document.documentElement.scrollWidth,
      footnoteBottom: Math.ceil(document.querySelector('.footnote')?.getBoundingClientRect().bottom ?? Infinity),
      mapHeight: document.querySelector('#share-map-chart')?.getBoundingClientRect().height ?? 0,
      daysHeight: document.querySelector('#share-days-chart')?.getBoundingClientRect().height ?? 0,
      agesHeight: document.querySelector('#share-ages-chart')?.getBoundingClientRect().height ?? 0,
      outcomesHeight: document.querySelector('#share-outcomes-chart')?.getBoundingClientRect().height ?? 0,
    }));

  beforeAll(async () => {
    admin = await createUser(test.url, 'admin.city', 'admin', null);
    staff = await createUser(test.url, 'ward.saigon', 'ward_staff', SAI_GON);
    saiGon = await createKiosk(test.url, SAI_GON, 'Nhà văn hóa khu phố 1');
    const chanhHiep = await createKiosk(test.url, CHANH_HIEP, 'UBND phường');
    // Past days, in a week that is over whatever today is: 38 people in Sài Gòn (3 aged 75+, a
    // small cell), 7 in Chánh Hiệp (below 10 on the map); a day of 4 people (below 10 on the chart).
    await post(test.url, saiGon.key, [
      ...visits(23, cityMorning(-9), '16_30'),
      ...visits(12, cityMorning(-9) + HOUR, '65_74'),
      ...visits(3, cityMorning(-9) + 2 * HOUR, '75_plus'),
      ...visits(4, cityMorning(-8), '16_30', 'scam_awareness'),
    ]);
    await post(test.url, chanhHiep.key, visits(7, cityMorning(-9), '16_30'));
    // The city's outcomes on those days: 12 VNeID accounts activated (rounded on the page), 3
    // residents certified in basic digital skills (below 10: not shown as a figure).
    await post(test.url, saiGon.key, [
      ...outcomes(Array(12).fill('vneid_level2_activated'), cityMorning(-9) + 3 * HOUR),
      ...outcomes(Array(3).fill('bdhvs_certified'), cityMorning(-9) + 4 * HOUR),
    ]);
    await post(test.url, saiGon.key, visits(6, Date.now() - 10 * 60_000, '31_44'));
    await waitForPeople(test.url, { from: cityDay(-9), to: cityDay(1) }, 55);
    await waitForSummary<{ byOutcome: Record<string, number> }>(
      test.url,
      { from: cityDay(-9), to: cityDay(1) },
      ({ byOutcome }) => byOutcome.vneid_level2_activated === 12 && byOutcome.bdhvs_certified === 3,
    );
  });

  it('is made on the dashboard, shown once with a copy button and a QR code, and opened by anyone', async () => {
    const dashboard = await test.open(admin, { viewport: { width: 1440, height: 900 } });
    await dashboard.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: test.url });
    const address = await createLink(dashboard, 'Ngày hội chuyển đổi số TP.HCM', '');
    expect(address).toMatch(new RegExp(`^${test.url}/share/#kps_[\\w-]{43}$`));
    await dashboard.waitForFunction(
      () => ((document.querySelector('#share-link-new img.qr') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0,
    );
    expect(await dashboard.getAttribute('#share-link-new img.qr', 'src')).toMatch(/^data:image\/png;base64,/);
    await dashboard.click('#share-link-new button:text-is("Sao chép liên kết")');
    await dashboard.locator('#share-link-new >> text=Đã sao chép.').waitFor();
    expect(await dashboard.evaluate(() => navigator.clipboard.readText())).toBe(address);
    const row = dashboard.locator('#share-link-table tbody tr', { hasText: 'Ngày hội chuyển đổi số TP.HCM' });
    expect(await row.locator('td').allInnerTexts()).toEqual([
      'Ngày hội chuyển đổi số TP.HCM',
      'Toàn thành phố',
      'admin.city',
      expect.stringMatching(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/),
      '–',
      'Thu hồi',
    ]);
    await dashboard.screenshot({ path: artifact('share-link-created.png') });
    await dashboard.context().close();

    const token = address.slice(address.indexOf('#') + 1);
    const view = await publicView(token);
    for (const screen of BIG_SCREENS) {
      const { page, asked } = await openPublic(address, { viewport: screen });
      const shownNow = await onPage(page);
      expect(shownNow).toMatchObject({
        label: 'Ngày hội chuyển đổi số TP.HCM',
        scope: 'TP. Hồ Chí Minh',
        today: ['6', '6', '6'],
        days: expected(view).days,
      });
      expect(shownNow.today).toEqual(expected(view).today);
      expect(shownNow.days).toHaveLength(30);
      expect(shownNow.ages.map(([, count]) => count)).toEqual(expected(view).ages);
      // The city's outcomes, under the same rule: rounded, a small one "<10" with no bar, none 0.
      expect(shownNow.outcomes.map(([, count]) => count)).toEqual(expected(view).outcomes);
      expect(shownNow.outcomes[0]).toEqual(['Kích hoạt VNeID mức 2', expect.stringMatching(/^1[05]$/)]);
      expect(shownNow.outcomes).toContainEqual(['Chứng nhận Bình dân học vụ số', '<10']);
      expect(shownNow.outcomes).toContainEqual(['Thiết lập thiết bị thông minh', '0']);
      expect(Object.fromEntries(shownNow.wards)).toEqual(expected(view).wards);
      expect(shownNow.wards).toHaveLength(168);
      // The day of 4 people and Chánh Hiệp's 7 are below 10; Sài Gòn's aged 65-74 and 75+ are hidden.
      expect(shownNow.days.find(([day]) => day === dayWritten(cityDay(-8)))?.[1]).toBe('<10');
      expect(Object.fromEntries(shownNow.wards)['Phường Chánh Hiệp']).toBe('<10');
      expect(shownNow.ages.find(([group]) => group === '65–74')?.[1]).toBe('ẩn');
      expect(shownNow.ages.find(([group]) => group === '16–30')?.[1]).toMatch(/^≥ \d+$/);
      expect(shownNow.agesNote).toContain(`${dayWritten(view.ageSplit.from ?? '')} – `);
      // The app runs with the default period, a week; the note names it.
      expect(view.ageSplit.period).toBe('week');
      expect(shownNow.agesNote).toContain('của mỗi tuần được công bố sau khi tuần đó kết thúc');
      // The charts draw what their tables say.
      await waitForCanvasText(page, 'share-days-chart', (text) => text === '<10');
      await waitForCanvasText(page, 'share-ages-chart', (text) => text === 'ẩn');
      await waitForCanvasText(page, 'share-ages-chart', (text) => /^≥ \d+$/.test(text));
      await waitForCanvasText(page, 'share-outcomes-chart', (text) => text === '<10');
      await page.waitForSelector('#share-map-chart canvas');

      const fit = await fitsTheScreen(page);
      expect(fit).toMatchObject({ height: screen.height, width: screen.width });
      expect(fit.footnoteBottom).toBeLessThanOrEqual(screen.height);
      // Every chart has room to be read from across a room.
      for (const chart of [fit.mapHeight, fit.daysHeight, fit.agesHeight, fit.outcomesHeight])
        expect(chart).toBeGreaterThan(screen.height / 5);
      expect([...new Set(asked)]).toEqual(['/api/v1/public/view']);
      await page.screenshot({ path: artifact(`share-city-${screen.width}x${screen.height}.png`) });
      // Readable by everyone, the charts' tables disclosed too.
      await page.$$eval('details', (all) => all.forEach((details) => ((details as HTMLDetailsElement).open = true)));
      expect(await seriousViolations(page)).toEqual([]);
      await page.context().close();
    }
  });

  it(
    'keeps a ward’s page live, quietly offline when a read fails, and ends it once revoked',
    async () => {
      const dashboard = await test.open(staff, { viewport: { width: 1440, height: 900 } });
      await dashboard.evaluate(() => (location.hash = '#/share'));
      await dashboard.waitForSelector('#share-link-ward option', { state: 'attached' });
      // Ward staff share their own ward, and nothing else.
      expect(await dashboard.locator('#share-link-ward option').allInnerTexts()).toEqual([
        expect.stringContaining('Phường Sài Gòn'),
      ]);
      const address = await createLink(dashboard, 'Ngày hội phường Sài Gòn', SAI_GON);
      const { page, asked } = await openPublic(address, { viewport: { width: 1920, height: 1080 } });
      expect(await onPage(page)).toMatchObject({ scope: 'Phường Sài Gòn · TP. Hồ Chí Minh', today: ['6', '6', '6'] });
      const view = await publicView(address.slice(address.indexOf('#') + 1));
      expect((await onPage(page)).wards).toEqual([['Phường Sài Gòn', expected(view).wards['Phường Sài Gòn']]]);
      // Its ward stands out on the city's map, named.
      await waitForCanvasText(page, 'share-map-chart', (text) => text === 'Phường Sài Gòn');

      // Live: two more people today, on screen at a later read.
      await post(test.url, saiGon.key, visits(2, Date.now() - 2 * 60_000, '45_59'));
      await page.waitForSelector('#share-people:text-is("8")', { timeout: 30_000 });
      const updated = (await page.textContent('#share-as-of')) ?? '';
      expect(updated).toMatch(/^\d{2}:\d{2}:\d{2}$/);

      // A read that fails keeps the figures, with a quiet note.
      await page.route('**/api/v1/public/view', (route) => route.abort('internetdisconnected'));
      await page.waitForSelector('#share-offline:text-is("Mất kết nối, đang thử lại…")', { timeout: 30_000 });
      expect(await page.textContent('#share-people')).toBe('8');
      await page.screenshot({ path: artifact('share-ward-offline-1920x1080.png') });
      await page.unroute('**/api/v1/public/view');
      await page.waitForSelector('#share-offline:empty', { state: 'attached', timeout: 30_000 });

      // Revoked on the dashboard, after a confirmation: the page says so at its next read.
      const row = dashboard.locator('#share-link-table tbody tr', { hasText: 'Ngày hội phường Sài Gòn' });
      await row.locator('button:text-is("Thu hồi")').click();
      const dialog = dashboard.locator('dialog[open]');
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('Trang công khai của liên kết này ngừng hiển thị ngay');
      await dashboard.screenshot({ path: artifact('share-link-revoke-confirm.png') });
      await dialog.locator('button[value="confirm"]').click();
      await row.locator('td:text-is("Đã thu hồi")').waitFor();
      expect(await row.locator('td').nth(4).innerText()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
      await page.waitForSelector('#share-gone h1:text-is("Liên kết này không còn hiệu lực")', { timeout: 30_000 });
      expect(await page.locator('#share').count()).toBe(0);
      expect([...new Set(asked)]).toEqual(['/api/v1/public/view']);
      await page.screenshot({ path: artifact('share-revoked-1920x1080.png') });
      await page.context().close();
      await dashboard.context().close();
    },
    // Four reads of the page, 10 s apart, on top of the app's own work.
    120_000,
  );

  it('reads on a phone, scrolling down, in Vietnamese or English', async () => {
    const dashboard = await test.open(admin);
    const address = await createLink(dashboard, 'Số liệu phường Sài Gòn', SAI_GON);
    await dashboard.context().close();
    const { page, asked } = await openPublic(address, { viewport: PHONE, isMobile: true, hasTouch: true });
    const fit = await fitsTheScreen(page);
    expect(fit.width).toBe(PHONE.width);
    expect(fit.height).toBeGreaterThan(PHONE.height);
    for (const chart of [fit.mapHeight, fit.daysHeight, fit.agesHeight, fit.outcomesHeight])
      expect(chart).toBeGreaterThan(200);
    const view = await publicView(address.slice(address.indexOf('#') + 1));
    expect(await onPage(page)).toMatchObject({ today: expected(view).today, days: expected(view).days });
    // A ward's link: the ward's own outcomes (all of them Sài Gòn's here), under the public rule.
    expect((await onPage(page)).outcomes.map(([, count]) => count)).toEqual(expected(view).outcomes);
    expect((await onPage(page)).outcomes).toContainEqual(['Chứng nhận Bình dân học vụ số', '<10']);
    await page.screenshot({ path: artifact('share-ward-390x844.png'), fullPage: true });

    await page.click('#lang');
    // A visit is one "lượt", not one person (issue 16): the English says visits.
    await page.waitForSelector('figcaption:text-is("People helped (visits) per day, last 30 days")');
    await page.waitForSelector('figcaption:text-is("Outcomes counted by Plan 31/KH-UBND, last 30 days")');
    await page.waitForSelector('#share-outcomes-chart-table tbody tr th:text-is("VNeID level 2 activated")', {
      state: 'attached',
    });
    await page.waitForSelector('#share-people:not(:text-is("–"))');
    expect(await page.textContent('#share-scope')).toBe('Phường Sài Gòn · Ho Chi Minh City');
    expect(await page.textContent('#share-ages-note')).toContain(
      'Age groups of each week are published once the week is over',
    );
    expect([...new Set(asked)]).toEqual(['/api/v1/public/view']);
    await page.screenshot({ path: artifact('share-ward-390x844-en.png'), fullPage: true });
    await page.context().close();
  });

  it('shows the ward’s targets under the public rule: counts rounded or hidden, a percent of the shown count', async () => {
    for (const body of [
      { indicator: 'visits', wardCode: SAI_GON, target: 400, startDay: cityDay(-20), deadline: cityDay(40) },
      {
        indicator: 'visits',
        ageGroups: ['60_64', '65_74', '75_plus'],
        wardCode: SAI_GON,
        target: 150,
        startDay: cityDay(-20),
        deadline: cityDay(40),
      },
      { indicator: 'bdhvs_certified', wardCode: null, target: 1_000, startDay: cityDay(-20), deadline: cityDay(70) },
    ]) {
      const reply = await call(`${test.url}/api/v1/targets`, { json: body });
      expect(reply.status).toBe(201);
    }
    const made = await call<{ token: string }>(`${test.url}/api/v1/share-links`, {
      json: { label: 'Chỉ tiêu phường Sài Gòn', wardCode: SAI_GON },
    });
    expect(made.status).toBe(201);
    const view = await publicView(made.body.token);
    expect(view.targets.length).toBeGreaterThanOrEqual(2);
    const { page } = await openPublic(`${test.url}/share/#${made.body.token}`, {
      viewport: { width: 1920, height: 1080 },
    });
    await page.waitForSelector('#share-targets:not([hidden]) tbody tr');
    const rows = await page.$$eval('#share-targets-table tbody tr', (trs) =>
      trs.map((tr) => {
        const cell = (name: string) => tr.querySelector(`[data-cell="${name}"]`)?.textContent ?? '';
        return { percent: cell('percent'), count: cell('count'), target: cell('target'), status: cell('status') };
      }),
    );
    const statuses: Record<string, string> = {
      met: 'Đã đạt',
      on_track: 'Đúng tiến độ',
      behind: 'Chậm tiến độ',
      not_started: 'Chưa bắt đầu',
      missed: 'Không đạt',
    };
    expect(rows).toEqual(
      view.targets.map((target) => ({
        percent:
          target.percent === null
            ? '–'
            : new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 }).format(
                target.percent / 100,
              ),
        count: written(target.count),
        target: shown(target.target),
        status: target.status === null ? 'chưa công bố' : statuses[target.status],
      })),
    );
    // Contributions, not coverage; and the rule the counts are under.
    expect(await page.innerText('#share-targets .chart-note')).toContain('không phải số người dân đã được bao phủ');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: artifact('share-ward-targets-1920.png'), fullPage: true });
    await page.context().close();
  });

  it('says plainly that an unknown link does not work', async () => {
    const page = await test.page({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${test.url}/share/#kps_${'x'.repeat(43)}`);
    await page.waitForSelector('#share-gone h1:text-is("Liên kết này không còn hiệu lực")');
    expect(await page.title()).toBe('Liên kết này không còn hiệu lực');
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });
});
