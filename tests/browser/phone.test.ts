/// <reference lib="dom" />
// Some callbacks below run in the page, where the DOM is.
import type { Page } from 'playwright-core';
import { artifact, useDashboard } from '../support/browser';
import { takeCanvasText, waitForCanvasText } from '../support/canvas-text';
import { CATEGORY_LABELS, overlappingLabels } from '../support/chart-labels';
import { createKiosk, createUser, post, visits, waitForPeople } from './fixtures';

const PHONE = { width: 390, height: 844 };

/** A phone held upright (390 x 844): the header, the bar charts and the map's legend. */
describe('phone', () => {
  const test = useDashboard();
  let page: Page;

  beforeAll(async () => {
    const official = await createUser(test.url, 'official', 'city_official', null);
    const kiosk = await createKiosk(test.url, '26740', 'Nhà văn hóa khu phố 1');
    await post(test.url, kiosk.key, [
      ...visits(5, Date.now(), '65_74'),
      ...visits(2, Date.now(), '16_30', 'scam_awareness'),
    ]);
    await waitForPeople(test.url, {}, 7);
    page = await test.open(official, {
      viewport: PHONE,
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      canvasText: true,
    });
  });

  it('keeps the header and navigation to a fifth of the first screen', async () => {
    await page.waitForSelector('#kpi-people:text-is("7")');
    const bottom = await page.evaluate(() => document.querySelector('nav.nav')?.getBoundingClientRect().bottom ?? 0);
    await page.screenshot({ path: artifact('phone-header.png') });
    expect(bottom).toBeGreaterThan(0);
    expect(bottom).toBeLessThanOrEqual(PHONE.height / 5);
    // The first numbers are on the first screen.
    const kpi = await page.evaluate(() => document.querySelector('#kpi-people')?.getBoundingClientRect().bottom ?? 0);
    expect(kpi).toBeLessThanOrEqual(PHONE.height / 2);
  });

  it('draws the age and guide labels clear of each other, on the overview and in analysis', async () => {
    await waitForCanvasText(page, 'chart-guide', (text) => text === 'Nhận diện lừa đảo');
    await page.tap('#nav-analysis');
    await waitForCanvasText(page, 'analysis-guide', (text) => text === 'Nhận diện lừa đảo');
    await page.waitForLoadState('networkidle');
    const drawn = await takeCanvasText(page);
    expect(drawn.filter((item) => CATEGORY_LABELS.has(item.text)).length).toBeGreaterThan(0);
    expect(overlappingLabels(drawn)).toEqual([]);
  });

  it("puts the map's legend above the map, off the coast", async () => {
    await page.tap('#nav-map');
    await page.waitForSelector('#map-chart-table tbody tr', { state: 'attached' });
    // The legend's ends are its only numbers on the map: 0 and the highest count.
    const drawn = await waitForCanvasText(page, 'map-chart', (text) => text === '7');
    const box = await page.locator('#map-chart').boundingBox();
    const legend = drawn.filter((item) => item.text === '0' || item.text === '7');
    expect(legend.length).toBeGreaterThan(0);
    // Device pixels (scale 2): within the chart's top 64 CSS pixels, above the mainland.
    for (const item of legend) expect(item.y / 2).toBeLessThan(64);
    expect(box?.height).toBeGreaterThan(300);
    await page.screenshot({ path: artifact('phone-map.png') });
  });
});
