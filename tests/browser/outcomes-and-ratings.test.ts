/// <reference lib="dom" />
// Some callbacks below run in the page, where the DOM is.
import type { Page } from 'playwright-core';
import { artifact, useDashboard, type Person } from '../support/browser';
import { waitForCanvasText } from '../support/canvas-text';
import {
  CHANH_HIEP,
  DAY,
  SAI_GON,
  cityDay,
  createKiosk,
  createUser,
  outcomes,
  post,
  ratings,
  visits,
  waitForPeople,
  waitForSummary,
} from './fixtures';

const DESK = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

/** A share of the answers as the Vietnamese page writes it (66,7%), worked out apart from the page. */
const percent = (fraction: number) =>
  new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 }).format(fraction);

/** A table's body rows as text, each row's cells (row header first). */
const rowsOf = (page: Page, selector: string): Promise<string[][]> =>
  page.$$eval(`${selector} tbody tr`, (rows) =>
    rows.map((row) => [...row.children].map((cell) => cell.textContent?.trim() ?? '')),
  );

/** Waits until the table has a row whose cells read `cells`. */
const waitForRow = (page: Page, selector: string, cells: string[], timeout = 15_000) =>
  page.waitForFunction(
    ({ selector, expected }) =>
      [...document.querySelectorAll(`${selector} tbody tr`)].some(
        (row) => [...row.children].map((cell) => cell.textContent?.trim()).join('|') === expected,
      ),
    { selector, expected: cells.join('|') },
    { timeout },
  );

/** How far the page is wider than its window: 0 when nothing scrolls sideways. */
const sidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/*
 * The city's outcomes (Kế hoạch 31/KH-UBND) on the overview, live, and the residents' answers to
 * "Hài lòng?" on the analysis page (issue 16), on a desk screen and on a phone.
 */
describe('outcomes on the overview and "Hài lòng?" in analysis', () => {
  const test = useDashboard();
  let official: Person;
  let saiGon: { key: string };

  beforeAll(async () => {
    official = await createUser(test.url, 'official', 'city_official', null);
    saiGon = await createKiosk(test.url, SAI_GON, 'Nhà văn hóa khu phố 1');
    const now = Date.now();
    await post(test.url, saiGon.key, visits(4, now - 30 * 60_000, '65_74'));
    // Today: three VNeID accounts activated at level 2, and one resident satisfied.
    await post(test.url, saiGon.key, outcomes(Array(3).fill('vneid_level2_activated'), now - 20 * 60_000));
    await post(test.url, saiGon.key, ratings([3], now - 25 * 60_000));
    // Three days ago: five answers, three satisfied, one so-so, one not satisfied.
    await post(test.url, saiGon.key, ratings([3, 3, 3, 2, 1], now - 3 * DAY));
    await waitForPeople(test.url, {}, 4);
    await waitForSummary<{ byOutcome: Record<string, number>; byRating: Record<string, number> }>(
      test.url,
      { from: cityDay(-29), to: cityDay(1) },
      ({ byOutcome, byRating }) => byOutcome.vneid_level2_activated === 3 && byRating[3] === 4 && byRating[1] === 1,
    );
  });

  it('shows today’s outcomes on the overview, and moves them when one is recorded', async () => {
    const page = await test.open(official, { viewport: DESK, canvasText: true });
    await page.waitForSelector('#kpi-people:text-is("4")');
    await waitForRow(page, '#chart-outcome-table', ['Kích hoạt VNeID mức 2', '3']);
    const rows = await rowsOf(page, '#chart-outcome-table');
    expect(rows).toHaveLength(8);
    expect(rows).toContainEqual(['Cài ứng dụng Công dân số', '0']);
    await waitForCanvasText(page, 'chart-outcome', (text) => text === 'Kích hoạt VNeID mức 2');
    expect(await page.isVisible('#chart-outcome')).toBe(true);

    // Live: two outcomes recorded now are on the overview without a reload.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    await post(
      test.url,
      saiGon.key,
      outcomes(['vneid_level2_activated', 'digital_citizen_app_installed'], Date.now() - 2 * 60_000),
    );
    await waitForRow(page, '#chart-outcome-table', ['Kích hoạt VNeID mức 2', '4']);
    await waitForRow(page, '#chart-outcome-table', ['Cài ứng dụng Công dân số', '1']);
    expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(await sidewaysScroll(page)).toBe(0);
    await page.screenshot({ path: artifact('overview-outcomes-1440x900.png'), fullPage: true });

    // A ward with nothing recorded shows none of the city's.
    await page.selectOption('#ward', CHANH_HIEP);
    await page.waitForSelector('#scope-title:has-text("Chánh Hiệp")');
    await waitForRow(page, '#chart-outcome-table', ['Kích hoạt VNeID mức 2', '0']);
    await page.context().close();
  });

  it('shows each answer to "Hài lòng?" with its count and share, for the range and scope chosen', async () => {
    const page = await test.open(official, { viewport: DESK });
    await page.click('#nav-analysis');
    await page.selectOption('#analysis-range', '30d');
    // Six answers over the 30 days: four satisfied, one so-so, one not satisfied.
    await page.waitForSelector('#analysis-rating-total:text-is("Số câu trả lời: 6")', { timeout: 15_000 });
    expect(await rowsOf(page, '#analysis-rating')).toEqual([
      ['Hài lòng', '4', percent(4 / 6)],
      ['Bình thường', '1', percent(1 / 6)],
      ['Chưa hài lòng', '1', percent(1 / 6)],
    ]);
    expect(await sidewaysScroll(page)).toBe(0);
    await page.screenshot({ path: artifact('analysis-ratings-1440x900.png'), fullPage: true });

    // Today alone: the one answer of today.
    await page.selectOption('#analysis-range', 'today');
    await page.waitForSelector('#analysis-rating-total:text-is("Số câu trả lời: 1")', { timeout: 15_000 });
    expect(await rowsOf(page, '#analysis-rating')).toEqual([
      ['Hài lòng', '1', percent(1)],
      ['Bình thường', '0', percent(0)],
      ['Chưa hài lòng', '0', percent(0)],
    ]);

    // A ward without answers says so, and has no shares to give.
    await page.selectOption('#analysis-range', '30d');
    await page.selectOption('#analysis-ward', CHANH_HIEP);
    await page.waitForSelector(
      '#analysis-rating-total:text-is("Chưa có câu trả lời nào trong khoảng thời gian này.")',
      { timeout: 15_000 },
    );
    expect(await rowsOf(page, '#analysis-rating')).toEqual([
      ['Hài lòng', '0', '–'],
      ['Bình thường', '0', '–'],
      ['Chưa hài lòng', '0', '–'],
    ]);
    await page.context().close();
  });

  it('fits a phone held upright, in Vietnamese and in English', async () => {
    // Today's as the API counts them: the first test may have added one.
    const today = await waitForSummary<{ byOutcome: Record<string, number> }>(test.url, {}, () => true);
    const activatedToday = String(today.byOutcome.vneid_level2_activated);
    for (const language of ['vi', 'en'] as const) {
      const page = await test.open(official, {
        viewport: PHONE,
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
        language,
      });
      await page.waitForSelector('#kpi-people:text-is("4")');
      const activated = language === 'vi' ? 'Kích hoạt VNeID mức 2' : 'VNeID level 2 activated';
      await waitForRow(page, '#chart-outcome-table', [activated, activatedToday]);
      await page.waitForLoadState('networkidle');
      expect(await sidewaysScroll(page)).toBe(0);
      await page.screenshot({ path: artifact(`overview-outcomes-390x844-${language}.png`), fullPage: true });

      await page.tap('#nav-analysis');
      await page.selectOption('#analysis-range', '30d');
      const total = language === 'vi' ? 'Số câu trả lời: 6' : 'Answers: 6';
      await page.waitForSelector(`#analysis-rating-total:text-is("${total}")`, { timeout: 15_000 });
      if (language === 'en') {
        expect(await page.textContent('#analysis-rating-title')).toBe('Satisfied?');
        expect((await rowsOf(page, '#analysis-rating')).map(([answer]) => answer)).toEqual([
          'Satisfied',
          'So-so',
          'Not satisfied',
        ]);
      }
      await page.waitForLoadState('networkidle');
      expect(await sidewaysScroll(page)).toBe(0);
      await page.screenshot({ path: artifact(`analysis-ratings-390x844-${language}.png`), fullPage: true });
      await page.context().close();
    }
  });
});
