import { join } from 'node:path';
import { build } from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import { useDashboard } from '../support/browser';
import { call } from '../support/http';

const ROOT = join(__dirname, '../..');

/** The kiosk client as a kiosk's web app runs it: in Chromium, keeping events in IndexedDB. */
describe('kiosk client in a browser', () => {
  const test = useDashboard();
  let context: BrowserContext;
  let page: Page;
  let bundle: string;
  let key: string;
  const WARD = '25771';

  beforeAll(async () => {
    const built = await build({
      entryPoints: [join(ROOT, 'libs/kiosk-client/src/index.ts')],
      bundle: true,
      format: 'iife',
      globalName: 'KioskPulse',
      platform: 'browser',
      write: false,
      alias: { '@kiosk-pulse/contract': join(ROOT, 'libs/contract/src') },
    });
    bundle = built.outputFiles[0].text;
    key = (await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: WARD, label: 'Web kiosk' } })).body.key;
    context = await test.browser.newContext();
    page = await context.newPage();
  });

  /** A kiosk web app's page on the api's origin, with the client bundled into it. */
  const open = async () => {
    await page.route(`${test.url}/kiosk-app`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Kiosk</title>' }),
    );
    await page.goto(`${test.url}/kiosk-app`);
    await page.addScriptTag({ content: bundle });
    await page.evaluate((kioskKey) => {
      const { KioskClient, IndexedDbEventStore } = (globalThis as any).KioskPulse;
      (globalThis as any).kiosk = new KioskClient({
        apiUrl: (globalThis as any).location.origin,
        kioskKey,
        store: new IndexedDbEventStore('kiosk-pulse-test'),
        heartbeatIntervalMs: 0,
        sendDelayMs: 0,
        backoff: { baseMs: 50, maxMs: 200 },
      });
    }, key);
  };
  const status = () => page.evaluate(() => (globalThis as any).kiosk.status());
  const peopleReached = async () =>
    (await call(`${test.url}/api/v1/stats/summary?wardCode=${WARD}`)).body.peopleReached as number;

  it('keeps events through a page reload and sends them once, after the network comes back', async () => {
    await open();
    await context.setOffline(true);
    await page.evaluate(async () => {
      for (let i = 0; i < 7; i++) await (globalThis as any).kiosk.track({ type: 'visit_started', ageGroup: '60_64' });
      await (globalThis as any).kiosk.flush();
    });
    expect(await status()).toMatchObject({ pending: 7, sent: 0, failures: 1 });

    await context.setOffline(false);
    await open();
    expect(await status()).toMatchObject({ pending: 7, sent: 0, failures: 0 });
    await page.evaluate(() => (globalThis as any).kiosk.flush());
    expect(await status()).toMatchObject({ pending: 0, sent: 7 });

    let reached = 0;
    for (let attempt = 0; attempt < 100 && reached !== 7; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      reached = await peopleReached();
    }
    expect(reached).toBe(7);
  });
});
