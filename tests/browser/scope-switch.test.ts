/// <reference lib="dom" />
// Some callbacks below run in the page, where the DOM is.
import type { Page, Request, Route } from 'playwright-core';
import { useDashboard, type Person } from '../support/browser';
import { takeCanvasText, waitForCanvasText } from '../support/canvas-text';
import { call } from '../support/http';
import {
  afterFrames,
  CHANH_HIEP,
  createKiosk,
  createUser,
  post,
  SAI_GON,
  shown,
  visits,
  waitForPeople,
} from './fixtures';

/**
 * Holds the real server's answers to the requests `hold` picks until released: the answer for
 * the scope chosen first comes last, as a slow answer for the whole city does.
 */
class Gate {
  private readonly held: { route: Route; request: Request }[] = [];
  private readonly waiting: (() => void)[] = [];
  /** Requests the page has had its answer to, or has given up. */
  private readonly settled = new Set<Request>();
  private readonly settling: (() => void)[] = [];

  constructor(
    private readonly page: Page,
    private readonly hold: (url: URL) => boolean,
  ) {
    const settle = (request: Request) => {
      this.settled.add(request);
      for (const wake of this.settling.splice(0)) wake();
    };
    page.on('requestfinished', settle);
    page.on('requestfailed', settle);
  }

  private async settledOf(request: Request): Promise<void> {
    while (!this.settled.has(request)) await new Promise<void>((resolve) => this.settling.push(resolve));
  }

  async install(pattern: string): Promise<void> {
    await this.page.route(pattern, async (route, request) => {
      if (!this.hold(new URL(request.url()))) return route.continue();
      this.held.push({ route, request });
      for (const wake of this.waiting.splice(0)) wake();
    });
  }

  /** Resolves once a request is held. */
  async first(): Promise<void> {
    if (this.held.length > 0) return;
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /**
   * Lets the held requests have the server's real answers, and waits until the page has each
   * one (or gave it up), then until the page has drawn what it does with them.
   */
  async release(): Promise<number> {
    const held = this.held.splice(0);
    await Promise.all(
      held.map(async ({ route, request }) => {
        try {
          const response = await route.fetch();
          await route.fulfill({ response });
        } catch {
          // The page gave the request up: nothing will come of it.
        }
        await this.settledOf(request);
      }),
    );
    // What the page does with an answer runs within a few tasks of it; two frames cover that.
    await afterFrames(this.page);
    return held.length;
  }
}

/** Switching scope while an older answer is still on its way: the screen shows the last choice. */
describe('switching scope quickly', () => {
  const test = useDashboard();
  let official: Person;

  const tableColumn = (page: Page, selector: string) =>
    page.$$eval(selector, (cells) => cells.map((cell) => cell.textContent ?? '').join(','));

  beforeAll(async () => {
    const saiGon = await createKiosk(test.url, SAI_GON, 'Nhà văn hóa khu phố 1');
    const chanhHiep = await createKiosk(test.url, CHANH_HIEP, 'UBND phường');
    official = await createUser(test.url, 'official', 'city_official', null);
    const now = Date.now();
    await post(test.url, saiGon.key, visits(9, now, '65_74'));
    await post(test.url, chanhHiep.key, visits(3, now, '60_64', 'public_services'));
    await waitForPeople(test.url, {}, 12);
  });

  it("overview: the city's slow hourly answer never replaces the ward's", async () => {
    const page = await test.page();
    const cityHours = new Gate(
      page,
      (url) => url.pathname === '/api/v1/stats/timeseries' && !url.searchParams.has('wardCode'),
    );
    await cityHours.install('**/api/v1/stats/timeseries*');
    await test.signIn(page, official);
    await page.waitForSelector('#kpi-people:text-is("12")');
    await cityHours.first();

    await page.selectOption('#ward', CHANH_HIEP);
    const { points } = (
      await call(`${test.url}/api/v1/stats/timeseries?metric=peopleReached&bucket=hour&wardCode=${CHANH_HIEP}`)
    ).body as { points: { value: number }[] };
    const ward = points.map((point) => shown(point.value)).join(',');
    const hourlyPeople = '#chart-hourly-table tbody tr td:nth-of-type(1)';
    await page.waitForFunction(
      ([selector, expected]) =>
        [...document.querySelectorAll(selector)].map((cell) => cell.textContent).join(',') === expected,
      [hourlyPeople, ward] as const,
    );
    expect(await cityHours.release()).toBeGreaterThan(0);

    expect(await tableColumn(page, hourlyPeople)).toBe(ward);
    expect(await page.textContent('#scope-title')).toContain('Chánh Hiệp');
    await page.waitForSelector('#kpi-people:text-is("3")');
    await page.context().close();
  });

  it('overview: a slow answer for the new scope shows as loading, never as the old figures', async () => {
    const page = await test.page({ canvasText: true });
    const wardHours = new Gate(
      page,
      (url) => url.pathname === '/api/v1/stats/timeseries' && url.searchParams.get('wardCode') === CHANH_HIEP,
    );
    await wardHours.install('**/api/v1/stats/timeseries*');
    await test.signIn(page, official);
    await page.waitForSelector('#kpi-people:text-is("12")');
    await page.waitForSelector('#chart-hourly-table tbody tr', { state: 'attached' });
    await takeCanvasText(page);

    await page.selectOption('#ward', CHANH_HIEP);
    await wardHours.first();
    await waitForCanvasText(page, 'chart-hourly', (text) => text === 'Đang tải…');
    expect(await page.$$eval('#chart-hourly-table tbody tr', (rows) => rows.length)).toBe(0);
    expect(await wardHours.release()).toBeGreaterThan(0);
    await page.waitForSelector('#chart-hourly-table tbody tr', { state: 'attached' });
    await page.waitForSelector('#kpi-people:text-is("3")');
    await page.context().close();
  });

  it('analysis: a CSV asked for before the scope changed is not handed over', async () => {
    const page = await test.page();
    const cityCsv = new Gate(page, (url) => url.searchParams.get('format') === 'csv');
    await cityCsv.install('**/api/v1/stats/summary*');
    const downloads: string[] = [];
    page.on('download', (download) => downloads.push(download.suggestedFilename()));
    await test.signIn(page, official);
    await page.click('#nav-analysis');
    await page.waitForSelector('#analysis-people:text-is("12")');
    await page.click('#csv-summary');
    await cityCsv.first();
    await page.selectOption('#analysis-ward', SAI_GON);
    await page.waitForSelector('#analysis-people:text-is("9")');
    expect(await cityCsv.release()).toBe(1);
    expect(downloads).toEqual([]);

    // Asked for under the choices on screen, it comes.
    const download = page.waitForEvent('download');
    await page.click('#csv-summary');
    await cityCsv.first();
    await cityCsv.release();
    expect((await download).suggestedFilename()).toContain(SAI_GON);
    await page.context().close();
  });

  it("analysis: the ward's figures come without waiting for the city's, and stay", async () => {
    const page = await test.page();
    const citySummary = new Gate(
      page,
      (url) => url.pathname === '/api/v1/stats/summary' && !url.searchParams.has('wardCode'),
    );
    await citySummary.install('**/api/v1/stats/summary*');
    await test.signIn(page, official);
    await page.click('#nav-analysis');
    await citySummary.first();
    // A slow answer: the page says it is coming.
    await page.waitForSelector('#analysis-status:text-is("Đang tải…")');
    expect(await page.getAttribute('#analysis', 'aria-busy')).toBe('true');

    await page.selectOption('#analysis-ward', SAI_GON);
    await page.waitForSelector('#analysis-people:text-is("9")');
    expect(await citySummary.release()).toBeGreaterThan(0);
    expect(await page.textContent('#analysis-people')).toBe('9');
    expect(await page.textContent('#analysis-status')).toBe('');
    await page.context().close();
  });
});
