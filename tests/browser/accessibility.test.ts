/// <reference lib="dom" />
// Some callbacks below run in the page, where the DOM is.
import type { Page } from 'playwright-core';
import { seriousViolations } from '../support/axe';
import { artifact, useDashboard, type Person } from '../support/browser';
import { call } from '../support/http';
import { cityDay, createKiosk, createUser, post, visits, waitForPeople } from './fixtures';

const HOUR = 3_600_000;
const WARDS = ['26740', '25771', '25747', '25750', '25760', '25768'];
const AGES = ['16_30', '31_44', '45_59', '60_64', '65_74', '75_plus'];
const GUIDES = ['vneid', 'public_services', 'procedure_lookup', 'scam_awareness'];

/** Accessibility: axe on every view, a table for every chart, and the keyboard alone. */
describe('dashboard accessibility', () => {
  const test = useDashboard();
  let page: Page;
  let admin: Person;
  let kioskId = '';
  let campaignId = '';

  beforeAll(async () => {
    admin = await createUser(test.url, 'admin.city', 'admin', null);
    // A spread of visits over the wards, ages, guides and the last few days' hours.
    let people = 0;
    for (const [index, ward] of WARDS.entries()) {
      const kiosk = await createKiosk(test.url, ward, `Kiosk ${index + 1}`);
      kioskId ||= kiosk.id;
      const events: object[] = [];
      for (let step = 0; step < 12; step++) {
        const count = 1 + ((index + step) % 4);
        people += count;
        events.push(...visits(count, Date.now() - step * 9 * HOUR, AGES[(index + step) % 6], GUIDES[step % 4]));
      }
      await post(test.url, kiosk.key, events);
    }
    await waitForPeople(test.url, { from: cityDay(-6), to: cityDay(1) }, people);
    const campaign = await call<{ id: string }>(`${test.url}/api/v1/campaigns`, {
      json: {
        name: 'Ngày hội Đại đoàn kết',
        wardCode: WARDS[0],
        place: 'Khu phố 28',
        startsAt: new Date(Date.now() - 3 * HOUR).toISOString(),
        endsAt: new Date(Date.now() + HOUR).toISOString(),
        kioskIds: [kioskId],
      },
    });
    expect(campaign.status).toBe(201);
    campaignId = campaign.body.id;
    // axe runs its frames through the context, so pages come from a context of their own (as
    // test.open's do).
    page = await test.open(admin);
  });

  it('has no serious or critical axe violations on any view', async () => {
    const signedOut = await (await test.browser.newContext()).newPage();
    await signedOut.goto(`${test.url}/`);
    await signedOut.waitForSelector('#login-form', { state: 'visible' });
    expect({ view: 'login', violations: await seriousViolations(signedOut) }).toEqual({
      view: 'login',
      violations: [],
    });
    await signedOut.context().close();

    for (const [hash, ready, name] of [
      ['#/', '#ranking tr', 'overview'],
      ['#/analysis', '#analysis-funnel tbody tr', 'analysis'],
      ['#/map', '#map-chart-table tbody tr', 'map'],
      ['#/kiosks', '#kiosk-table tbody tr', 'fleet'],
      [`#/kiosks/${kioskId}`, '#kiosk-guide-table tbody tr', 'kiosk'],
      ['#/campaigns', `#campaigns-table tr[data-campaign="${campaignId}"]`, 'campaigns'],
      [`#/campaigns/${campaignId}`, '#campaign-table tbody tr', 'campaign'],
      ['#/share', '#share-link-table tbody tr', 'share-links'],
      ['#/users', '#user-table tbody tr', 'users'],
    ] as const) {
      await page.evaluate((target) => (location.hash = target), hash);
      await page.waitForSelector(ready, { state: 'attached' });
      // The disclosed tables are checked too.
      await page.$$eval('main:not([hidden]) details', (all) =>
        all.forEach((details) => ((details as HTMLDetailsElement).open = true)),
      );
      expect({ view: name, violations: await seriousViolations(page) }).toEqual({ view: name, violations: [] });
      await page.$$eval('main:not([hidden]) details', (all) =>
        all.forEach((details) => ((details as HTMLDetailsElement).open = false)),
      );
      await page.waitForTimeout(1_000); // the charts' entrance animations, for the screenshot
      await page.screenshot({ path: artifact(`view-${name}.png`), fullPage: name === 'analysis' });
    }

    await page.goto(`${test.url}/?wall=1#/`);
    await page.waitForSelector('#wall-bar', { state: 'visible' });
    await page.waitForSelector('#ranking tr');
    await page.click('#wall-pause');
    expect({ view: 'wall', violations: await seriousViolations(page) }).toEqual({ view: 'wall', violations: [] });
    await page.goto(`${test.url}/#/`);
    // axe takes seconds a view on two busy cores.
  }, 240_000);

  it('gives every chart a table of the same figures', async () => {
    await page.goto(`${test.url}/#/`);
    for (const [hash, section] of [
      ['#/', 'board'],
      ['#/analysis', 'analysis'],
      ['#/map', 'map'],
    ] as const) {
      await page.evaluate((target) => (location.hash = target), hash);
      await page.waitForSelector(`#${section}`, { state: 'visible' });
      // The charts (and their tables) come with ECharts, loaded after the numbers: give them time,
      // then let the expectation below say which chart has no table.
      await page
        .waitForFunction(
          (id) =>
            [...document.querySelectorAll(`#${id} [role="img"]`)].every(
              (chart) => (chart as HTMLElement).dataset.table,
            ),
          section,
          { timeout: 15_000 },
        )
        .catch(() => undefined);
      const charts = await page.$$eval(`#${section} [role="img"]`, (elements) =>
        elements.map((chart) => ({ chart: chart.id, table: (chart as HTMLElement).dataset.table ?? null })),
      );
      expect(charts.length).toBeGreaterThan(0);
      for (const { chart, table } of charts) {
        expect({ chart, table: table === null ? null : 'named' }).toEqual({ chart, table: 'named' });
        // Its figures in rows; or no chart drawn, and no table, where nothing is out yet (an age
        // chart before any age split is published says so instead).
        await page.waitForFunction(
          ([chartId, tableId]) =>
            document.querySelector(`#${tableId} tbody tr`) !== null ||
            document.getElementById(chartId)?.checkVisibility() === false,
          [chart, table] as const,
        );
      }
    }
    // Kept in step with the chart: the map's table sums to the city's total on the overview.
    await page.evaluate(() => (location.hash = '#/'));
    const total = Number((await page.textContent('#kpi-people'))?.replace(/\./g, ''));
    await page.evaluate(() => (location.hash = '#/map'));
    const mapSum = await page.$$eval('#map-chart-table tbody tr td:nth-of-type(1)', (cells) =>
      cells.reduce((sum, cell) => sum + Number(cell.textContent?.replace(/\./g, '')), 0),
    );
    expect(mapSum).toBe(total);
  });

  it('works by keyboard alone, with the focus in sight', async () => {
    // A fresh load: the focus starts at the top of the page.
    await page.goto(`${test.url}/#/`);
    await page.reload();
    await page.waitForSelector('#ranking tr');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('skip-link');

    // Tab along to the analysis link; every stop on the way shows where the focus is.
    let focused = '';
    for (let stop = 0; stop < 30 && focused !== 'nav-analysis'; stop++) {
      await page.keyboard.press('Tab');
      const outline = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        const style = getComputedStyle(element);
        return { id: element.id, visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 };
      });
      focused = outline.id;
      expect(outline).toEqual({ id: outline.id, visible: true });
    }
    expect(focused).toBe('nav-analysis');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#analysis', { state: 'visible' });
    // The focus moves into the view that opened, and on to its first control.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Phân tích');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('analysis-range');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => (document.getElementById('analysis-range') as HTMLSelectElement).value === '30d');

    // A chart's table opens from the keyboard.
    await page.focus('#analysis-trend + details summary');
    await page.keyboard.press('Enter');
    expect(await page.$eval('#analysis-trend + details', (details) => (details as HTMLDetailsElement).open)).toBe(true);
  });
});
