/// <reference lib="dom" />
// Some callbacks below run in the page, where the DOM is.
import type { Page } from 'playwright-core';
import { artifact, useDashboard } from '../support/browser';
import { call } from '../support/http';
import { CHANH_HIEP, createKiosk, createUser, post, SAI_GON, shown, visits, waitForPeople } from './fixtures';

/** Today's overview in a real browser: the same numbers as the API, live, in either language. */
describe('dashboard overview', () => {
  const test = useDashboard();
  let page: Page;
  let saiGon: { key: string };

  const summary = async (query: Record<string, string> = {}) =>
    (await call(`${test.url}/api/v1/stats/summary?${new URLSearchParams(query)}`)).body;
  /** Table rows as text: each row's cells, row header first. */
  const tableRows = (rowSelector: string): Promise<string[][]> =>
    page.$$eval(rowSelector, (rows) =>
      rows.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent ?? '')),
    );

  beforeAll(async () => {
    saiGon = await createKiosk(test.url, SAI_GON, 'Nhà văn hóa khu phố 1');
    const chanhHiep = await createKiosk(test.url, CHANH_HIEP, 'UBND phường');
    const official = await createUser(test.url, 'official', 'city_official', null);
    const now = Date.now();
    await post(test.url, saiGon.key, [...visits(6, now, '65_74'), ...visits(2, now, '16_30', 'scam_awareness')]);
    await post(test.url, chanhHiep.key, visits(3, now, '60_64', 'public_services'));
    await waitForPeople(test.url, {}, 11);
    page = await test.open(official);
  });

  it("shows today's counts as the API gives them, for the city and for one ward", async () => {
    const city = await summary();
    expect(city.peopleReached).toBe(11);
    await page.waitForSelector(`#kpi-people:text-is("${shown(city.peopleReached)}")`);
    expect(await page.textContent('#kpi-guides')).toBe(shown(city.guidesCompleted));
    expect(await page.textContent('#kpi-accounts')).toBe(shown(city.accountsRegistered));
    // Today has no age split: ages are published once the period (a week, by default) is over
    // (docs/privacy.md). The age chart says so instead of drawing empty bars; the totals stay live.
    expect(city.ageSplit).toMatchObject({ period: 'week', from: null, to: null });
    await page.waitForSelector(
      '#chart-age-coverage:text-is("Số liệu theo nhóm tuổi được công bố khi tuần kết thúc, để không ai bị nhận ra.")',
    );
    expect(await page.isVisible('#chart-age')).toBe(false);
    expect(await page.isVisible('#chart-guide')).toBe(true);

    const { wards } = (await call(`${test.url}/api/v1/stats/wards`)).body as {
      wards: { wardCode: string; name: string; peopleReached: number }[];
    };
    await page.waitForSelector('#ranking tr >> nth=1');
    const ranking = await tableRows('#ranking tr');
    for (const code of [SAI_GON, CHANH_HIEP]) {
      const ward = wards.find((candidate) => candidate.wardCode === code);
      expect(ranking.find(([, name]) => name === ward?.name)?.[2]).toBe(shown(ward?.peopleReached ?? -1));
    }
    await page.screenshot({ path: artifact('overview.png') });

    await page.selectOption('#ward', CHANH_HIEP);
    await page.waitForSelector('#scope-title:has-text("Chánh Hiệp")');
    const ward = await summary({ wardCode: CHANH_HIEP });
    expect(ward.peopleReached).toBe(3);
    await page.waitForSelector(`#kpi-people:text-is("${shown(ward.peopleReached)}")`);
    expect(await page.textContent('#kpi-guides')).toBe(shown(ward.guidesCompleted));
    expect(new URL(page.url()).searchParams.get('ward')).toBe(CHANH_HIEP);
    // The hourly chart's table follows the ward too: hour by hour what the API says.
    const { points } = (
      await call(`${test.url}/api/v1/stats/timeseries?metric=peopleReached&bucket=hour&wardCode=${CHANH_HIEP}`)
    ).body as { points: { value: number }[] };
    await page.waitForFunction(
      (expected) =>
        [...document.querySelectorAll('#chart-hourly-table tbody tr td:nth-of-type(1)')]
          .map((cell) => cell.textContent)
          .join(',') === expected,
      points.map((point) => String(point.value)).join(','),
      { timeout: 15_000 },
    );
  });

  it('shows new events without a reload', async () => {
    await page.selectOption('#ward', '');
    await page.waitForSelector('#kpi-people:text-is("11")');
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    await post(test.url, saiGon.key, visits(4, Date.now(), '45_59'));
    await page.waitForSelector('#kpi-people:text-is("15")', { timeout: 15_000 });
    const city = await summary();
    expect(await page.textContent('#kpi-guides')).toBe(shown(city.guidesCompleted));
    expect(await page.textContent('#kpi-accounts')).toBe(shown(city.accountsRegistered));
    expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
  });

  it('switches to English and back, and keeps the choice', async () => {
    await page.click('#lang');
    await page.waitForSelector('#nav-analysis:text-is("Analysis")');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('#board .kpi h3')).toBe('People helped (visits)');
    expect(await page.textContent('#chart-age + details summary')).toBe('Data table');
    await page.waitForSelector(
      '#chart-age-coverage:text-is("Age groups are published once the week is over, so that no one can be singled out.")',
    );
    await page.waitForSelector('#kpi-people:text-is("15")');
    await page.screenshot({ path: artifact('overview-english.png') });
    await page.reload();
    await page.waitForSelector('#nav-analysis:text-is("Analysis")');
    await page.click('#lang');
    await page.waitForSelector('#nav-analysis:text-is("Phân tích")');
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
  });
});
