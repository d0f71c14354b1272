/// <reference lib="dom" />
// Some callbacks below run in the page, where the DOM is.
import type { PopulationFigure, WardCounts, WardPopulationHistory } from '@kiosk-pulse/contract';
import { seriousViolations } from '../support/axe';
import { useDashboard, type Person } from '../support/browser';
import { call } from '../support/http';
import { SAI_GON, cityDay, createUser, shown, written } from './fixtures';

/** Populations on screen (issue 17): sources and dates beside the rates, estimates said, the admin's history. */
describe('populations on screen', () => {
  const test = useDashboard();
  let admin: Person;
  let official: Person;
  let officialToken: string;

  beforeAll(async () => {
    admin = await createUser(test.url, 'admin.population', 'admin', null);
    official = await createUser(test.url, 'official.population', 'city_official', null);
    officialToken = (await call<{ token: string }>(`${test.url}/api/v1/auth/login`, { token: null, json: official }))
      .body.token;
  }, 60_000);

  it('says beside the map’s rates where the populations come from, which are estimates, and that counts are contributions', async () => {
    // A ward's newer residents' figure, an estimate of its own.
    const added = await call(`${test.url}/api/v1/wards/${SAI_GON}/populations`, {
      json: {
        group: 'residents',
        population: 50_000,
        source: 'Ước tính của phường',
        asOf: cityDay(-1),
        estimate: true,
      },
    });
    expect(added.status).toBe(201);
    const { wards } = (
      await call<{ wards: WardCounts[] }>(`${test.url}/api/v1/stats/wards?from=${cityDay(0)}&to=${cityDay(1)}`, {
        token: officialToken,
      })
    ).body;
    const estimates = wards.filter((ward) => ward.population?.estimate).length;
    expect(estimates).toBeGreaterThanOrEqual(1);
    // The source most wards use (the shipped official figures), and how many use it.
    const bySource = new Map<string, number>();
    for (const ward of wards)
      if (ward.population) {
        const key = `${ward.population.source}, ${written(ward.population.asOf)}`;
        bySource.set(key, (bySource.get(key) ?? 0) + 1);
      }
    const [common, commonCount] = [...bySource].sort((a, b) => b[1] - a[1])[0];

    const page = await test.page({ viewport: { width: 1440, height: 900 } });
    await test.signIn(page, official);
    await page.goto(`${test.url}/?map.per10k=1#/map`);
    await page.waitForSelector('#map-population-note:not([hidden])');
    const sources = (await page.textContent('#map-population-sources')) ?? '';
    expect(sources).toContain(`${common} (${shown(commonCount)} phường, xã)`);
    expect(sources).toContain(`Ước tính của phường, ${written(cityDay(-1))} (1 phường, xã)`);
    expect(sources).toContain(`${shown(estimates)} phường, xã dùng số ước tính.`);
    expect(await page.textContent('#map-contributions-note')).toContain('không phải độ bao phủ dân số');
    // The ward's own row in the map's table: its source, date and "estimate".
    const saiGon = await page.$$eval('#map-chart-table tbody tr', (rows) =>
      rows.map((row) => row.textContent ?? '').find((text) => text.includes('Sài Gòn')),
    );
    expect(saiGon).toContain(`Ước tính của phường, ${written(cityDay(-1))}, ước tính`);
    expect({ view: 'map per 10,000', violations: await seriousViolations(page) }).toEqual({
      view: 'map per 10,000',
      violations: [],
    });
    // Counts, not rates: nothing divides by a population, and the note goes.
    await page.uncheck('#map-per10k');
    await page.waitForSelector('#map-population-note', { state: 'hidden' });
    await page.context().close();
  }, 90_000);

  it('lets an admin read a ward’s population history and add a newer figure, an estimate for people 60+', async () => {
    const page = await test.open(admin, { viewport: { width: 1440, height: 900 } });
    await page.goto(`${test.url}/#/users`);
    await page.waitForSelector('#admin:not([hidden]) #population-ward option[value="' + SAI_GON + '"]', {
      state: 'attached',
    });
    await page.selectOption('#population-ward', SAI_GON);
    await page.waitForSelector('#population-history-table tbody tr[data-group]');
    const history = async (): Promise<PopulationFigure[]> =>
      (await call<WardPopulationHistory>(`${test.url}/api/v1/wards/${SAI_GON}/populations`)).body.figures;
    const before = await history();
    expect(await page.$$eval('#population-history-table tbody tr', (rows) => rows.length)).toBe(before.length);
    const shipped = before.find((figure) => figure.shipped);
    if (shipped) {
      const row = page.locator(
        `#population-history-table tr[data-group="${shipped.group}"][data-as-of="${shipped.asOf}"]`,
      );
      expect(await row.textContent()).toContain(shipped.source);
      expect(await row.textContent()).toContain('kèm phần mềm');
    }

    await page.selectOption('#population-group', 'aged60Plus');
    // People 60+ have no official per-ward figure: an estimate unless the admin says otherwise.
    expect(await page.isChecked('#population-estimate')).toBe(true);
    await page.fill('#population-count', '8000');
    await page.fill('#population-figure-source', 'Điều tra của phường');
    await page.fill('#population-figure-date', cityDay(0));
    await page.click('#population-figure-form button[type=submit]');
    const row = `#population-history-table tr[data-group="aged60Plus"][data-as-of="${cityDay(0)}"]`;
    await page.waitForSelector(row);
    expect(await page.textContent(row)).toContain('ước tính');
    expect(await page.textContent(row)).toContain(shown(8000));
    expect((await history()).find((figure) => figure.group === 'aged60Plus' && figure.asOf === cityDay(0))).toEqual(
      expect.objectContaining({
        population: 8000,
        source: 'Điều tra của phường',
        estimate: true,
        shipped: false,
        updatedBy: 'user:admin.population',
      }),
    );
    expect({ view: 'population history', violations: await seriousViolations(page) }).toEqual({
      view: 'population history',
      violations: [],
    });
    await page.context().close();
  }, 90_000);
});
