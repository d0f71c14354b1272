/// <reference lib="dom" />
// Some callbacks below run in the page, where the DOM is.
import { artifact, useDashboard, type Person } from '../support/browser';
import { createKiosk, createUser, post, visits, waitForPeople } from './fixtures';

const VIEWS = [
  ['nav-overview', 'board'],
  ['nav-analysis', 'analysis'],
  ['nav-map', 'map'],
  ['nav-kiosks', 'fleet'],
] as const;

/** The wall screen (?wall=1) and the layout on a phone. */
describe('wall screen and phone', () => {
  const test = useDashboard();
  let official: Person;

  beforeAll(async () => {
    const kiosk = await createKiosk(test.url, '26740', 'Nhà văn hóa khu phố 1');
    official = await createUser(test.url, 'official', 'city_official', null);
    await post(test.url, kiosk.key, visits(8, Date.now(), '65_74'));
    await waitForPeople(test.url, {}, 8);
  });

  it('rotates through the views in large type, and pauses on request', async () => {
    const page = await test.open(official, { viewport: { width: 1920, height: 1080 } });
    const normalSize = await page.$eval('#board .kpi h3', (element) => parseFloat(getComputedStyle(element).fontSize));
    expect(await page.isVisible('#wall-bar')).toBe(false);
    await page.click('#wall-open');
    await page.waitForSelector('#wall-bar', { state: 'visible' });
    expect(new URL(page.url()).searchParams.get('wall')).toBe('1');
    expect(await page.isVisible('#logout')).toBe(false);
    const wallSize = await page.$eval('#board .kpi h3', (element) => parseFloat(getComputedStyle(element).fontSize));
    expect(wallSize).toBeGreaterThanOrEqual(normalSize * 1.4);
    await page.waitForSelector('#kpi-people:text-is("8")');
    await page.waitForTimeout(1_500); // the bars' entrance animation
    await page.screenshot({ path: artifact('wall.png') });

    // Every 2 seconds the next view, in the same document.
    await page.goto(`${test.url}/?wall=1&every=2#/`);
    await page.waitForSelector('#wall-bar', { state: 'visible' });
    await page.evaluate(() => {
      const shown: string[] = [];
      Object.assign(window, { shown });
      // The view shown once the router has drawn it (a view's code may load on first use).
      window.addEventListener('hashchange', () =>
        window.setTimeout(() => shown.push(document.querySelector('#app main:not([hidden])')?.id ?? ''), 500),
      );
    });
    await page.waitForFunction(() => (window as unknown as { shown: string[] }).shown.length >= 4, undefined, {
      timeout: 20_000,
    });
    const shown = await page.evaluate(() => (window as unknown as { shown: string[] }).shown.slice(0, 4));
    expect(shown).toEqual(['analysis', 'map', 'fleet', 'board']);

    await page.click('#wall-pause');
    expect(await page.getAttribute('#wall-pause', 'aria-pressed')).toBe('true');
    const paused = await page.evaluate(() => location.hash);
    await page.waitForTimeout(4_500);
    expect(await page.evaluate(() => location.hash)).toBe(paused);

    // Full screen only from a user's gesture, as browsers require.
    await page.click('#wall-fullscreen');
    await page.waitForFunction(() => document.fullscreenElement === document.documentElement);
    await page.click('#wall-fullscreen');
    await page.waitForFunction(() => document.fullscreenElement === null);

    await page.click('#wall-exit');
    await page.waitForSelector('#wall-open', { state: 'visible' });
    expect(new URL(page.url()).searchParams.has('wall')).toBe(false);
    await page.context().close();
  });

  it('fits a phone: no view wider than the screen, and the navigation works by touch', async () => {
    const page = await test.open(official, {
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    await page.waitForSelector('#kpi-people:text-is("8")');
    expect(await page.isVisible('#wall-bar')).toBe(false);
    for (const [link, section] of VIEWS) {
      const box = await page.locator(`#${link}`).boundingBox();
      expect(box).not.toBeNull();
      // Inside the screen and big enough for a finger.
      expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= 390).toBe(true);
      expect(box?.height).toBeGreaterThanOrEqual(32);
      await page.tap(`#${link}`);
      await page.waitForSelector(`#${section}`, { state: 'visible' });
      // Let the view's data and charts arrive before measuring.
      await page.waitForLoadState('networkidle');
      const widths = await page.evaluate(() => ({
        content: document.documentElement.scrollWidth,
        screen: window.innerWidth,
      }));
      expect({ section, ...widths }).toEqual({ section, content: widths.screen, screen: 390 });
      if (section === 'board' || section === 'analysis')
        await page.screenshot({ path: artifact(`phone-${section}.png`) });
    }
    await page.context().close();
  });
});
