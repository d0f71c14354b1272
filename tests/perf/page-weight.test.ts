/// <reference lib="dom" />
// Some callbacks below run in the page, where the DOM is.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { artifact, useDashboard } from '../support/browser';
import { call } from '../support/http';
import { createKiosk, createUser, post, visits, waitForPeople } from '../browser/fixtures';

const ASSETS = join(__dirname, '../../dist/dashboard/assets');
const LOADS = 5;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The dashboard's weight as built (npm run build:dashboard) and how soon it shows something on localhost. */
describe('dashboard page weight and first paint', () => {
  const test = useDashboard();

  it('ships less than 500 KB of gzipped JavaScript, all chunks counted', () => {
    if (!existsSync(ASSETS)) throw new Error(`no ${ASSETS}: run npm run build:dashboard first`);
    const scripts = readdirSync(ASSETS)
      .filter((name) => name.endsWith('.js'))
      .map((name) => {
        const bytes = readFileSync(join(ASSETS, name));
        return { name, bytes: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
      });
    expect(scripts.length).toBeGreaterThan(0);
    const gzipped = scripts.reduce((sum, script) => sum + script.gzipped, 0);
    writeFileSync(artifact('page-weight.json'), JSON.stringify({ scripts, gzipped }, null, 2));
    expect(gzipped).toBeLessThan(500 * 1024);
  });

  it("paints within a second, and shows today's numbers about as soon", async () => {
    const kiosk = await createKiosk(test.url, '26740', 'Nhà văn hóa khu phố 1');
    const official = await createUser(test.url, 'official', 'city_official', null);
    await post(test.url, kiosk.key, visits(5, Date.now(), '65_74'));
    await waitForPeople(test.url, {}, 5);
    const { token } = (await call(`${test.url}/api/v1/auth/login`, { token: null, json: official })).body;

    const loads: { firstContentfulPaint: number; firstCounts: number }[] = [];
    for (let load = 0; load < LOADS; load++) {
      // A new context each time: an empty cache, as on a first visit. The #token= link signs in.
      const page = await test.page();
      await page.goto(`${test.url}/#token=${token}`);
      await page.waitForSelector('#kpi-people:text-is("5")');
      loads.push(
        await page.evaluate(() => ({
          firstContentfulPaint:
            performance.getEntriesByType('paint').find((entry) => entry.name === 'first-contentful-paint')?.startTime ??
            Infinity,
          firstCounts: performance.getEntriesByName('kiosk-pulse:first-counts')[0]?.startTime ?? Infinity,
        })),
      );
      await page.context().close();
    }
    const figures = {
      loads,
      medianFirstContentfulPaintMs: Math.round(median(loads.map((load) => load.firstContentfulPaint))),
      medianFirstCountsMs: Math.round(median(loads.map((load) => load.firstCounts))),
      bestFirstCountsMs: Math.round(Math.min(...loads.map((load) => load.firstCounts))),
    };
    writeFileSync(artifact('first-paint.json'), JSON.stringify(figures, null, 2));
    expect(figures.medianFirstContentfulPaintMs).toBeLessThan(1_000);
    // The numbers need the socket's handshake and a database read on top: 0.85-0.95 s on a quiet
    // 2-core machine, 1.2-1.7 s while other work hogs its cores (docs/dashboard.md). This bound
    // only catches a real slowdown.
    expect(figures.medianFirstCountsMs).toBeLessThan(2_000);
  });
});
