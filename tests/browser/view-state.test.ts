/// <reference lib="dom" />
// Some callbacks below run in the page, where the DOM is.
import type { Page } from 'playwright-core';
import { useDashboard, type Person } from '../support/browser';
import { call } from '../support/http';
import {
  afterFrames,
  CHANH_HIEP,
  cityDay,
  createKiosk,
  createUser,
  DAY,
  post,
  SAI_GON,
  shown,
  visits,
  waitForPeople,
} from './fixtures';

/**
 * The choices on screen live in the address: a link carrying them opens them, a change goes
 * into it, a reload keeps it, back and forward step through it.
 */
describe('view state in the address', () => {
  const test = useDashboard();
  let official: Person;
  let staff: Person;

  const api = async (path: string, query: Record<string, string>) =>
    (await call(`${test.url}/api/v1/stats/${path}?${new URLSearchParams(query)}`)).body;
  const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);
  const value = (page: Page, selector: string) => page.$eval(selector, (input: HTMLSelectElement) => input.value);
  /** The map table's figure (second column) for a ward, as shown. */
  const mapFigure = (page: Page, ward: string, expected: string) =>
    page.waitForFunction(
      ([name, figure]) =>
        [...document.querySelectorAll('#map-chart-table tbody tr')].some(
          (tr) => tr.querySelector('th')?.textContent === name && tr.querySelector('td')?.textContent === figure,
        ),
      [ward, expected] as const,
    );

  beforeAll(async () => {
    const saiGon = await createKiosk(test.url, SAI_GON, 'Nhà văn hóa khu phố 1');
    const chanhHiep = await createKiosk(test.url, CHANH_HIEP, 'UBND phường');
    official = await createUser(test.url, 'official', 'city_official', null);
    staff = await createUser(test.url, 'ward.saigon', 'ward_staff', SAI_GON);
    const now = Date.now();
    await post(test.url, saiGon.key, [
      ...visits(5, now, '65_74'),
      ...visits(4, now - 3 * DAY, '60_64', 'public_services'),
      ...visits(6, now - 12 * DAY, '75_plus', 'scam_awareness'),
    ]);
    await post(test.url, chanhHiep.key, visits(2, now, '31_44'));
    await waitForPeople(test.url, { from: cityDay(-29), to: cityDay(1) }, 17);
  });

  it('analysis: a link opens its range, ward, metric and age group; changes are kept and undone', async () => {
    const page = await test.open(official);
    const month = { from: cityDay(-29), to: cityDay(1) };
    await page.goto(
      `${test.url}/?analysis.range=30d&analysis.ward=${SAI_GON}&analysis.metric=guidesCompleted&analysis.age=65_74#/analysis`,
    );
    const saiGon = await api('summary', { ...month, wardCode: SAI_GON });
    expect(saiGon.peopleReached).toBe(15);
    await page.waitForSelector(`#analysis-people:text-is("${shown(saiGon.peopleReached)}")`);
    expect(await value(page, '#analysis-range')).toBe('30d');
    expect(await value(page, '#analysis-ward')).toBe(SAI_GON);
    expect(await value(page, '#analysis-metric')).toBe('guidesCompleted');
    // A ward's funnel has no age lines (docs/privacy.md): its lines for all ages show, and the
    // age group waits in the address for the city.
    const { guides } = await api('funnel', { ...month, wardCode: SAI_GON });
    const vneid = guides.find((guide: { guide: string }) => guide.guide === 'vneid');
    expect(vneid).toMatchObject({ started: 5, byAgeGroup: null });
    await page.waitForSelector(`#analysis-funnel tbody tr:has-text("VNeID") td:nth-child(2):text-is("5")`);
    expect(await page.textContent('#analysis-funnel-note')).toBe(
      'Số liệu theo nhóm tuổi chỉ có cho toàn thành phố; đây là mọi lứa tuổi của phường, xã.',
    );
    expect(await page.$eval('#analysis-funnel-age', (select: HTMLSelectElement) => select.disabled)).toBe(true);
    expect(await value(page, '#analysis-funnel-age')).toBe('');
    expect(param(page, 'analysis.age')).toBe('65_74');

    await page.selectOption('#analysis-ward', CHANH_HIEP);
    expect(param(page, 'analysis.ward')).toBe(CHANH_HIEP);
    expect(param(page, 'analysis.range')).toBe('30d');
    await page.waitForSelector('#analysis-people:text-is("2")');

    await page.reload();
    await page.waitForSelector('#analysis-people:text-is("2")');
    expect(await value(page, '#analysis-ward')).toBe(CHANH_HIEP);
    expect(await value(page, '#analysis-range')).toBe('30d');

    await page.goBack();
    await page.waitForSelector(`#analysis-people:text-is("${shown(saiGon.peopleReached)}")`);
    expect(await value(page, '#analysis-ward')).toBe(SAI_GON);
    await page.goForward();
    await page.waitForSelector('#analysis-people:text-is("2")');
    expect(await value(page, '#analysis-ward')).toBe(CHANH_HIEP);

    // The city: the age group chosen by the link is back.
    await page.selectOption('#analysis-ward', '');
    await page.waitForSelector('#analysis-people:text-is("17")');
    expect(await page.$eval('#analysis-funnel-age', (select: HTMLSelectElement) => select.disabled)).toBe(false);
    expect(await value(page, '#analysis-funnel-age')).toBe('65_74');
    await page.context().close();
  });

  it('overview: back returns to the scope before; the city chosen by ward staff survives a reload', async () => {
    const page = await test.open(official);
    await page.waitForSelector('#kpi-people:text-is("7")');
    await page.selectOption('#ward', CHANH_HIEP);
    await page.waitForSelector('#kpi-people:text-is("2")');
    expect(param(page, 'ward')).toBe(CHANH_HIEP);
    await page.goBack();
    await page.waitForSelector('#kpi-people:text-is("7")');
    expect(await value(page, '#ward')).toBe('');
    await page.context().close();

    const own = await test.open(staff);
    await own.waitForSelector('#kpi-people:text-is("5")');
    await own.selectOption('#ward', '');
    await own.waitForSelector('#kpi-people:text-is("7")');
    expect(param(own, 'ward')).toBe('city');
    await own.reload();
    await own.waitForSelector('#kpi-people:text-is("7")');
    expect(await value(own, '#ward')).toBe('');
    await own.context().close();
  });

  it('map: a link opens its metric, period and rate; a change goes into the address', async () => {
    const page = await test.open(official);
    await page.goto(`${test.url}/?map.range=7d&map.metric=guidesCompleted#/map`);
    const week = await api('wards', { from: cityDay(-6), to: cityDay(1) });
    const saiGon = week.wards.find((ward: { wardCode: string }) => ward.wardCode === SAI_GON);
    expect(saiGon.guidesCompleted).toBe(9);
    await mapFigure(page, saiGon.name, shown(saiGon.guidesCompleted));
    expect(await value(page, '#map-range')).toBe('7d');
    expect(await value(page, '#map-metric')).toBe('guidesCompleted');

    await page.selectOption('#map-metric', 'accountsRegistered');
    expect(param(page, 'map.metric')).toBe('accountsRegistered');
    await mapFigure(page, saiGon.name, shown(saiGon.accountsRegistered));
    await page.reload();
    await mapFigure(page, saiGon.name, shown(saiGon.accountsRegistered));
    expect(await value(page, '#map-metric')).toBe('accountsRegistered');
    expect(await value(page, '#map-range')).toBe('7d');
    await page.context().close();
  });

  it('map: a period other than today is drawn (its reading was cancelled as it started)', async () => {
    const page = await test.open(official);
    await page.click('#nav-map');
    await mapFigure(page, 'Phường Sài Gòn', '5');
    await page.selectOption('#map-range', '7d');
    await mapFigure(page, 'Phường Sài Gòn', '9');
    await page.context().close();
  });

  it("map: today's slow answer, asked for first, never replaces the week's", async () => {
    const page = await test.page();
    const today = cityDay();
    let armed = false;
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let heldOne: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (heldOne = resolve));
    const holding: Promise<void>[] = [];
    await page.route('**/api/v1/stats/wards*', async (route) => {
      if (!armed || new URL(route.request().url()).searchParams.get('from') !== today) return route.continue();
      heldOne();
      // The page may have given the request up by then: nothing comes of it.
      const answered = released.then(() => route.continue()).catch(() => undefined);
      holding.push(answered);
      await answered;
    });
    await test.signIn(page, official);
    // The overview's own reading of the wards is done: the next one of today's is the map's.
    await page.waitForSelector('#ranking tr >> nth=1');
    armed = true;
    await page.click('#nav-map');
    await held;
    await page.selectOption('#map-range', '7d');
    await mapFigure(page, 'Phường Sài Gòn', '9');
    release();
    await Promise.all(holding);
    await afterFrames(page, 100);
    const shownNow = await page.$$eval('#map-chart-table tbody tr', (rows) =>
      rows
        .filter((tr) => tr.querySelector('th')?.textContent === 'Phường Sài Gòn')
        .map((tr) => tr.querySelector('td')?.textContent),
    );
    expect(shownNow).toEqual(['9']);
    await page.context().close();
  });
});
