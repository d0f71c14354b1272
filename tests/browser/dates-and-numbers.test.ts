/// <reference lib="dom" />
// Some callbacks below run in the page, where the DOM is.
import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { kioskClock } from '@kiosk-pulse/demo';
import { artifact, useDashboard, type Person } from '../support/browser';
import { takeCanvasText, waitForCanvasText } from '../support/canvas-text';
import { cityDay, createKiosk, createUser, post, SAI_GON, visits, waitForPeople, written } from './fixtures';

/** The start of today in the city (UTC+7, no daylight saving), as an instant. */
const cityMidnight = (): number => Date.parse(`${cityDay(0)}T00:00:00+07:00`);

/**
 * Dates and numbers as a person reads them, in a browser whose own zone is UTC: every day and
 * hour is the city's (data right around the city's midnight, which UTC puts on the day before),
 * and every figure, on the page and on the charts, is written one way per language.
 */
describe('dashboard dates and numbers', () => {
  const test = useDashboard({ config: { kioskUsageLimits: { perMinute: 100_000, perDay: 100_000 } } });
  let admin: Person;
  // Just after the city's midnight: still yesterday in UTC (17:00 UTC is the city's 00:00).
  const justAfter = Math.min(cityMidnight() + 60_000, Date.now());
  const justBefore = cityMidnight() - 60_000;

  beforeAll(async () => {
    const kiosk = await createKiosk(test.url, SAI_GON, 'Nhà văn hóa khu phố 1');
    admin = await createUser(test.url, 'admin-dates', 'admin', null);
    const at = kioskClock(justAfter);
    await post(test.url, kiosk.key, [
      // Over a thousand: where thousands separators show, on the page and on the charts.
      ...visits(1234, justAfter, '65_74'),
      // One of three guides completed: a rate with a decimal (33.3%).
      ...visits(1, justAfter, '45_59', 'scam_awareness'),
      { id: randomUUID(), type: 'guide_started', occurredAt: at, guide: 'scam_awareness', ageGroup: '45_59' },
      { id: randomUUID(), type: 'guide_started', occurredAt: at, guide: 'scam_awareness', ageGroup: '45_59' },
      ...visits(2, justBefore, '31_44'),
    ]);
    await waitForPeople(test.url, { from: cityDay(-6), to: cityDay(1) }, 1237);
  }, 120_000);

  async function open(language: 'vi' | 'en'): Promise<{ context: BrowserContext; page: Page }> {
    const page = await test.open(admin, {
      viewport: { width: 1440, height: 900 },
      timezoneId: 'UTC',
      canvasText: true,
      language,
    });
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('UTC');
    return { context: page.context(), page };
  }

  const rows = (page: Page, selector: string): Promise<string[][]> =>
    page.$$eval(`${selector} tbody tr`, (trs) =>
      trs.map((tr) =>
        // Some ICU versions write September "Sept" in en-GB, others "Sep".
        [...tr.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim().replace('Sept', 'Sep')),
      ),
    );

  const cases = [
    {
      language: 'vi' as const,
      thousands: '1.234',
      people: '1.237',
      rate: /^33,3\s?%$/,
      minutes: /^5 phút$/,
      // 1,234 with the wrong separator for the language.
      foreign: /^\d{1,3}(,\d{3})+$/,
      monday: 'Thứ Hai',
      sunday: 'Chủ Nhật',
      median: 'Trung vị',
      p90: 'Thời gian (phân vị 90)',
      dateTime: /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/,
    },
    {
      language: 'en' as const,
      thousands: '1,234',
      people: '1,237',
      rate: /^33\.3\s?%$/,
      minutes: /^5 min/,
      foreign: /^\d{1,3}(\.\d{3})+$/,
      monday: 'Monday',
      sunday: 'Sunday',
      median: 'Median',
      p90: 'Duration (90th percentile)',
      dateTime: /^\d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2}$/,
    },
  ];

  it.each(cases)(
    'writes the city’s days and hours and the $language numbers on the analysis view',
    async ({ language, thousands, people, rate, minutes, foreign, monday, sunday, median, p90 }) => {
      const { context, page } = await open(language);
      await page.click('#nav-analysis');
      await page.selectOption('#analysis-range', '7d');
      await page.waitForSelector(`#analysis-people:text-is("${people}")`, { timeout: 20_000 });

      // The trend by day: today's figures under today's city date, the minute before midnight under yesterday's.
      await page.waitForFunction(
        (today) =>
          [...document.querySelectorAll('#analysis-trend-table tbody th')].some((th) => th.textContent === today),
        written(cityDay(0), language),
      );
      const trend = new Map((await rows(page, '#analysis-trend-table')).map(([day, value]) => [day, value]));
      expect(trend.get(written(cityDay(0), language))).toBe(thousands.replace('234', '235'));
      expect(trend.get(written(cityDay(-1), language))).toBe('2');
      expect(trend.size).toBe(7);

      // Numbers on the charts as on the page: bar labels and axis ticks grouped the language's way.
      // (The guides: the week's 1,236 VNeID guides. Its ages are published per closed period only.)
      const guides = await waitForCanvasText(
        page,
        'analysis-guide',
        (text) => text === thousands.replace('234', '236'),
      );
      expect(guides.map((item) => item.text).filter((text) => foreign.test(text))).toEqual([]);
      const trendText = await waitForCanvasText(page, 'analysis-trend', (text) => /\d/.test(text));
      expect(trendText.map((item) => item.text).filter((text) => foreign.test(text))).toEqual([]);
      // Its axis writes today's date as the table does, without the year.
      const dayTick = written(cityDay(0), language).replace(/[/ ]\d{4}$/, '');
      expect(trendText.map((item) => item.text.replace('Sept', 'Sep'))).toContain(dayTick);

      // The heat map: weekdays named, Monday at the top; its legend says how many a shade is.
      const heat = await waitForCanvasText(
        page,
        'analysis-heatmap',
        (text) => text === thousands.replace('234', '235'),
      );
      const y = (name: string) => heat.find((item) => item.text === name)?.y ?? NaN;
      expect(y(monday)).toBeLessThan(y(sunday));
      expect(heat.some((item) => item.text === '0')).toBe(true);

      // The median line's label names its value and stays inside the chart.
      const wards = await waitForCanvasText(page, 'analysis-wards', (text) => text.startsWith(median));
      for (const label of wards.filter((item) => item.text.startsWith(median))) {
        expect(label.text).toMatch(new RegExp(`^${median}: \\d`));
        expect(label.left).toBeGreaterThanOrEqual(0);
        expect(label.right).toBeLessThanOrEqual(label.canvasWidth);
      }

      // Rates and durations in the funnel, under headings that say what they are.
      const funnelHeads = await page.$$eval('#analysis-funnel thead th', (ths) => ths.map((th) => th.textContent));
      expect(funnelHeads[6]).toBe(p90);
      // The panel's heading stands apart from its age control, which is no part of it.
      expect(await page.$('h3 label[for="analysis-funnel-age"]')).toBeNull();
      const apart = await page.evaluate(() => {
        const label = document.querySelector('label[for="analysis-funnel-age"]')?.getBoundingClientRect();
        const panel = document.querySelector('#analysis-funnel')?.closest('section');
        const walker = document.createTreeWalker(panel ?? document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (!/Tỷ lệ hoàn thành hướng dẫn|Guide completion/.test(node.textContent ?? '')) continue;
          const range = document.createRange();
          range.selectNodeContents(node);
          const title = range.getBoundingClientRect();
          return label ? { gap: label.left - title.right, below: label.top >= title.bottom } : null;
        }
        return null;
      });
      expect(apart).not.toBeNull();
      expect(apart!.below || apart!.gap >= 16).toBe(true);
      const funnel = await rows(page, '#analysis-funnel');
      const scams = funnel.find(([guide]) => guide === (language === 'vi' ? 'Nhận diện lừa đảo' : 'Scam awareness'));
      expect(scams?.[4]).toMatch(rate);
      // Durations on a line completed often enough (docs/privacy.md): the 1,236 VNeID guides.
      expect(funnel.find(([guide]) => guide === 'VNeID')?.[5]).toMatch(minutes);

      await page.screenshot({ path: artifact(`analysis-7d-${language}.png`), fullPage: true });

      // Today by hour: the first hour of the city's day holds what happened a minute after midnight.
      await takeCanvasText(page);
      await page.selectOption('#analysis-range', 'today');
      const midnightRow = `${written(cityDay(0), language)}${language === 'en' ? ',' : ''} 00:00`;
      await page.waitForFunction(
        (label) =>
          [...document.querySelectorAll('#analysis-trend-table tbody th')].some((th) => th.textContent === label),
        midnightRow,
      );
      const hours = new Map((await rows(page, '#analysis-trend-table')).map(([hour, value]) => [hour, value]));
      expect(hours.get(midnightRow)).toBe(thousands.replace('234', '235'));
      const hourTicks = await waitForCanvasText(page, 'analysis-trend', (text) => text === '00:00');
      // Every hour on the axis is a city hour that has begun (the chart stops at now, so at 00:30
      // in the city 00:00 is the only one; UTC hours would run 7 hours behind and show 17:00).
      const cityHourNow = Number(
        new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', hourCycle: 'h23' }).format(
          Date.now(),
        ),
      );
      const ticks = hourTicks.map((item) => item.text).filter((text) => /^\d{2}:\d{2}$/.test(text));
      expect(ticks.every((text) => text.endsWith(':00') && Number(text.slice(0, 2)) <= cityHourNow)).toBe(true);

      // The map's legend: numbers, not words.
      await page.click('#nav-map');
      const map = await waitForCanvasText(page, 'map-chart', (text) => text === thousands.replace('234', '235'));
      expect(map.some((item) => item.text === '0')).toBe(true);
      await page.screenshot({ path: artifact(`map-${language}.png`) });
      await context.close();
    },
  );

  it('writes one date-time style on the fleet, a kiosk and the audit log', async () => {
    for (const { language, dateTime } of cases) {
      const { context, page } = await open(language);
      await page.evaluate(() => (location.hash = '#/kiosks'));
      await page.waitForSelector('#kiosk-table tbody tr[data-kiosk]');
      const lastSeen = await page.$$eval('#kiosk-table tbody tr[data-kiosk] td:nth-child(4)', (tds) =>
        tds.map((td) => td.textContent ?? ''),
      );
      expect(lastSeen.length).toBeGreaterThan(0);
      for (const text of lastSeen) expect(text).toMatch(dateTime);
      await page.click('#kiosk-table tbody tr[data-kiosk] a');
      await page.waitForSelector('#kiosk-details:not([hidden])');
      const facts = await page.$$eval('#kiosk-facts dd', (dds) => dds.map((dd) => dd.textContent ?? ''));
      expect(facts.some((text) => dateTime.test(text))).toBe(true);
      await page.evaluate(() => (location.hash = '#/users'));
      await page.waitForSelector('#audit-table tbody tr td');
      const times = await page.$$eval('#audit-table tbody tr td:first-child', (tds) =>
        tds.map((td) => td.textContent ?? ''),
      );
      expect(times.length).toBeGreaterThan(0);
      for (const text of times) expect(text).toMatch(dateTime);
      await context.close();
    }
  });

  it('writes the overview’s KPIs, hours and date the same way', async () => {
    for (const { language, people, thousands, foreign } of cases) {
      const { context, page } = await open(language);
      await page.waitForSelector(`#kpi-people:text-is("${people.replace('237', '235')}")`);
      // The header's date is the city's today, in the one date style.
      expect(await page.textContent('#today')).toContain(written(cityDay(0), language));
      const hourly = await waitForCanvasText(page, 'chart-hourly', (text) => text === '00:00');
      expect(hourly.map((item) => item.text).filter((text) => foreign.test(text))).toEqual([]);
      const guides = await waitForCanvasText(page, 'chart-guide', (text) => text === thousands);
      expect(guides.map((item) => item.text).filter((text) => foreign.test(text))).toEqual([]);
      await context.close();
    }
  });
});
