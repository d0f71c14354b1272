/// <reference lib="dom" />
// Some callbacks below run in the page, where the DOM is.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { kioskClock } from '@kiosk-pulse/demo';
import { ADMIN_TOKEN } from '../support/app';
import { artifact, useDashboard, type Person } from '../support/browser';
import { call } from '../support/http';
import { afterFrames, createKiosk, createUser, post, SAI_GON, visits, waitForPeople } from './fixtures';

const TAN_SON_HOA = '26977';
const BEN_THANH = '26743';

type Language = 'vi' | 'en';
interface FleetKiosk {
  id: string;
  label: string;
  wardCode: string;
  status: string;
  today: { peopleReached: number };
}

/** The management side of the dashboard: the fleet, one kiosk, users, tokens, audit log, sign-in links. */
describe('dashboard management pages', () => {
  const test = useDashboard();
  let admin: Person;
  let official: Person;
  const kiosks: Record<string, { id: string; key: string }> = {};

  /** A fresh browser profile in a language, signed in as `person`. */
  async function open(
    person: Person,
    options: { language?: Language; width?: number; height?: number; hash?: string } = {},
  ): Promise<Page> {
    const page = await test.page({
      viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
      language: options.language,
    });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: test.url });
    await test.signIn(page, person);
    if (options.hash) await page.evaluate((hash) => (location.hash = hash), options.hash);
    return page;
  }

  const fleetRows = async (page: Page) => {
    await page.waitForSelector('#kiosk-table tbody tr[data-kiosk]');
    return page.$$eval('#kiosk-table tbody tr[data-kiosk]', (rows) =>
      rows.map((row) => ({
        id: (row as HTMLElement).dataset.kiosk ?? '',
        label: row.querySelector('td a')?.textContent ?? '',
        status: row.querySelector('.badge')?.className.replace('badge ', '') ?? '',
        people: Number(row.querySelectorAll('td')[4]?.textContent?.replace(/\D/g, '')),
      })),
    );
  };

  const fleetApi = async () => (await call<FleetKiosk[]>(`${test.url}/api/v1/kiosks`)).body;

  beforeAll(async () => {
    admin = await createUser(test.url, 'admin.city', 'admin', null);
    official = await createUser(test.url, 'official', 'city_official', null);
    kiosks.busy = await createKiosk(test.url, SAI_GON, 'Nhà văn hóa khu phố 1');
    kiosks.quiet = await createKiosk(test.url, SAI_GON, 'Ủy ban phường');
    kiosks.lagging = await createKiosk(test.url, BEN_THANH, 'Bưu điện Bến Thành');
    kiosks.gone = await createKiosk(test.url, BEN_THANH, 'Chợ Bến Thành');
    kiosks.never = await createKiosk(test.url, TAN_SON_HOA, 'Trường tiểu học');
    kiosks.old = await createKiosk(test.url, TAN_SON_HOA, 'Kiosk cũ');
    await post(test.url, kiosks.busy.key, visits(6, Date.now(), '65_74'));
    await post(test.url, kiosks.quiet.key, visits(2, Date.now(), '31_44'));
    await post(test.url, kiosks.lagging.key, visits(1, Date.now(), '16_30'));
    await post(test.url, kiosks.gone.key, visits(3, Date.now(), '60_64'));
    await waitForPeople(test.url, {}, 12);
    // Seen 5 minutes ago (stale) and 2 hours ago (offline), as after a kiosk goes quiet.
    await test.app.pool.query(`UPDATE kiosks SET last_seen_at = now() - interval '5 minutes' WHERE id = $1`, [
      kiosks.lagging.id,
    ]);
    await test.app.pool.query(`UPDATE kiosks SET last_seen_at = now() - interval '2 hours' WHERE id = $1`, [
      kiosks.gone.id,
    ]);
    expect((await call(`${test.url}/api/v1/kiosks/${kiosks.old.id}/revoke`, { method: 'POST', json: {} })).status).toBe(
      200,
    );
    // One event the server refuses: a field that is not allowed.
    const refused = await call(`${test.url}/api/v1/events`, {
      token: kiosks.quiet.key,
      json: {
        sentAt: kioskClock(),
        events: [{ id: randomUUID(), type: 'heartbeat', occurredAt: kioskClock(), phone: '0900000000' }],
      },
    });
    expect(refused.body.rejected).toHaveLength(1);
  });

  it('asks before a new key, then shows it under its kiosk with a copy button and a QR code', async () => {
    const page = await open(admin, { hash: '#/kiosks' });
    await fleetRows(page);
    const row = `#kiosk-table tr[data-kiosk="${kiosks.busy.id}"]`;

    // Cancelled: nothing happens, the kiosk's key still works.
    await page.click(`${row} button:text-is("Cấp khóa mới")`);
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-labelledby')).toBeTruthy();
    expect(await dialog.textContent()).toContain('Kiosk sẽ không gửi được dữ liệu cho đến khi được cài khóa mới');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Hủy');
    await page.screenshot({ path: artifact('admin-rotate-confirm.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await post(test.url, kiosks.busy.key, visits(1, Date.now(), '65_74'));

    // Confirmed: the new key right under the kiosk's row, the old key refused.
    await page.click(`${row} button:text-is("Cấp khóa mới")`);
    await page.click('dialog[open] button[value="confirm"]');
    const panel = page.locator(`${row} + tr.key-row`);
    await panel.waitFor();
    const key = (await panel.locator('code.key').textContent()) ?? '';
    expect(key).toMatch(/^kpk_/);
    expect(await page.evaluate(() => document.activeElement?.closest('tr')?.className)).toBe('key-row');
    const oldKey = await call(`${test.url}/api/v1/events`, {
      token: kiosks.busy.key,
      json: { events: [{ id: randomUUID(), type: 'heartbeat', occurredAt: kioskClock() }] },
    });
    expect(oldKey.status).toBe(401);
    kiosks.busy.key = key;
    await post(test.url, key, [{ id: randomUUID(), type: 'heartbeat', occurredAt: kioskClock() }]);

    const qr = panel.locator('img.qr');
    await page.waitForFunction(
      (selector) => ((document.querySelector(selector) as HTMLImageElement | null)?.naturalWidth ?? 0) > 0,
      `${row} + tr.key-row img.qr`,
    );
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await qr.getAttribute('alt')).toBe('Mã QR của khóa mới');
    expect(await panel.locator('h3').innerText()).toContain('Nhà văn hóa khu phố 1');
    await panel.locator('button:text-is("Sao chép khóa")').click();
    await panel.locator('text=Đã sao chép.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);

    // The key survives the fleet's refresh, and goes only when closed.
    await page.evaluate(() => (location.hash = '#/'));
    await page.evaluate(() => (location.hash = '#/kiosks'));
    await panel.waitFor();
    await page.screenshot({ path: artifact('admin-new-key.png') });
    await panel.locator('button:text-is("Đã cài xong, đóng")').click();
    await panel.waitFor({ state: 'detached' });
    await page.context().close();
  });

  it('asks before revoking, and gives a new kiosk a ward only by choice, its key under its row', async () => {
    const page = await open(admin, { hash: '#/kiosks' });
    await fleetRows(page);

    // No ward is chosen for an admin: the form does not go without one.
    expect(await page.inputValue('#kiosk-ward')).toBe('');
    await page.fill('#kiosk-label', 'Kiosk mới');
    await page.click('#kiosk-create-form button[type="submit"]');
    expect(await page.$eval('#kiosk-ward', (select) => (select as HTMLSelectElement).validity.valueMissing)).toBe(true);
    expect((await fleetApi()).some((kiosk) => kiosk.label === 'Kiosk mới')).toBe(false);
    await page.selectOption('#kiosk-ward', TAN_SON_HOA);
    await page.click('#kiosk-create-form button[type="submit"]');
    await page.waitForSelector('tr.key-row');
    const created = (await fleetApi()).find((kiosk) => kiosk.label === 'Kiosk mới');
    expect(created?.wardCode).toBe(TAN_SON_HOA);
    expect(await page.$eval('tr.key-row', (row) => (row.previousElementSibling as HTMLElement).dataset.kiosk)).toBe(
      created?.id,
    );

    // Revoke: cancelled, then confirmed.
    const row = `#kiosk-table tr[data-kiosk="${created?.id}"]`;
    await page.click(`${row} button:text-is("Thu hồi")`);
    await page.waitForSelector('dialog[open]:has-text("Không thể hoàn tác")');
    await page.click('dialog[open] button:text-is("Hủy")');
    await page.waitForSelector('dialog', { state: 'detached' });
    expect((await fleetApi()).find((kiosk) => kiosk.id === created?.id)?.status).not.toBe('revoked');
    await page.click(`${row} button:text-is("Thu hồi")`);
    await page.click('dialog[open] button[value="confirm"]');
    await page.waitForSelector(`${row} .badge.revoked`);
    expect((await fleetApi()).find((kiosk) => kiosk.id === created?.id)?.status).toBe('revoked');
    await page.context().close();

    // Ward staff make kiosks in their own ward, already chosen.
    const staff = await createUser(test.url, 'ward.tsh', 'ward_staff', TAN_SON_HOA);
    const staffPage = await open(staff, { hash: '#/kiosks' });
    await staffPage.waitForSelector('#kiosk-table tbody tr');
    expect(
      await staffPage.$$eval('#kiosk-ward option', (options) =>
        options.map((option) => (option as HTMLOptionElement).value),
      ),
    ).toEqual([TAN_SON_HOA]);
    await staffPage.context().close();
  });

  it('keeps every action of the fleet in sight at 1440 px, and fits a phone', async () => {
    for (const language of ['vi', 'en'] as const) {
      const page = await open(admin, { language, hash: '#/kiosks' });
      await page.waitForSelector('#kiosk-table tbody tr .actions button');
      const overflow = await page.$eval('#fleet .table-scroll', (box) => box.scrollWidth - box.clientWidth);
      expect({ language, overflow }).toEqual({ language, overflow: 0 });
      const buttons = await page.$$eval('#kiosk-table .actions button', (all) =>
        all.map((button) => button.getBoundingClientRect().right),
      );
      expect(buttons.length).toBeGreaterThan(10);
      expect(Math.max(...buttons)).toBeLessThanOrEqual(1440);
      await page.screenshot({ path: artifact(`admin-fleet-1440-${language}.png`), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForFunction(() => document.documentElement.scrollWidth <= 390);
      await page.screenshot({ path: artifact(`admin-fleet-390-${language}.png`), fullPage: true });
      await page.context().close();
    }
  });

  it('sorts, filters and counts the fleet by status', async () => {
    const page = await open(official, { hash: '#/kiosks' });
    let rows = await fleetRows(page);
    const api = await fleetApi();
    // The summary's counts are the server's statuses.
    for (const status of ['online', 'stale', 'offline', 'revoked', 'never_seen']) {
      const count = api.filter((kiosk) => kiosk.status === status).length;
      expect(await page.textContent(`#fleet-summary button[data-status="${status}"]`)).toMatch(
        new RegExp(`: ${count}$`),
      );
    }
    expect(new Set(api.map((kiosk) => kiosk.status))).toEqual(
      new Set(['online', 'stale', 'offline', 'revoked', 'never_seen']),
    );
    // By status first: the kiosks that need a look come first.
    expect(rows.map((row) => row.status)).toEqual(
      [...rows.map((row) => row.status)].sort(
        (a, b) =>
          ['offline', 'stale', 'never_seen', 'online', 'revoked'].indexOf(a) -
          ['offline', 'stale', 'never_seen', 'online', 'revoked'].indexOf(b),
      ),
    );
    expect(rows[0].status).toBe('offline');

    await page.click('#kiosk-table th[data-sort="people"] button');
    rows = await fleetRows(page);
    expect(await page.getAttribute('#kiosk-table th[data-sort="people"]', 'aria-sort')).toBe('descending');
    expect(rows.map((row) => row.people)).toEqual([...rows.map((row) => row.people)].sort((a, b) => b - a));
    expect(rows[0].label).toBe('Nhà văn hóa khu phố 1');
    await page.click('#kiosk-table th[data-sort="label"] button');
    rows = await fleetRows(page);
    const collator = new Intl.Collator('vi');
    expect(rows.map((row) => row.label)).toEqual([...rows.map((row) => row.label)].sort(collator.compare));
    await page.click('#kiosk-table th[data-sort="lastSeen"] button');
    expect((await fleetRows(page))[0].label).not.toBe('Trường tiểu học');

    // A filter by status, and by text without accents.
    await page.selectOption('#fleet-status-filter', 'revoked');
    rows = await fleetRows(page);
    expect(new Set(rows.map((row) => row.status))).toEqual(new Set(['revoked']));
    expect(rows.length).toBe(api.filter((kiosk) => kiosk.status === 'revoked').length);
    await page.selectOption('#fleet-status-filter', '');
    await page.fill('#fleet-search', 'ben thanh');
    await page.waitForFunction(() => document.querySelectorAll('#kiosk-table tbody tr[data-kiosk]').length === 2);
    expect((await fleetRows(page)).map((row) => row.label).sort()).toEqual(['Bưu điện Bến Thành', 'Chợ Bến Thành']);
    await page.fill('#fleet-search', '');
    await page.click('#fleet-summary button[data-status="online"]');
    rows = await fleetRows(page);
    expect(new Set(rows.map((row) => row.status))).toEqual(new Set(['online']));
    expect(rows.length).toBe(api.filter((kiosk) => kiosk.status === 'online').length);
    expect(await page.$$eval('#kiosk-table .actions', (all) => all.length)).toBe(0);
    await page.context().close();
  });

  it('says why events were refused in the page’s language, the server’s words on hover and focus', async () => {
    for (const [language, expected] of [
      ['vi', { header: 'Hoạt động lần cuối', reason: ['Lỗi dữ liệu', 'Trường không được phép'] }],
      ['en', { header: 'Last seen', reason: ['Data error', 'Field not allowed'] }],
    ] as const) {
      const page = await open(official, { language, hash: '#/kiosks' });
      await fleetRows(page);
      expect(await page.textContent('#kiosk-table th[data-sort="lastSeen"]')).toContain(expected.header);
      const cell = page.locator(`#kiosk-table tr[data-kiosk="${kiosks.quiet.id}"] td:nth-child(9)`);
      const api = (await call(`${test.url}/api/v1/kiosks/${kiosks.quiet.id}`)).body;
      expect(api.eventsRejected).toBe(1);
      const visible = await cell.innerText();
      // The server's code, where it gives one, picks the words; its English text is not the cell's.
      expect(visible).toContain(api.lastErrorCode === 'unknown_field' ? expected.reason[1] : expected.reason[0]);
      expect(visible).not.toContain(api.lastError);
      await cell.locator('.has-tip').focus();
      await cell.locator('.tip').waitFor({ state: 'visible' });
      expect(await cell.locator('.tip').innerText()).toContain(api.lastError);
      await page.screenshot({ path: artifact(`admin-rejection-${language}.png`) });
      await page.context().close();
    }
  });

  it('translates the backend’s rejection codes and flags wherever the fleet answer carries them', async () => {
    // The fleet answer as the ingest side extends it (lastErrorCode, flags), on top of the real one.
    const page = await test.page({ viewport: { width: 1440, height: 900 }, language: 'en' });
    const context = page.context();
    await context.route(/\/api\/v1\/kiosks(\/[0-9a-f-]+)?$/, async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      const extend = (kiosk: FleetKiosk) =>
        kiosk.id === kiosks.lagging.id
          ? {
              ...kiosk,
              eventsRejected: 40,
              lastError: 'events[0]: more than 100 events a minute from this kiosk',
              lastErrorCode: 'kiosk_rate_exceeded',
              flags: [{ code: 'over_limit', count: 40, lastAt: new Date().toISOString() }],
            }
          : kiosk;
      await route.fulfill({ response, json: Array.isArray(body) ? body.map(extend) : extend(body) });
    });
    await test.signIn(page, official);
    await page.evaluate(() => (location.hash = '#/kiosks'));
    const row = page.locator(`#kiosk-table tr[data-kiosk="${kiosks.lagging.id}"]`);
    await row.waitFor();
    expect(await row.locator('td:nth-child(9)').innerText()).toContain('Over the per-minute limit');
    expect(await row.locator('.flag').innerText()).toContain('Over limit');
    await row.locator('.flag').focus();
    expect(await row.locator('.flag .tip').innerText()).toMatch(/^40 events over the per-minute or daily limit/);
    await page.evaluate((id) => (location.hash = `#/kiosks/${id}`), kiosks.lagging.id);
    await page.waitForSelector('#kiosk-facts .flag');
    expect(await page.innerText('#kiosk-facts')).toContain('Over the per-minute limit');
    await context.close();
  });

  it('moves a kiosk with a ward picker searched by name, accents folded', async () => {
    const page = await open(admin, { hash: '#/kiosks' });
    const row = `#kiosk-table tr[data-kiosk="${kiosks.never.id}"]`;
    await page.waitForSelector(row);
    await page.click(`${row} button:text-is("Chuyển phường")`);
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('search');
    await page.keyboard.type('sai gon');
    await dialog.locator('.ward-choice').first().waitFor();
    expect(await dialog.locator('.ward-choice').allInnerTexts()).toEqual([expect.stringContaining('Phường Sài Gòn')]);
    expect(await dialog.locator('input[type="radio"]').isChecked()).toBe(true);
    await page.screenshot({ path: artifact('admin-move-ward.png') });
    // One match: Enter takes it.
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction(
      ([selector, name]) => document.querySelector(`${selector} td:nth-child(2)`)?.textContent === name,
      [row, 'Phường Sài Gòn'],
    );
    expect((await fleetApi()).find((kiosk) => kiosk.id === kiosks.never.id)?.wardCode).toBe(SAI_GON);
    // Back, by code this time.
    await page.click(`${row} button:text-is("Chuyển phường")`);
    await page.keyboard.type(TAN_SON_HOA);
    await dialog.locator('.ward-choice:has-text("Tân Sơn Hòa")').waitFor();
    await dialog.locator('button[value="confirm"]').click();
    await page.waitForFunction(
      ([selector, name]) => document.querySelector(`${selector} td:nth-child(2)`)?.textContent === name,
      [row, 'Phường Tân Sơn Hòa'],
    );
    await page.context().close();
  });

  it("the ward picker's older, slower search never replaces a newer one", async () => {
    const page = await open(admin, { hash: '#/kiosks' });
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const holding: Promise<void>[] = [];
    await page.route(
      (url) => url.pathname === '/api/v1/wards' && url.searchParams.get('q') === 'chanh',
      async (route) => {
        // The page may have given the request up by then: nothing comes of it.
        const answered = released.then(() => route.continue()).catch(() => undefined);
        holding.push(answered);
        await answered;
      },
    );
    const row = `#kiosk-table tr[data-kiosk="${kiosks.never.id}"]`;
    await page.waitForSelector(row);
    await page.click(`${row} button:text-is("Chuyển phường")`);
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    const asked = page.waitForRequest((request) => new URL(request.url()).searchParams.get('q') === 'chanh');
    await page.keyboard.type('chanh');
    await asked;
    await dialog.locator('input[type="search"]').fill('sai gon');
    await dialog.locator('.ward-choice:has-text("Sài Gòn")').waitFor();
    release();
    await Promise.all(holding);
    await afterFrames(page, 100);
    expect(await dialog.locator('.ward-choice').allInnerTexts()).toEqual([expect.stringContaining('Phường Sài Gòn')]);
    await page.context().close();
  });

  it('creates the least-privileged user by default, and never offers to demote the only admin', async () => {
    const page = await open(admin, { hash: '#/users' });
    await page.waitForSelector('#user-table tbody tr');
    expect(await page.inputValue('#user-role')).toBe('city_official');
    expect(await page.textContent(`#user-table tr[data-user="admin.city"] td:nth-child(2)`)).toBe('Quản trị viên');

    // Ward staff need a ward: none is chosen for them.
    await page.fill('#user-username', 'ward.new');
    await page.fill('#user-password', 'ward.new-password');
    await page.selectOption('#user-role', 'ward_staff');
    expect(await page.inputValue('#user-ward')).toBe('');
    await page.click('#user-create-form button[type="submit"]');
    expect(await page.$eval('#user-ward', (select) => (select as HTMLSelectElement).validity.valueMissing)).toBe(true);
    await page.selectOption('#user-ward', BEN_THANH);
    await page.click('#user-create-form button[type="submit"]');
    await page.waitForSelector('#user-table tr[data-user="ward.new"]');
    expect(await page.inputValue('#user-role')).toBe('city_official');

    // The server's refusal is said on the page, 409 included.
    await page.fill('#user-username', 'ward.new');
    await page.fill('#user-password', 'another-password');
    await page.click('#user-create-form button[type="submit"]');
    await page.waitForSelector('#users-error:has-text("username ward.new is taken")');
    expect(await page.textContent('#users-error')).toMatch(/^Không thực hiện được: /);

    // The only admin: no lock, no role change on their row.
    const own = 'tr[data-user="admin.city"]';
    expect(await page.locator(`${own} button:text-is("Đổi vai trò")`).count()).toBe(0);
    expect(await page.locator(`${own} button:text-is("Khóa")`).count()).toBe(0);
    expect(await page.textContent(own)).toContain('Quản trị viên duy nhất');

    // With a second admin, a role can change; the change goes through a dialog.
    await call(`${test.url}/api/v1/users`, {
      json: { username: 'admin.two', password: 'admin.two-password', role: 'admin' },
    });
    await page.reload();
    await page.waitForSelector('tr[data-user="admin.two"]');
    await page.click('tr[data-user="admin.two"] button:text-is("Đổi vai trò")');
    await page.selectOption('dialog[open] select >> nth=0', 'ward_staff');
    await page.selectOption('dialog[open] select >> nth=1', SAI_GON);
    await page.screenshot({ path: artifact('admin-change-role.png') });
    await page.click('dialog[open] button[value="confirm"]');
    await page.waitForSelector('tr[data-user="admin.two"] td:nth-child(2):text-is("Cán bộ phường/xã")');
    expect(await page.textContent('#users-status')).toContain('admin.two');
    expect(await page.locator(`${own} button:text-is("Đổi vai trò")`).count()).toBe(0);
    await page.context().close();
  });

  it('shows the audit log in words, with names, a page at a time', async () => {
    const renamed = await call(`${test.url}/api/v1/kiosks/${kiosks.quiet.id}`, {
      method: 'PATCH',
      json: { label: 'Ủy ban phường Sài Gòn' },
    });
    expect(renamed.status).toBe(200);
    for (let index = 0; index < 22; index++) {
      expect(
        (await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: SAI_GON, label: `Kiosk ${index}` } })).status,
      ).toBe(201);
    }
    const page = await open(admin, { hash: '#/users' });
    await page.waitForSelector('#audit-table tbody tr');
    const text = await page.innerText('#audit-table tbody');
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(text).not.toMatch(/kiosk\.create|user\.update/);
    expect(text).toContain('Tạo kiosk ở Phường Sài Gòn');
    expect(text).toContain('Kiosk: Kiosk 21');
    expect(text).toContain('Mã quản trị (ADMIN_TOKEN)');
    expect(await page.$$eval('#audit-table tbody tr', (rows) => rows.length)).toBe(20);
    expect(await page.isDisabled('#audit-newer')).toBe(true);
    const first = await page.innerText('#audit-table tbody tr:first-child');

    await page.click('#audit-older');
    await page.waitForSelector('#audit-page:text-is("Trang 2")');
    const second = await page.innerText('#audit-table tbody');
    // Sign-ins are audited too, and look alike: tell the pages apart by the newest kiosk.
    expect(second).not.toContain('Kiosk: Kiosk 21');
    expect(second).toContain('Đổi tên kiosk từ Ủy ban phường thành Ủy ban phường Sài Gòn');
    expect(second).toContain('Kiosk: Ủy ban phường Sài Gòn');
    await page.screenshot({ path: artifact('admin-audit.png'), fullPage: true });
    await page.click('#audit-newer');
    await page.waitForSelector('#audit-page:text-is("Trang 1")');
    expect(await page.innerText('#audit-table tbody tr:first-child')).toBe(first);
    await page.context().close();
  });

  it('never swaps a signed-in session for a #token= link without asking', async () => {
    const page = await open(official);
    const stored = await page.evaluate(() => localStorage.getItem('kioskPulse.token'));
    const context = page.context();

    // A link opened in another tab: asked; kept.
    const linked = await context.newPage();
    await linked.goto(`${test.url}/#token=${ADMIN_TOKEN}`);
    const dialog = linked.locator('dialog[open]');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('official');
    expect(await linked.textContent('#current-user')).toContain('official');
    expect(linked.url()).not.toContain('token=');
    await linked.screenshot({ path: artifact('admin-token-link.png') });
    await dialog.locator('button:text-is("Giữ phiên hiện tại")').click();
    await linked.waitForSelector('#session-notice:has-text("Đã bỏ qua liên kết đăng nhập")');
    expect(await linked.evaluate(() => localStorage.getItem('kioskPulse.token'))).toBe(stored);
    await linked.close();

    // A link whose token the server refuses: the session stays, and the page says so.
    const bad = await context.newPage();
    await bad.goto(`${test.url}/#token=not-a-real-token`);
    await bad.waitForSelector('#session-notice:has-text("không hợp lệ")');
    expect(await bad.textContent('#current-user')).toContain('official');
    await bad.close();

    // Pasted into the signed-in page's address bar: asked too; switched only on request.
    await page.evaluate((token) => (location.hash = `#token=${token}`), ADMIN_TOKEN);
    await page.locator('dialog[open]').waitFor();
    await page.click('dialog[open] button[value="confirm"]');
    await page.waitForSelector('#current-user:has-text("admin-token")');
    expect(await page.evaluate(() => localStorage.getItem('kioskPulse.token'))).toBe(ADMIN_TOKEN);
    // The session left behind was signed out.
    expect((await call(`${test.url}/api/v1/auth/me`, { token: stored })).status).toBe(401);
    await context.close();
  });

  it('has no Vietnamese-only text in English on the management pages, data aside', async () => {
    const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹàáãèéìíòóõùúýĩũ]/i;
    const offending = (page: Page, scope: string) =>
      page.evaluate(
        ([selector, pattern]) => {
          const vietnamese = new RegExp(pattern, 'i');
          const found: string[] = [];
          const kept = (element: Element) => element.closest('[translate="no"]') !== null;
          for (const root of document.querySelectorAll(selector)) {
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const parent = node.parentElement;
              if (!parent || kept(parent) || !parent.checkVisibility()) continue;
              if (parent.closest('select') && !(parent as HTMLOptionElement).selected) continue;
              if (vietnamese.test(node.textContent ?? '')) found.push(node.textContent?.trim() ?? '');
            }
            for (const element of [root, ...root.querySelectorAll('*')]) {
              if (kept(element)) continue;
              for (const attribute of ['aria-label', 'title', 'placeholder', 'alt']) {
                const value = element.getAttribute(attribute);
                if (value && vietnamese.test(value)) found.push(`${attribute}=${value}`);
              }
            }
          }
          return found;
        },
        [scope, VIETNAMESE.source] as const,
      );
    const check = async (page: Page, state: string, scope: string) =>
      expect({ state, found: await offending(page, scope) }).toEqual({ state, found: [] });
    const SCOPE =
      '#app:not([hidden]) main:not([hidden]), dialog[open], #app:not([hidden]) #session-notice, #login:not([hidden])';

    // Sign-in, with its error.
    const signIn = await test.page({ viewport: { width: 1440, height: 900 }, language: 'en' });
    await signIn.goto(`${test.url}/`);
    await signIn.fill('#login-username', 'official');
    await signIn.fill('#login-password', 'wrong-password');
    await signIn.click('#login-submit');
    await signIn.waitForSelector('#login-error:text-is("Wrong user name or password.")');
    await check(signIn, 'sign-in', SCOPE);
    await signIn.context().close();

    const page = await open(admin, { language: 'en', hash: '#/kiosks' });
    await fleetRows(page);
    await check(page, 'fleet', SCOPE);
    const row = `#kiosk-table tr[data-kiosk="${kiosks.lagging.id}"]`;
    for (const [action, state] of [
      ['Rename', 'rename dialog'],
      ['New key', 'new-key dialog'],
      ['Revoke', 'revoke dialog'],
      ['Move ward', 'move-ward dialog'],
    ] as const) {
      await page.click(`${row} button:text-is("${action}")`);
      await page.locator('dialog[open]').waitFor();
      if (action === 'Move ward') {
        await page.keyboard.type('hoa');
        await page.locator('dialog[open] .ward-choice').first().waitFor();
      }
      await check(page, state, SCOPE);
      await page.click('dialog[open] button[value="cancel"]');
      await page.locator('dialog').waitFor({ state: 'detached' });
    }
    await page.click(`${row} button:text-is("New key")`);
    await page.click('dialog[open] button[value="confirm"]');
    await page.waitForSelector('tr.key-row img.qr[src^="data:"]');
    await check(page, 'new key', SCOPE);
    await page.locator(`#kiosk-table tr[data-kiosk="${kiosks.quiet.id}"] .has-tip`).focus();
    await check(page, 'rejection tip', SCOPE);
    await page.screenshot({ path: artifact('admin-fleet-en.png') });
    await page.click('tr.key-row button:text-is("Installed, close")');
    await page.selectOption('#fleet-status-filter', 'revoked');
    await page.fill('#fleet-search', 'nothing like it');
    await page.waitForSelector('#kiosk-table td.empty');
    await check(page, 'empty fleet', SCOPE);

    await page.evaluate((id) => (location.hash = `#/kiosks/${id}`), kiosks.quiet.id);
    await page.waitForSelector('#kiosk-details', { state: 'visible' });
    await check(page, 'kiosk page', SCOPE);
    await page.evaluate(() => (location.hash = `#/kiosks/00000000-0000-4000-8000-000000000000`));
    await page.waitForSelector('#kiosk-missing', { state: 'visible' });
    await check(page, 'missing kiosk', SCOPE);

    // More than a page of the log, in kinds of entries the other tests make none of.
    for (let index = 0; index < 21; index++) {
      const population = await call(`${test.url}/api/v1/wards/${SAI_GON}/population`, {
        method: 'PUT',
        json: { total: 40_000 + index, aged60Plus: 5_000, source: 'Thống kê phường', asOf: '2026-01-01' },
      });
      expect(population.status).toBe(200);
    }
    await page.evaluate(() => (location.hash = '#/users'));
    await page.waitForSelector('#audit-table tbody tr');
    await page.fill('#token-name', 'wall screen');
    await page.click('#token-create-form button[type="submit"]');
    await page.waitForSelector('#token-secret code');
    await page.fill('#user-username', 'official');
    await page.fill('#user-password', 'official-password');
    await page.click('#user-create-form button[type="submit"]');
    await page.waitForSelector('#users-error:has-text("is taken")');
    await check(page, 'users', SCOPE);
    await page.screenshot({ path: artifact('admin-users-en.png'), fullPage: true });
    for (const action of ['Reset password', 'Change role']) {
      await page.click(`tr[data-user="official"] button:text-is("${action}")`);
      await page.locator('dialog[open]').waitFor();
      await check(page, action, SCOPE);
      await page.keyboard.press('Escape');
      await page.locator('dialog').waitFor({ state: 'detached' });
    }
    await page.click('tr:has-text("wall screen") button:text-is("Revoke")');
    await page.locator('dialog[open]').waitFor();
    await check(page, 'token revoke dialog', SCOPE);
    await page.keyboard.press('Escape');
    await page.click('#audit-older');
    await page.waitForSelector('#audit-page:text-is("Page 2")');
    await check(page, 'audit page 2', SCOPE);

    // A sign-in link while signed in.
    const linked = await page.context().newPage();
    await linked.goto(`${test.url}/#token=${ADMIN_TOKEN}`);
    await linked.locator('dialog[open]').waitFor();
    // The overview behind it is the analytic views' (their own test walks it).
    const LINK_SCOPE = 'dialog[open], #session-notice:not([hidden])';
    await check(linked, 'token link dialog', LINK_SCOPE);
    await linked.click('dialog[open] button:text-is("Keep the current session")');
    await linked.waitForSelector('#session-notice:not([hidden])');
    await check(linked, 'token link kept', LINK_SCOPE);
    await page.context().close();
  });

  it('shows the management pages at 1440x900 and 390x844 in both languages', async () => {
    for (const language of ['vi', 'en'] as const) {
      for (const [width, height] of [
        [1440, 900],
        [390, 844],
      ] as const) {
        const page = await open(admin, { language, width, height, hash: '#/users' });
        await page.waitForSelector('#audit-table tbody tr');
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await page.screenshot({ path: artifact(`admin-users-${width}-${language}.png`), fullPage: true });
        await page.evaluate((id) => (location.hash = `#/kiosks/${id}`), kiosks.busy.id);
        await page.waitForSelector('#kiosk-details', { state: 'visible' });
        await page.screenshot({ path: artifact(`admin-kiosk-${width}-${language}.png`), fullPage: true });
        await page.context().close();
      }
    }
  }, 180_000);
});
