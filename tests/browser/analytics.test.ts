import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { kioskClock } from '@kiosk-pulse/demo';
import { artifact, useDashboard } from '../support/browser';
import { waitForCanvasText } from '../support/canvas-text';
import { call } from '../support/http';
import { cityDay, post as postEvents, SAI_GON, visits, waitForPeople, written } from './fixtures';

/** The analysis and map views in a real browser, against real events. */
describe('dashboard analytics', () => {
  // Age splits per city day, published as soon as the day is over (docs/privacy.md); a kiosk
  // may send two days' visits at once.
  const test = useDashboard({
    config: {
      ageSplitPeriod: 'day',
      ageSplitDelayMs: 0,
      kioskUsageLimits: { perMinute: 100_000, perDay: 100_000 },
    },
  });
  let page: Page;
  let key: string;
  // Two days that are over, 10:00 in the city.
  const D1 = cityDay(-3);
  const D2 = cityDay(-2);
  const at = (day: string) => Date.parse(`${day}T10:00:00+07:00`);

  const post = (events: object[]) => postEvents(test.url, key, events);
  const rows = (selector: string): Promise<string[][]> =>
    page.$$eval(`${selector} tbody tr`, (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent ?? '')),
    );

  beforeAll(async () => {
    key = (await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: SAI_GON, label: 'Kiosk' } })).body.key;
    // D1 hides its two small cells (under 14: 3, 75+: 2), which hold 5 together; D2 hides none.
    // Over both, 75+ is at least D2's 5, and under 14 is hidden: no day showed any of it.
    await post([
      ...visits(20, at(D1), '16_30'),
      ...visits(6, at(D1), '65_74'),
      ...visits(2, at(D1), '75_plus'),
      ...visits(3, at(D1), 'under_14'),
      ...visits(10, at(D2), '16_30'),
      ...visits(5, at(D2), '75_plus'),
    ]);
    // Stored before anything reads the days' split, which publishes it for good.
    await waitForPeople(test.url, { from: D1, to: cityDay(0) }, 46);
    await call(`${test.url}/api/v1/users`, {
      json: { username: 'official', password: 'official-password', role: 'city_official', wardCode: null },
    });
    page = await test.open({ username: 'official', password: 'official-password' }, { canvasText: true });
  });

  it('shows ages as published: exact, "≥ n" or hidden, over the days that are over, and none for today', async () => {
    await page.click('#nav-analysis');
    // The last 7 days: their totals, and the age split of the six that are over.
    await page.waitForSelector('#analysis-people:text-is("46")');
    await page.waitForSelector('#analysis-age-table tbody tr', { state: 'attached' });
    expect(await rows('#analysis-age-table')).toEqual([
      ['Dưới 14', 'ẩn'],
      ['14–15', '0'],
      ['16–30', '30'],
      ['31–44', '0'],
      ['45–59', '0'],
      ['60–64', '0'],
      ['65–74', '6'],
      ['75+', '≥ 5'],
      ['Không rõ', '0'],
    ]);
    expect(await page.textContent('#analysis-age-coverage')).toBe(
      `Theo nhóm tuổi, các ngày đã kết thúc: ${written(cityDay(-6))} – ${written(cityDay(-1))}. Nhóm ít người được ẩn.`,
    );
    // On the chart too: the bars' labels.
    const labels = (await waitForCanvasText(page, 'analysis-age', (text) => text === '≥ 5')).map((item) => item.text);
    expect(labels).toEqual(expect.arrayContaining(['ẩn', '30', '6']));
    await page
      .locator('#analysis-age')
      .locator('..')
      .screenshot({ path: artifact('analysis-ages-published.png') });
    // The ward's 60+: 6 exact, and 75+ at least 5.
    const saiGon = (await rows('#analysis-ward-table')).find(([name]) => name === 'Phường Sài Gòn');
    expect(saiGon?.[5]).toBe('≥ 11');

    // The funnel's age lines, the city's: counts as published, rate and durations only where exact.
    const vneidRow = '#analysis-funnel tbody tr:has-text("VNeID")';
    await page.waitForSelector(`${vneidRow} td:nth-child(2):text-is("46")`);
    await page.selectOption('#analysis-funnel-age', '65_74');
    await page.waitForSelector(`${vneidRow} td:nth-child(2):text-is("6")`);
    const exact = (await rows('#analysis-funnel')).find(([guide]) => guide === 'VNeID') ?? [];
    expect(exact.slice(0, 5)).toEqual(['VNeID', '6', '6', '0', '100%']);
    // Durations (from the stored histogram): six completed, at least the threshold.
    expect(exact.slice(5)).toEqual([expect.stringMatching(/^5(,\d)? phút$/), expect.stringMatching(/^5(,\d)? phút$/)]);
    await page.selectOption('#analysis-funnel-age', '75_plus');
    await page.waitForSelector(`${vneidRow} td:nth-child(2):text-is("≥ 5")`);
    expect((await rows('#analysis-funnel')).find(([guide]) => guide === 'VNeID')).toEqual([
      'VNeID',
      '≥ 5',
      '≥ 5',
      '0',
      '–',
      '–',
      '–',
    ]);
    await page.selectOption('#analysis-funnel-age', 'under_14');
    await page.waitForSelector(`${vneidRow} td:nth-child(2):text-is("ẩn")`);

    // A ward's funnel has its lines for all ages only, and says why.
    await page.selectOption('#analysis-ward', SAI_GON);
    await page.waitForSelector(`${vneidRow} td:nth-child(2):text-is("46")`);
    expect(await page.isDisabled('#analysis-funnel-age')).toBe(true);
    expect(await page.textContent('#analysis-funnel-note')).toBe(
      'Số liệu theo nhóm tuổi chỉ có cho toàn thành phố; đây là mọi lứa tuổi của phường, xã.',
    );
    await page.selectOption('#analysis-ward', '');

    // Today: no age split yet, said instead of an empty chart and of all-zero age lines.
    await page.selectOption('#analysis-range', 'today');
    await page.waitForSelector('#analysis-people:text-is("0")');
    const notYet = 'Số liệu theo nhóm tuổi được công bố khi ngày kết thúc, để không ai bị nhận ra.';
    await page.waitForSelector(`#analysis-age-coverage:text-is("${notYet}")`);
    expect(await page.isVisible('#analysis-age')).toBe(false);
    expect(await page.textContent('#analysis-funnel-note')).toBe(notYet);
    expect(await page.textContent(`${vneidRow} td:nth-child(2)`)).toBe('–');

    // Today's analysis follows the socket: a new visit shows without a reload.
    await post([{ id: randomUUID(), type: 'visit_started', occurredAt: kioskClock(), ageGroup: '65_74' }]);
    await page.waitForSelector('#analysis-people:text-is("1")', { timeout: 15_000 });
  });

  it("redraws today's map when the socket says the counts changed", async () => {
    const wardsRead = (people: number) =>
      page.waitForResponse(
        async (response) => {
          if (!response.url().includes('/api/v1/stats/wards')) return false;
          const { wards } = (await response.json()) as { wards: { wardCode: string; peopleReached: number }[] };
          return wards.find((ward) => ward.wardCode === SAI_GON)?.peopleReached === people;
        },
        { timeout: 15_000 },
      );
    // The first read shows the one visit so far; only a socket-driven reread can show the second.
    const firstRead = wardsRead(1);
    await page.click('#nav-map');
    await firstRead;
    await page.waitForSelector('#map-chart canvas');
    // Give the socket time to subscribe, then an event must bring a fresh read of the wards.
    await page.waitForTimeout(1_000);
    const reread = wardsRead(2);
    await post([{ id: randomUUID(), type: 'visit_started', occurredAt: kioskClock(), ageGroup: '65_74' }]);
    await reread;
  });
});
