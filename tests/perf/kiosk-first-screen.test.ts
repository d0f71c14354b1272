import { writeFileSync } from 'node:fs';
import { artifact, useDashboard } from '../support/browser';
import { TABLET } from '../browser/kiosk-fixtures';

/*
 * The kiosk app's first screen on a slow tablet: a budget of time, so it runs in the perf tier,
 * after the others and one file at a time, where another suite's load cannot fail it.
 */
describe('the kiosk app on a slow tablet', () => {
  const test = useDashboard();

  it('shows its first screen within a second on a CPU 4 times slower', async () => {
    /** One cold start, in a fresh profile: milliseconds from the navigation's start to the code field. */
    const coldStart = async (): Promise<number> => {
      const page = await test.page({ viewport: TABLET });
      // A ward's budget tablet: Chromium's own throttling, as Lighthouse's mobile runs use.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await page.goto(`${test.url}/kiosk/`, { waitUntil: 'commit' });
      // Timed by the page itself, each frame: not the test's round trips to it.
      const at = await page.waitForFunction(
        () => document.querySelector('#pair-code:not([disabled])') && performance.now(),
        undefined,
        { polling: 'raf' },
      );
      const milliseconds = Math.round(Number(await at.jsonValue()));
      await page.context().close();
      return milliseconds;
    };
    // The best of five: what else the machine runs (CI runs other suites beside this one) only
    // ever adds to a run's time.
    const runs: number[] = [];
    for (let run = 0; run < 5; run++) runs.push(await coldStart());
    const best = Math.min(...runs);
    console.log(`kiosk app, first screen with the CPU throttled 4x: ${best} ms (runs: ${runs.join(', ')} ms)`);
    writeFileSync(artifact('kiosk-first-screen.json'), JSON.stringify({ cpuThrottling: 4, best, runs }, null, 2));
    expect(best).toBeLessThan(1_000);
  });
});
