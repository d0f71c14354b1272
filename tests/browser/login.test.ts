import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { useDashboard } from '../support/browser';
import { call } from '../support/http';

const ARTIFACTS = join(__dirname, '../../test-artifacts');

/** The dashboard's sign-in in a real browser (Debian's Chromium through playwright-core). */
describe('dashboard sign-in', () => {
  const test = useDashboard();

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const [username, role, wardCode] of [
      ['official', 'city_official', null],
      ['ward.saigon', 'ward_staff', '26740'],
    ] as const) {
      const created = await call(`${test.url}/api/v1/users`, {
        json: { username, password: `${username}-password`, role, wardCode },
      });
      expect(created.status).toBe(201);
    }
  });

  it('signs in, keeps the session across a reload, and signs out', async () => {
    const page = await test.page();
    await page.goto(`${test.url}/`);
    await page.waitForSelector('#login-form', { state: 'visible' });

    await page.fill('#login-username', 'official');
    await page.fill('#login-password', 'wrong-password');
    await page.click('#login-submit');
    await page.waitForSelector('#login-error:has-text("Sai tên đăng nhập")');

    await page.fill('#login-password', 'official-password');
    await page.click('#login-submit');
    await page.waitForSelector('#current-user:has-text("official")');
    await page.waitForSelector('#kpi-people:text-is("0")');
    await page.screenshot({ path: join(ARTIFACTS, 'overview-signed-in.png') });

    await page.reload();
    await page.waitForSelector('#current-user:has-text("official")');
    expect(await page.isVisible('#login-form')).toBe(false);

    await page.click('#nav-analysis');
    await page.waitForSelector('#analysis-people:text-is("0")');
    await page.waitForSelector('#analysis-funnel tbody tr >> nth=4');
    await page.screenshot({ path: join(ARTIFACTS, 'analysis.png'), fullPage: true });
    await page.click('#nav-map');
    await page.waitForSelector('#map-chart canvas');
    await page.screenshot({ path: join(ARTIFACTS, 'map.png') });
    await page.click('#nav-overview');

    // English on request; the choice is kept.
    await page.click('#lang');
    await page.waitForSelector('#nav-analysis:text-is("Analysis")');
    await page.waitForSelector('#status:has-text("Live")');
    await page.waitForSelector('#scope-title:has-text("Whole city — today")');
    await page.click('#lang');
    await page.waitForSelector('#nav-analysis:text-is("Phân tích")');

    await page.click('#logout');
    await page.waitForSelector('#login-form', { state: 'visible' });
    await page.reload();
    await page.waitForSelector('#login-form', { state: 'visible' });
    await page.context().close();
  });

  it('starts a ward-staff user on their own ward', async () => {
    const page = await test.page();
    await page.goto(`${test.url}/`);
    await page.fill('#login-username', 'ward.saigon');
    await page.fill('#login-password', 'ward.saigon-password');
    await page.click('#login-submit');
    await page.waitForSelector('#current-user:has-text("ward.saigon")');
    // A function, not a string: the page's CSP (script-src 'self') refuses the eval that
    // Playwright polls a string predicate with, which fails whenever the first check is too early.
    await page.waitForFunction(() => document.querySelector<HTMLSelectElement>('#ward')?.value === '26740');
    await page.screenshot({ path: join(ARTIFACTS, 'overview-ward-staff.png') });
    await page.context().close();
  });
});
