/// <reference lib="dom" />
// Some callbacks below run in the page, where the DOM is.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { kioskClock } from '@kiosk-pulse/demo';
import { useDashboard } from '../support/browser';
import { takeCanvasText } from '../support/canvas-text';
import { call } from '../support/http';
import { createKiosk, createUser, post, SAI_GON, visits, waitForPeople } from './fixtures';

const TAN_SON_HOA = '26977';

// Letters only Vietnamese uses (with its tone marks and đ): no English word has them.
const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

interface Finding {
  where: string;
  text: string;
}

/**
 * The dashboard in English, every view and every dialog an admin can open: no Vietnamese is
 * left but the data (ward names, kiosk labels, user names, population sources), on the page,
 * in its attributes (labels, placeholders, tooltips) and on the charts.
 */
describe('dashboard in English', () => {
  const test = useDashboard();
  let page: Page;
  let data: string[] = [];
  const kiosks: Record<string, { id: string; key: string }> = {};
  let campaignId = '';

  beforeAll(async () => {
    const admin = await createUser(test.url, 'admin.walk', 'admin', null);
    await createUser(test.url, 'staff.tsh', 'ward_staff', TAN_SON_HOA);
    kiosks.busy = await createKiosk(test.url, SAI_GON, 'Nhà văn hóa khu phố 1');
    kiosks.refused = await createKiosk(test.url, TAN_SON_HOA, 'Ủy ban phường Tân Sơn Hòa');
    kiosks.never = await createKiosk(test.url, TAN_SON_HOA, 'Trường tiểu học');
    await post(test.url, kiosks.busy.key, [
      ...visits(6, Date.now(), '65_74'),
      ...visits(2, Date.now(), '16_30', 'scam_awareness'),
    ]);
    await waitForPeople(test.url, {}, 8);
    // A refused event, so the fleet shows a rejection reason.
    await call(`${test.url}/api/v1/events`, {
      token: kiosks.refused.key,
      json: {
        sentAt: kioskClock(),
        events: [{ id: randomUUID(), type: 'heartbeat', occurredAt: kioskClock(), phone: '0900000000' }],
      },
    });
    const population = { total: 41_000, aged60Plus: 5_200, source: 'Niên giám thống kê', asOf: '2025-07-01' };
    await call(`${test.url}/api/v1/wards/${SAI_GON}/population`, { method: 'PUT', json: population });
    await call(`${test.url}/api/v1/tokens`, { json: { name: 'Bảng tin phường', role: 'city_official' } });
    const campaign = await call<{ id: string }>(`${test.url}/api/v1/campaigns`, {
      json: {
        name: 'Ngày hội Đại đoàn kết',
        wardCode: SAI_GON,
        place: 'Khu phố 28',
        startsAt: new Date(Date.now() - 3_600_000).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        kioskIds: [kiosks.busy.id],
      },
    });
    expect(campaign.status).toBe(201);
    campaignId = campaign.body.id;

    const wards = (await call<{ name: string; population: { source: string } | null }[]>(`${test.url}/api/v1/wards`))
      .body;
    const labels = [
      'Nhà văn hóa khu phố 1',
      'Ủy ban phường Tân Sơn Hòa',
      'Trường tiểu học',
      'Bảng tin phường',
      'Ngày hội Đại đoàn kết',
      'Khu phố 28',
    ];
    data = [
      ...wards.flatMap((ward) => [ward.name, ward.name.replace(/^(Phường|Xã|Đặc khu) /, '')]),
      // Where each ward's population comes from (the shipped figures' source is Vietnamese): data.
      ...new Set(wards.flatMap((ward) => (ward.population ? [ward.population.source] : []))),
      ...labels,
      population.source,
      // The language switch names Vietnamese in Vietnamese, as language pickers do.
      'Tiếng Việt',
    ]
      // The longest first, so a name inside a longer one goes with it.
      .sort((a, b) => b.length - a.length);

    page = await test.page({
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
      canvasText: true,
      language: 'en',
    });
    await page.goto(`${test.url}/`);
    await page.waitForSelector('#login:not([hidden])');
    await expectEnglish('sign-in page');
    // A wrong password: the error says so in English.
    await page.fill('#login-username', admin.username);
    await page.fill('#login-password', 'not-the-password');
    await page.click('#login-submit');
    await page.waitForFunction(() => (document.querySelector('#login-error')?.textContent ?? '') !== '');
    await expectEnglish('sign-in error');
    await test.signIn(page, admin);
  }, 120_000);

  /** Vietnamese left once the data is taken out of a text. */
  const strip = (text: string): string => data.reduce((rest, name) => rest.split(name).join(' '), text);

  async function findings(): Promise<Finding[]> {
    const found = await page.evaluate((vietnamese) => {
      const pattern = new RegExp(vietnamese, 'i');
      // Anyone can open a chart's table or hover a hint: their text counts as shown.
      for (const details of document.querySelectorAll('details')) details.open = true;
      const out: { where: string; text: string }[] = [];
      const describe = (element: Element): string =>
        element.id
          ? `#${element.id}`
          : `${element.tagName.toLowerCase()}${element.className ? `.${element.className}` : ''}`;
      const shown = (element: Element): boolean =>
        element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) ||
        (element.closest('[role=tooltip]') !== null && element.closest('[hidden]') === null) ||
        // An open <select>'s options and a tooltip's text are read though not laid out.
        element instanceof HTMLOptionElement;
      if (pattern.test(document.title)) out.push({ where: 'title', text: document.title });
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        const text = node.textContent ?? '';
        if (!parent || !pattern.test(text) || parent.closest('script, style')) continue;
        const select = parent.closest('select');
        if (select ? !shown(select) : !shown(parent)) continue;
        out.push({ where: describe(parent), text: (parent.textContent ?? text).trim() });
      }
      for (const element of document.body.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
        if (!shown(element) && !element.closest('dialog[open]')) continue;
        for (const attribute of ['aria-label', 'placeholder', 'title', 'alt']) {
          const value = element.getAttribute(attribute);
          if (value && pattern.test(value)) out.push({ where: `${describe(element)}[${attribute}]`, text: value });
        }
      }
      return out;
    }, VIETNAMESE.source);
    const drawn = (await takeCanvasText(page)).map((item) => ({ where: `canvas #${item.chart}`, text: item.text }));
    return [...found, ...drawn].filter((finding) => VIETNAMESE.test(strip(finding.text)));
  }

  /** Every Vietnamese text found, by page: each test lists all it found, not only the first. */
  let left: Record<string, string[]> = {};

  async function expectEnglish(where: string): Promise<void> {
    const found = (await findings()).map((finding) => `${finding.where}: ${finding.text}`);
    if (found.length > 0) left[where] = [...new Set(found)];
  }

  afterEach(() => {
    const found = left;
    left = {};
    expect(found).toEqual({});
  });

  const go = async (hash: string, ready: string) => {
    await page.evaluate((target) => (location.hash = target), hash);
    await page.waitForSelector(ready);
  };

  /** Opens a dialog with `open`, checks it, and leaves it with Escape. */
  async function dialog(name: string, open: () => Promise<void>): Promise<void> {
    await open();
    await page.waitForSelector('dialog[open]');
    await expectEnglish(`dialog: ${name}`);
    await page.click('dialog[open] button[value=cancel]');
    await page.waitForSelector('dialog[open]', { state: 'detached' });
  }

  it('walks the overview, a ward’s overview, the analysis and the map', async () => {
    await page.waitForSelector('#kpi-people:text-is("8")');
    await page.waitForSelector('#ranking tr');
    await page.waitForSelector('#chart-hourly-table tbody tr', { state: 'attached' });
    await expectEnglish('overview');

    await page.goto(`${test.url}/?ward=${SAI_GON}#/`);
    await page.waitForSelector('#kpi-people:text-is("8")');
    await page.waitForSelector('#chart-hourly-table tbody tr', { state: 'attached' });
    await expectEnglish('ward overview');

    await go('#/analysis', '#analysis-funnel tbody tr');
    await page.waitForSelector('#analysis-ward-table tbody tr');
    await page.waitForSelector('#analysis-heatmap-table tbody tr', { state: 'attached' });
    await expectEnglish('analysis');
    await page.selectOption('#analysis-range', 'today');
    await page.waitForSelector('#analysis-people:text-is("8")');
    await expectEnglish('analysis, today');
    // The CSV buttons write the file in the page's language too.
    for (const button of ['#csv-summary', '#csv-funnel', '#csv-heatmap', '#csv-kiosks']) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
      const file = readFileSync(await download.path(), 'utf8');
      if (button === '#csv-summary') expect(file.split('\r\n')[0]).toMatch(/^\ufeffTable,Item,Value,/);
      expect({ button, vietnamese: file.split(/\r?\n/).filter((line) => VIETNAMESE.test(strip(line))) }).toEqual({
        button,
        vietnamese: [],
      });
    }

    await page.evaluate(() => (location.hash = '#/map'));
    await page.waitForSelector('#map-chart-table tbody tr', { state: 'attached' });
    await page.check('#map-per10k');
    // Hover the map until a ward's tooltip shows.
    const box = await page.locator('#map-chart').boundingBox();
    if (!box) throw new Error('no map');
    let tip = '';
    for (let step = 0; step < 40 && !tip.includes('per 10,000'); step++) {
      await page.mouse.move(
        box.x + box.width * (0.35 + (step % 8) * 0.06),
        box.y + box.height * (0.3 + Math.floor(step / 8) * 0.1),
      );
      tip = await page.evaluate(
        () =>
          [...document.querySelectorAll<HTMLElement>('#map-chart div')].find(
            (div) => div.style.zIndex === '9999999' && div.style.display !== 'none' && div.textContent,
          )?.textContent ?? '',
      );
    }
    // The tooltip names the ward (data), the metric and the rate in English.
    expect(tip).toMatch(/People helped \(visits\): \d/);
    await expectEnglish('map');
  });

  it('walks the fleet, a kiosk, and the fleet’s dialogs', async () => {
    await go('#/kiosks', `#kiosk-table tr[data-kiosk="${kiosks.refused.id}"] .reason`);
    await expectEnglish('fleet');
    const row = (kiosk: string) => `#kiosk-table tr[data-kiosk="${kiosks[kiosk].id}"]`;
    await dialog('rename', () => page.click(`#kiosk-rename-${kiosks.busy.id}`));
    await dialog('new key', () => page.click(`#kiosk-rotate-${kiosks.busy.id}`));
    await dialog('move', async () => {
      await page.click(`#kiosk-move-${kiosks.busy.id}`);
      await page.fill('dialog[open] input[type=search]', 'tan son');
      await page.waitForSelector('dialog[open] .ward-choice');
    });
    await dialog('revoke', () => page.click(`#kiosk-revoke-${kiosks.never.id}`));
    // A new key shown under its kiosk.
    await page.click(`#kiosk-rotate-${kiosks.never.id}`);
    await page.click('dialog[open] button[value=confirm]');
    await page.waitForSelector('.key-row');
    await expectEnglish('new key');
    await page.click(`${row('refused')} a`);
    await page.waitForSelector('#kiosk-details:not([hidden])');
    await expectEnglish('kiosk page');
  });

  it('walks users, tokens, populations, the audit log, the queue and their dialogs', async () => {
    await go('#/users', '#audit-table tbody tr');
    await page.waitForSelector('#token-table tbody tr');
    await expectEnglish('users');
    await dialog('reset password', () => page.click('tr[data-user="staff.tsh"] button:text-is("Reset password")'));
    await dialog('change role', () => page.click('tr[data-user="staff.tsh"] button:text-is("Change role")'));
    await dialog('revoke token', () => page.click('#token-table button.danger'));
    // A refusal from the server, in English: a population form with a bad figure.
    await page.selectOption('#population-ward', SAI_GON);
    await page.fill('#population-total', '5');
    await page.fill('#population-60', '9');
    await page.fill('#population-source', 'x');
    await page.fill('#population-date', '2025-07-01');
    await page.click('#population-form button[type=submit]');
    await page.waitForFunction(() => (document.querySelector('#users-error')?.textContent ?? '') !== '');
    await expectEnglish('users, a refusal');
  });

  it('walks the kiosk days: the list and form, a campaign’s page, its chart and its dialog', async () => {
    await go('#/campaigns', `#campaigns-table tr[data-campaign="${campaignId}"]`);
    await expectEnglish('campaigns');
    // The ward's kiosks to tick, once a ward is chosen.
    await page.selectOption('#campaign-ward', SAI_GON);
    await page.waitForSelector('input[name="campaign-kiosk"]');
    await expectEnglish('campaigns, a ward chosen');
    await page.click(`#campaigns-table tr[data-campaign="${campaignId}"] a`);
    await page.waitForSelector('#campaign:not([hidden]) #campaign-table');
    await page.waitForSelector('#campaign-chart canvas');
    await page.waitForTimeout(500);
    await expectEnglish('campaign page');
    await dialog('delete campaign', () => page.click('#campaign-actions button.danger'));
  });

  it('walks the share links, a new link, its revocation and the public page it opens', async () => {
    await go('#/share', '#share-link-table tbody tr');
    await expectEnglish('share links');
    await page.fill('#share-link-label', 'Digital day');
    await page.click('#share-link-form button[type=submit]');
    const address = (await page.locator('#share-link-url').textContent()) ?? '';
    await page.waitForSelector('#share-link-new img.qr[src^="data:"]');
    await expectEnglish('new share link');
    await dialog('revoke share link', () => page.click('#share-link-table button.danger'));
    await page.goto(address);
    await page.waitForSelector('#share-people:text-is("8")');
    await page.waitForSelector('#share-map-chart-table tbody tr', { state: 'attached' });
    await page.waitForLoadState('networkidle');
    await expectEnglish('public page');
  });

  it('walks the wall screen and the question a sign-in link asks', async () => {
    await page.goto(`${test.url}/?wall=1#/`);
    await page.waitForSelector('#wall-bar:not([hidden])');
    await page.waitForSelector('#kpi-people:text-is("8")');
    await expectEnglish('wall screen');
    await page.click('#wall-exit');
    await page.waitForSelector('#wall-bar[hidden]', { state: 'attached' });
    // Someone else's link opened while signed in: the page asks first.
    const staff = await call<{ token: string }>(`${test.url}/api/v1/auth/login`, {
      json: { username: 'staff.tsh', password: 'staff.tsh-password' },
    });
    await page.evaluate((token) => (location.hash = `#token=${token}`), staff.body.token);
    await dialog('switch session', async () => undefined);
    await page.waitForSelector('#session-notice:not([hidden])');
    await expectEnglish('sign-in link kept out');
  });
});
