/// <reference lib="dom" />
// Some callbacks below run in the page, where the DOM is.
import type { Page } from 'playwright-core';
import { useDashboard, type Person } from '../support/browser';
import { takeCanvasText, waitForCanvasText, type DrawnText } from '../support/canvas-text';
import { call } from '../support/http';
import { afterFrames, CHANH_HIEP, createKiosk, createUser, post, SAI_GON, visits, waitForPeople } from './fixtures';

/** Waits until the own ward's name is drawn somewhere else than `from`. */
async function waitForLabelMoved(page: Page, from: DrawnText | undefined): Promise<DrawnText | undefined> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const moved = (await takeCanvasText(page, 'map-chart')).filter(
      (item) => item.text === 'Phường Sài Gòn' && Math.abs(item.left - (from?.left ?? 0)) > 5,
    );
    if (moved.length > 0) return moved.at(-1);
    if (Date.now() > deadline) throw new Error('the map did not zoom');
    await page.waitForTimeout(100);
  }
}

/** The city map: zoom, the user's own ward, leaving it cleanly; and the page's icon. */
describe('city map', () => {
  const test = useDashboard();
  let official: Person;
  let staff: Person;

  beforeAll(async () => {
    const kiosk = await createKiosk(test.url, SAI_GON, 'Nhà văn hóa khu phố 1');
    await createKiosk(test.url, CHANH_HIEP, 'UBND phường');
    official = await createUser(test.url, 'official', 'city_official', null);
    staff = await createUser(test.url, 'ward.saigon', 'ward_staff', SAI_GON);
    await post(test.url, kiosk.key, visits(5, Date.now(), '65_74'));
    await waitForPeople(test.url, {}, 5);
  });

  it('leaves the map, and comes back to it, without an error in the page', async () => {
    const page = await test.page({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
    await test.signIn(page, official);
    for (let round = 0; round < 2; round++) {
      await page.click('#nav-map');
      await page.waitForSelector('#map-chart canvas');
      await page.waitForSelector('#map-chart-table tbody tr', { state: 'attached' });
      await page.click('#nav-overview');
      await page.waitForSelector('#map', { state: 'hidden' });
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.click('#nav-analysis');
      await page.waitForSelector('#analysis-trend canvas');
      await page.setViewportSize({ width: 1440, height: 900 });
    }
    // Whatever the page does on a resize has run once two frames have passed.
    await afterFrames(page);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('zooms with the wheel, and shows the whole city again on request', async () => {
    const page = await test.open(staff, { viewport: { width: 1440, height: 900 }, canvasText: true });
    await page.click('#nav-map');
    // The own ward's name is drawn on it: where it lands tells how the map is zoomed.
    const own = (drawn: DrawnText[]) => drawn.filter((item) => item.text === 'Phường Sài Gòn').at(-1);
    const first = own(await waitForCanvasText(page, 'map-chart', (text) => text === 'Phường Sài Gòn'));
    const box = await page.locator('#map-chart').boundingBox();
    await page.mouse.move((box?.x ?? 0) + (box?.width ?? 0) * 0.3, (box?.y ?? 0) + (box?.height ?? 0) * 0.3);
    await page.mouse.wheel(0, -400);
    const zoomed = await waitForLabelMoved(page, first);
    expect(Math.abs((zoomed?.left ?? 0) - (first?.left ?? 0))).toBeGreaterThan(5);

    await takeCanvasText(page);
    await page.click('#map-reset');
    await waitForCanvasText(page, 'map-chart', (text) => text === 'Phường Sài Gòn');
    await page.waitForFunction(
      (left) =>
        (window as unknown as { __drawnText: DrawnText[] }).__drawnText.some(
          (item) => item.text === 'Phường Sài Gòn' && Math.abs(item.left - left) < 1,
        ),
      first?.left ?? -1,
    );
    await page.context().close();
  });

  it("outlines and names a ward staff member's own ward, and links only the wards they may open", async () => {
    const page = await test.open(staff, { viewport: { width: 1440, height: 900 }, canvasText: true });
    await page.click('#nav-map');
    await waitForCanvasText(page, 'map-chart', (text) => text === 'Phường Sài Gòn');
    await page.waitForSelector('#map-chart-table tbody tr', { state: 'attached' });
    const links = await page.$$eval('#map-chart-table a', (anchors) => anchors.map((a) => a.getAttribute('href')));
    expect(links).toEqual([`/?ward=${SAI_GON}#/`]);
    await page.context().close();
  });

  it('says it is loading while the figures are on their way', async () => {
    const page = await test.open(official, { viewport: { width: 1440, height: 900 }, canvasText: true });
    // The ward figures are held in the browser until the map has said it is loading.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/v1/stats/wards*', async (route) => {
      await released;
      await route.continue();
    });
    await page.click('#nav-map');
    await waitForCanvasText(page, 'map-chart', (text) => text === 'Đang tải…');
    expect(await page.$$eval('#map-chart-table tbody tr', (rows) => rows.length)).toBe(0);
    release();
    await page.waitForSelector('#map-chart-table tbody tr', { state: 'attached' });
    await page.context().close();
  });

  it('serves an icon at /favicon.ico, and the page names it', async () => {
    const icon = await call(`${test.url}/favicon.ico`, { token: null });
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/^image\//);
    const page = await test.browser.newPage();
    const failed: string[] = [];
    page.on('response', (response) => response.status() >= 400 && failed.push(response.url()));
    await page.goto(`${test.url}/`);
    await page.waitForSelector('#login-username');
    expect(await page.getAttribute('link[rel="icon"]', 'href')).toBeTruthy();
    expect(failed).toEqual([]);
    await page.close();
  });
});
