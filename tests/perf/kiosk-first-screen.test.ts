import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { artifact, useDashboard } from '../support/browser';
import { TABLET } from '../browser/kiosk-fixtures';

/*
 * The kiosk app's first screen on a slow tablet: a budget of time, so it runs in the perf tier,
 * after the others and one file at a time.
 *
 * The budget is a second on a cheap tablet, which Chromium's CPU throttled 4x stands for.
 * What this machine's Chromium needs to show any page drifts far more than that budget allows (the
 * same code measured 773 ms in one CI run and 1,565 ms in another), so the test holds the app to
 * what it adds: the same screen, copied as a static page with the same styles and fonts and no
 * script, is timed beside it in the same run, and the app may take at most 600 ms more than its
 * copy. Both times are logged and written to the artifact.
 */
const APP_SHARE_BUDGET_MS = 600;
describe('the kiosk app on a slow tablet', () => {
  const test = useDashboard();
  const STATIC_COPY = '/kiosk/first-screen-copy.html';

  /**
   * The first frame that shows the pairing code's field, timed by the page itself from the
   * navigation's start. A few lines put in before the page's own scripts look at each frame:
   * Playwright's own waiting would put its injected script (about 0.4 s of a throttled CPU) on the
   * page's main thread while the app starts, and time the test's tools with the app.
   */
  const recordFirstScreen = (page: Page) =>
    page.addInitScript(() => {
      const look = () => {
        if (document.querySelector('#pair-code:not([disabled])')) {
          (window as unknown as { firstScreenAt: number }).firstScreenAt = performance.now();
        } else requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });

  /** One cold start, in a fresh profile: milliseconds from the navigation's start to the code field. */
  const coldStart = async (path: string, copy: string): Promise<number> => {
    const page = await test.page({ viewport: TABLET });
    await page.route(`**${STATIC_COPY}`, (route) => route.fulfill({ contentType: 'text/html', body: copy }));
    await recordFirstScreen(page);
    // A ward's budget tablet: Chromium's own throttling, as Lighthouse's mobile runs use.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(`${test.url}${path}`, { waitUntil: 'commit' });
    // Asked only once the page has had time to time itself: asking sooner runs on its main thread.
    await page.waitForTimeout(1_500);
    const at = await page.waitForFunction(() => (window as unknown as { firstScreenAt?: number }).firstScreenAt);
    const milliseconds = Math.round(Number(await at.jsonValue()));
    await page.context().close();
    return milliseconds;
  };

  it('adds under 600 ms to what its first screen costs as a static page, on a CPU 4 times slower', async () => {
    // The first screen as it stands once drawn, its scripts taken out: the same page, styles and
    // fonts with no app to run, which no app can beat. Timed beside the app, it is what this
    // machine and this browser cost in the same run.
    const page = await test.page({ viewport: TABLET });
    await page.goto(`${test.url}/kiosk/`);
    await page.locator('#pair-code').waitFor();
    const copy = (await page.content()).replace(
      /<script\b[^>]*>[\s\S]*?<\/script>|<link rel="modulepreload"[^>]*>/g,
      '',
    );
    await page.context().close();

    // Turn about, seven of each, and the best of each: what else the machine runs only ever adds.
    const app: number[] = [];
    const staticCopy: number[] = [];
    for (let run = 0; run < 7; run++) {
      app.push(await coldStart('/kiosk/', copy));
      staticCopy.push(await coldStart(STATIC_COPY, copy));
    }
    const best = Math.min(...app);
    const floor = Math.min(...staticCopy);
    console.log(
      `kiosk app, first screen with the CPU throttled 4x: ${best} ms (runs: ${app.join(', ')} ms);` +
        ` the same screen as a static page: ${floor} ms (runs: ${staticCopy.join(', ')} ms)`,
    );
    writeFileSync(
      artifact('kiosk-first-screen.json'),
      JSON.stringify({ cpuThrottling: 4, best, runs: app, staticCopyBest: floor, staticCopy }, null, 2),
    );
    expect(best - floor).toBeLessThan(APP_SHARE_BUDGET_MS);
  });
});
