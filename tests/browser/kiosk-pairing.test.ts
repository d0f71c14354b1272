/// <reference lib="dom" />
// Some callbacks below run in the page, where the DOM is.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import QRCode from 'qrcode';
import { kioskClock } from '@kiosk-pulse/demo';
import { artifact, useDashboard, type Person } from '../support/browser';
import { call } from '../support/http';
import { createKiosk, createUser, SAI_GON } from './fixtures';

const BEN_THANH = '26743';
const CODE = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}$/;
const INVALID =
  'This pairing code is not valid: it may have expired (10 minutes) or been used. Ask ward staff for a new one.';
// Letters only Vietnamese uses: none may be left in the English panel but the kiosk's label.
const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

/**
 * The fleet's "Mã ghép nối" button: the code shown large, the QR code of the kiosk app's pairing
 * link, and the expiry; the code on screen pairs a device, and the QR image is, module for
 * module, the QR code of that link (no QR decoder is installed: the image is read back from a
 * canvas and compared with the symbol the qrcode package makes for the link).
 */
describe('pairing a kiosk from the dashboard', () => {
  const test = useDashboard();
  let staff: Person;
  let official: Person;
  const kiosks: Record<string, { id: string; key: string }> = {};

  const pair = (code: string) => call(`${test.url}/api/v1/kiosk/pair`, { token: null, json: { code } });
  const heartbeat = (key: string) =>
    call(`${test.url}/api/v1/events`, {
      token: key,
      json: { events: [{ id: randomUUID(), type: 'heartbeat', occurredAt: kioskClock() }] },
    });

  /** What the panel under a kiosk shows: code, expiry line, link, and the QR image's dark modules. */
  async function readPanel(page: Page, panel: string, url: (code: string) => string) {
    await page.waitForSelector(`${panel} .pairing-code`);
    const code = (await page.locator(`${panel} .pairing-code`).textContent()) ?? '';
    const link = (await page.locator(`${panel} code.key`).textContent()) ?? '';
    const status = (await page.locator(`${panel} [role="status"]`).textContent()) ?? '';
    const fontSize = await page.$eval(`${panel} .pairing-code`, (node) => parseFloat(getComputedStyle(node).fontSize));
    const symbol = QRCode.create(url(code), { errorCorrectionLevel: 'M' }).modules;
    await page.waitForFunction(
      (selector) => ((document.querySelector(selector) as HTMLImageElement | null)?.naturalWidth ?? 0) > 0,
      `${panel} img.qr`,
    );
    // The image's pixel at the centre of each module; the qrcode package leaves a margin of 2.
    const dark = await page.$eval(
      `${panel} img.qr`,
      (image, size) => {
        const img = image as HTMLImageElement;
        const canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const context = canvas.getContext('2d') as CanvasRenderingContext2D;
        context.drawImage(img, 0, 0);
        const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
        const scale = canvas.width / (size + 4);
        const modules: boolean[] = [];
        for (let row = 0; row < size; row++) {
          for (let column = 0; column < size; column++) {
            const x = Math.floor((column + 2.5) * scale);
            const y = Math.floor((row + 2.5) * scale);
            modules.push(pixels[(y * canvas.width + x) * 4] < 128);
          }
        }
        return modules;
      },
      symbol.size,
    );
    const expected = Array.from({ length: symbol.size * symbol.size }, (_, index) =>
      Boolean(symbol.get(Math.floor(index / symbol.size), index % symbol.size)),
    );
    return { code, link, status, fontSize, qrMatchesLink: dark.length > 0 && dark.every((d, i) => d === expected[i]) };
  }

  beforeAll(async () => {
    staff = await createUser(test.url, 'staff.saigon', 'ward_staff', SAI_GON);
    official = await createUser(test.url, 'official', 'city_official', null);
    kiosks.hall = await createKiosk(test.url, SAI_GON, 'Nhà văn hóa khu phố 1');
    kiosks.office = await createKiosk(test.url, SAI_GON, 'Ủy ban phường');
    kiosks.other = await createKiosk(test.url, BEN_THANH, 'Chợ Bến Thành');
  });

  it('shows ward staff a large code, its expiry and the QR code of a link that pairs the kiosk', async () => {
    const page = await test.open(staff);
    await page.evaluate(() => (location.hash = '#/kiosks'));
    const row = `#kiosk-table tr[data-kiosk="${kiosks.hall.id}"]`;
    await page.waitForSelector(row);
    // Only their ward's kiosks, each with the button.
    expect(await page.locator(`#kiosk-pair-${kiosks.other.id}`).count()).toBe(0);
    const before = Date.now();
    await page.click(`#kiosk-pair-${kiosks.hall.id}`);
    const panel = `${row} + tr.key-row .pairing-panel`;
    const shown = await readPanel(page, panel, (code) => `${test.url}/kiosk/#pair=${code}`);
    expect(shown.code).toMatch(CODE);
    expect(shown.link).toBe(`${test.url}/kiosk/#pair=${shown.code}`);
    expect(shown.qrMatchesLink).toBe(true);
    expect(shown.fontSize).toBeGreaterThanOrEqual(32);
    // The expiry in city time, 10 minutes on.
    const expiry = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    const times = [before, Date.now()].map((time) => expiry.format(time + 10 * 60_000));
    expect(shown.status).toMatch(/^Hết hạn lúc /);
    expect(times.some((time) => shown.status.includes(time))).toBe(true);
    expect(await page.locator(`${panel} h3`).innerText()).toContain('Nhà văn hóa khu phố 1');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(`pairing-${kiosks.hall.id}`);
    expect(await page.locator(`${panel} img.qr`).getAttribute('alt')).toBe('Mã QR để ghép nối kiosk');
    await page.screenshot({ path: artifact('fleet-pairing-code.png') });

    // The link's code, as the kiosk app reads it from the fragment, pairs the kiosk once.
    const paired = await pair(decodeURIComponent(new URL(shown.link).hash.replace('#pair=', '')));
    expect(paired).toMatchObject({ status: 200, body: { kioskId: kiosks.hall.id } });
    expect((await heartbeat(paired.body.key)).status).toBe(202);
    expect((await heartbeat(kiosks.hall.key)).status).toBe(401);
    expect(await pair(shown.code)).toMatchObject({ status: 404, body: { message: INVALID } });

    // A new code replaces the one on screen, which then no longer pairs.
    await page.click(`${panel} button:text-is("Tạo mã mới")`);
    await page.waitForFunction(({ selector, old }) => document.querySelector(selector)?.textContent !== old, {
      selector: `${panel} .pairing-code`,
      old: shown.code,
    });
    const renewed = (await page.locator(`${panel} .pairing-code`).textContent()) ?? '';
    expect(renewed).toMatch(CODE);
    await page.click(`${panel} button:text-is("Đóng")`);
    expect(await page.locator('.pairing-panel').count()).toBe(0);
    expect(await pair(renewed)).toMatchObject({ status: 200 });
    await page.context().close();
  });

  it('brings a revoked kiosk back from its fleet row, the only action left on it', async () => {
    expect((await call(`${test.url}/api/v1/kiosks/${kiosks.office.id}/revoke`, { method: 'POST' })).status).toBe(200);
    const page = await test.open(staff);
    await page.evaluate(() => (location.hash = '#/kiosks'));
    const row = `#kiosk-table tr[data-kiosk="${kiosks.office.id}"]`;
    await page.waitForSelector(`${row} .badge.revoked`);
    expect(await page.locator(`${row} .actions button`).allInnerTexts()).toEqual(['Mã ghép nối']);
    await page.click(`#kiosk-pair-${kiosks.office.id}`);
    const code = (await page.locator(`${row} + tr.key-row .pairing-code`).textContent()) ?? '';
    const paired = await pair(code.toLowerCase());
    expect(paired.status).toBe(200);
    expect((await heartbeat(paired.body.key)).status).toBe(202);
    // The fleet's next refresh finds it active, with every action back.
    await page.waitForSelector(`${row} .badge:not(.revoked)`, { timeout: 30_000 });
    expect(await page.locator(`#kiosk-rotate-${kiosks.office.id}`).count()).toBe(1);
    await page.context().close();
  });

  it('offers a code on the kiosk’s own page, in English too', async () => {
    const page = await test.open(staff, { language: 'en' });
    await page.evaluate((id) => (location.hash = `#/kiosks/${id}`), kiosks.hall.id);
    await page.click('#kiosk-pair');
    const panel = '#kiosk-pairing .pairing-panel';
    const shown = await readPanel(page, panel, (code) => `${test.url}/kiosk/#pair=${code}`);
    expect(shown.code).toMatch(CODE);
    expect(shown.qrMatchesLink).toBe(true);
    expect(shown.status).toContain('Expires at');
    const text = (await page.locator(panel).innerText()).replace('Nhà văn hóa khu phố 1', '');
    expect(text).not.toMatch(VIETNAMESE);
    expect(await page.locator(`${panel} img.qr`).getAttribute('alt')).toBe('QR code to pair the kiosk');
    await page.screenshot({ path: artifact('kiosk-pairing-code-en.png') });
    await page.click(`${panel} button:text-is("Close")`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('kiosk-pair');
    await page.context().close();
  });

  it('offers none to a city official, who reads kiosks but does not manage them', async () => {
    const page = await test.open(official);
    await page.evaluate(() => (location.hash = '#/kiosks'));
    await page.waitForSelector(`#kiosk-table tr[data-kiosk="${kiosks.hall.id}"]`);
    expect(await page.locator('[id^="kiosk-pair-"]').count()).toBe(0);
    await page.evaluate((id) => (location.hash = `#/kiosks/${id}`), kiosks.hall.id);
    await page.waitForSelector('#kiosk-details:not([hidden])');
    expect(await page.locator('#kiosk-pair').count()).toBe(0);
    await page.context().close();
  });
});
