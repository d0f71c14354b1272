/// <reference lib="dom" />
// Some callbacks below run in the page, where the DOM is.
import type { Page } from 'playwright-core';
import { artifact, useDashboard, type Person } from '../support/browser';
import { takeCanvasText } from '../support/canvas-text';
import { CATEGORY_LABELS, overlappingLabels } from '../support/chart-labels';
import { createKiosk, createUser, post, visits, waitForPeople } from './fixtures';

/** The wall screen's views, and what shows that each has its figures. */
const VIEWS = [
  ['#/', 'board', '#ranking a'],
  ['#/analysis', 'analysis', '#analysis-wards canvas'],
  ['#/map', 'map', '#map-chart-table tbody tr'],
  ['#/kiosks', 'fleet', '#kiosk-table tbody tr'],
] as const;

const SCREENS = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
] as const;

/** The wall screen (?wall=1): each view on one 16:9 screen, nothing below the fold. */
describe('wall screen fit', () => {
  const test = useDashboard();
  let official: Person;

  beforeAll(async () => {
    official = await createUser(test.url, 'official', 'city_official', null);
    const wards = ['26740', '25771', '26977', '25945', '26686', '27226'];
    let people = 0;
    for (const [index, ward] of wards.entries()) {
      const kiosk = await createKiosk(test.url, ward, `Kiosk ${index + 1} Nhà văn hóa khu phố`);
      await post(test.url, kiosk.key, [
        ...visits(3 + index, Date.now(), '65_74'),
        ...visits(2, Date.now(), '16_30', 'scam_awareness'),
        ...visits(1, Date.now(), 'under_14', 'public_services'),
      ]);
      people += 6 + index;
    }
    await waitForPeople(test.url, {}, people);
  });

  const open = (viewport: { width: number; height: number }): Promise<Page> =>
    test.open(official, { viewport, canvasText: true });

  it.each(SCREENS)('fits every wall view on a $width x $height screen', async (viewport) => {
    const page = await open(viewport);
    const heights: Record<string, number> = {};
    for (const [hash, section, ready] of VIEWS) {
      // A rotation slower than the test: each view is shown by its address.
      await page.goto(`${test.url}/?wall=1&every=3600${hash}`);
      await page.waitForSelector(`#${section}`, { state: 'visible' });
      await page.waitForSelector(ready, { state: 'attached' });
      await page.waitForLoadState('networkidle');
      heights[section] = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.screenshot({ path: artifact(`wall-${viewport.width}x${viewport.height}-${section}.png`) });
    }
    expect(heights).toEqual(Object.fromEntries(VIEWS.map(([, section]) => [section, viewport.height])));
    await page.context().close();
  });

  it.each([{ width: 1440, height: 900 }, ...SCREENS])(
    'draws the bar charts’ labels clear of each other at $width x $height',
    async (viewport) => {
      const page = await open(viewport);
      for (const [hash, section, ready] of VIEWS.slice(0, 2)) {
        await page.goto(`${test.url}/?wall=1&every=3600${hash}`);
        await page.waitForSelector(`#${section}`, { state: 'visible' });
        await page.waitForSelector(ready, { state: 'attached' });
        await page.waitForLoadState('networkidle');
      }
      const drawn = await takeCanvasText(page);
      expect(drawn.filter((item) => CATEGORY_LABELS.has(item.text)).length).toBeGreaterThan(0);
      expect(overlappingLabels(drawn)).toEqual([]);
      await page.context().close();
    },
  );
});
