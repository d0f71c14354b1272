import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { kioskClock } from '../../apps/api/src/demo/simulated-visit';
import { startTestApp, type TestApp } from '../support/app';
import { launchBrowser } from '../support/browser';
import { call } from '../support/http';

/** The analysis and map views in a real browser, against today's real events. */
describe('dashboard analytics', () => {
  let test: TestApp;
  let browser: Browser;
  let page: Page;
  let key: string;

  const post = async (events: object[]) => {
    const reply = await call(`${test.url}/api/v1/events`, { token: key, json: { events } });
    expect(reply.body.accepted).toBe(events.length);
  };
  const guideEvents = (count: number, ageGroup: string) =>
    Array.from({ length: count }, () => [
      { id: randomUUID(), type: 'guide_started', occurredAt: kioskClock(), guide: 'vneid', ageGroup },
      {
        id: randomUUID(),
        type: 'guide_completed',
        occurredAt: kioskClock(),
        guide: 'vneid',
        ageGroup,
        durationMs: 240_000,
      },
    ]).flat();

  beforeAll(async () => {
    test = await startTestApp();
    browser = await launchBrowser();
    key = (await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: '26740', label: 'Kiosk' } })).body.key;
    await call(`${test.url}/api/v1/users`, {
      json: { username: 'official', password: 'official-password', role: 'city_official', wardCode: null },
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${test.url}/`);
    await page.fill('#login-username', 'official');
    await page.fill('#login-password', 'official-password');
    await page.click('#login-submit');
    await page.waitForSelector('#current-user:has-text("official")');
  });

  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  it('shows the guide funnel for all ages and for one age group, small counts hidden', async () => {
    await post([...guideEvents(6, '60_64'), ...guideEvents(2, '16_30')]);
    await page.click('#nav-analysis');
    await page.selectOption('#analysis-range', 'today');
    const vneidRow = '#analysis-funnel tbody tr:has-text("VNeID")';
    await page.waitForSelector(`${vneidRow} td:nth-child(2):text-is("8")`);
    await page.selectOption('#analysis-funnel-age', '60_64');
    await page.waitForSelector(`${vneidRow} td:nth-child(2):text-is("6")`);
    expect(await page.textContent(`${vneidRow} td:nth-child(5)`)).toBe('100%');
    await page.selectOption('#analysis-funnel-age', '16_30');
    await page.waitForSelector(`${vneidRow} td:nth-child(2):text-is("<5")`);
    // Rate and durations would tell the hidden counts.
    expect(await page.textContent(`${vneidRow} td:nth-child(5)`)).toBe('–');
    expect(await page.textContent(`${vneidRow} td:nth-child(6)`)).toBe('–');

    // Today's analysis follows the socket: a new visit shows without a reload.
    await page.waitForSelector('#analysis-people:text-is("0")');
    await post([{ id: randomUUID(), type: 'visit_started', occurredAt: kioskClock(), ageGroup: '65_74' }]);
    await page.waitForSelector('#analysis-people:text-is("1")', { timeout: 15_000 });
  });

  it("redraws today's map when the socket says the counts changed", async () => {
    await page.click('#nav-map');
    await page.waitForSelector('#map-chart canvas');
    // Give the socket time to subscribe, then an event must bring a fresh read of the wards.
    await page.waitForTimeout(1_000);
    const reread = page.waitForResponse((response) => response.url().includes('/api/v1/stats/wards'), {
      timeout: 15_000,
    });
    await post([{ id: randomUUID(), type: 'visit_started', occurredAt: kioskClock(), ageGroup: '65_74' }]);
    const response = await reread;
    const { wards } = (await response.json()) as { wards: { wardCode: string; peopleReached: number }[] };
    expect(wards.find((ward) => ward.wardCode === '26740')?.peopleReached).toBe(2);
  });
});
