import { randomUUID } from 'node:crypto';
import type { FleetEntry } from '@kiosk-pulse/contract';
import { kioskClock } from '@kiosk-pulse/demo';
import { artifact, useDashboard, type Person } from '../support/browser';
import { call } from '../support/http';
import { SAI_GON, createKiosk, createUser } from './fixtures';

/*
 * The fleet and a kiosk's page show what the kiosk's latest heartbeat said: the events still
 * waiting on the device and its app's version. A kiosk is stale after 2 s here, so that waiting
 * events on a quiet kiosk (the case to act on) are seen highlighted without a long wait.
 */
describe('the fleet shows the latest heartbeat', () => {
  const test = useDashboard({ config: { kioskStaleAfterMs: 2_000, kioskOfflineAfterMs: 3_600_000 } });
  let quiet: { id: string; key: string };
  let silent: { id: string; key: string };
  let chief: Person;

  beforeAll(async () => {
    chief = await createUser(test.url, 'chief', 'admin', null);
    quiet = await createKiosk(test.url, SAI_GON, 'Bàn có sự kiện chờ');
    silent = await createKiosk(test.url, SAI_GON, 'Bàn chưa gửi nhịp tim');
    const heartbeat = {
      id: randomUUID(),
      type: 'heartbeat',
      occurredAt: kioskClock(),
      pending: 7,
      appVersion: '1.2.0',
    };
    const sent = await call(`${test.url}/api/v1/events`, { token: quiet.key, json: { events: [heartbeat] } });
    expect(sent.body.accepted).toBe(1);
    // Stored, and then quiet for longer than the stale threshold.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const row = (await call<FleetEntry>(`${test.url}/api/v1/kiosks/${quiet.id}`)).body;
      if (row.heartbeat?.pendingEvents === 7 && row.status === 'stale') break;
      if (Date.now() > deadline) throw new Error(`not stale with its heartbeat: ${JSON.stringify(row)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });

  it('shows the events waiting and the app version on the fleet row and the kiosk page', async () => {
    const page = await test.open(chief);
    await page.click('#nav-kiosks');
    const row = `#kiosk-table tbody tr[data-kiosk="${quiet.id}"]`;
    await page.waitForSelector(row);
    const pending = page.locator(`${row} td[data-label="Chờ gửi"] .pending`);
    expect(await pending.textContent()).toMatch(/^⚠ 7/);
    // Waiting on a kiosk gone quiet: highlighted, with words for those who do not see the colour.
    expect(await pending.getAttribute('class')).toContain('stale');
    expect(await page.locator(`${row} td[data-label="Chờ gửi"] .tip`).textContent()).toContain('7 sự kiện chưa gửi');
    expect(await page.textContent(`${row} td[data-label="Phiên bản ứng dụng"]`)).toBe('1.2.0');
    const none = `#kiosk-table tbody tr[data-kiosk="${silent.id}"]`;
    expect(await page.textContent(`${none} td[data-label="Chờ gửi"]`)).toBe('–');
    expect(await page.textContent(`${none} td[data-label="Phiên bản ứng dụng"]`)).toBe('–');
    await page.screenshot({ path: artifact('fleet-heartbeat.png') });

    await page.click(`#kiosk-table a[href="#/kiosks/${quiet.id}"]`);
    await page.waitForSelector('#kiosk-title:text-is("Bàn có sự kiện chờ")');
    const fact = (name: string) => page.textContent(`#kiosk-facts dt:text-is("${name}") + dd`);
    expect(await fact('Chờ gửi')).toMatch(/^⚠ 7/);
    expect(await fact('Phiên bản ứng dụng')).toBe('1.2.0');
    await page.goto(`${test.url}/#/kiosks/${silent.id}`);
    await page.waitForSelector('#kiosk-title:text-is("Bàn chưa gửi nhịp tim")');
    expect(await fact('Chờ gửi')).toBe('–');
    expect(await fact('Phiên bản ứng dụng')).toBe('–');
    await page.context().close();
  });
});
