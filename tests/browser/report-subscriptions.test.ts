/// <reference lib="dom" />
// Some callbacks below run in the page, where the DOM is.
import type { ReportDelivery, ReportSubscription } from '@kiosk-pulse/contract';
import type { Page } from 'playwright-core';
import { ReportDeliveryQueue } from '../../apps/api/src/reports/delivery-queue';
import { useDashboard, type Person } from '../support/browser';
import { call } from '../support/http';
import { TestSmtpServer } from '../support/smtp-server';
import { SAI_GON, cityDay, createUser } from './fixtures';

/**
 * Báo cáo (`#/reports`, issue 17) through Chromium: ward staff subscribe to their own ward's
 * report and cancel it; an official chooses the city; an admin sees a failed delivery with its
 * error and sends it again; a report downloads as a file.
 */
describe('reports view', () => {
  // The SMTP server is started before the app, which is told its address.
  const mail = { smtpUrl: 'smtp://127.0.0.1:1', from: 'Kiosk Pulse <bao-cao@kiosk-pulse.test>' };
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    mail.smtpUrl = smtp.url;
  });
  const test = useDashboard({ config: { mail, reportDelivery: { attempts: 2, backoffMs: 50 } } });
  let staff: Person;
  let official: Person;
  let admin: Person;
  const tokens: Record<string, string> = {};

  const signIn = async (person: Person) =>
    (await call<{ token: string }>(`${test.url}/api/v1/auth/login`, { token: null, json: person })).body.token;
  const subscriptionsOf = async (username: string) =>
    (await call<ReportSubscription[]>(`${test.url}/api/v1/reports/subscriptions`, { token: tokens[username] })).body;

  const open = async (person: Person): Promise<Page> => {
    const page = await test.open(person, { viewport: { width: 1280, height: 900 } });
    await page.click('#nav-reports');
    await page.waitForSelector('#reports:not([hidden]) #report-subscriptions-table');
    return page;
  };

  const subscribeInPage = async (page: Page, email: string, formats: string[]) => {
    await page.fill('#report-subscribe-email', email);
    for (const format of ['pdf', 'xlsx']) {
      await page.setChecked(`#report-subscribe-formats input[value="${format}"]`, formats.includes(format));
    }
    await page.click('#report-subscribe-submit');
    await page.waitForSelector('#report-subscribe-status:not(:empty)');
  };

  beforeAll(async () => {
    staff = await createUser(test.url, 'staff.reports', 'ward_staff', SAI_GON);
    official = await createUser(test.url, 'official.reports', 'city_official', null);
    admin = await createUser(test.url, 'admin.reports', 'admin', null);
    for (const person of [staff, official, admin]) tokens[person.username] = await signIn(person);
  }, 60_000);

  afterAll(async () => {
    await smtp?.close();
  });

  it('lets ward staff subscribe to their own ward only, lists it, and cancels it', async () => {
    const page = await open(staff);
    // Their ward is the only scope offered; no deliveries panel for them.
    expect(
      await page.$$eval('#report-subscribe-scope option', (options) =>
        options.map((o) => (o as HTMLOptionElement).value),
      ),
    ).toEqual(['ward']);
    expect(
      await page.$$eval('#report-subscribe-ward option', (options) =>
        options.map((o) => (o as HTMLOptionElement).value),
      ),
    ).toEqual([SAI_GON]);
    expect(await page.isHidden('#report-deliveries-panel')).toBe(true);
    expect(await page.textContent('#report-subscriptions-table tbody')).toContain('chưa đăng ký');

    await page.selectOption('#report-subscribe-schedule', 'monthly');
    await subscribeInPage(page, 'can-bo@saigon.hochiminhcity.gov.vn', ['pdf', 'xlsx']);
    const [made] = await subscriptionsOf('staff.reports');
    expect(made).toMatchObject({
      email: 'can-bo@saigon.hochiminhcity.gov.vn',
      scope: 'ward',
      wardCode: SAI_GON,
      schedule: 'monthly',
      language: 'vi',
      formats: ['pdf', 'xlsx'],
    });
    const row = `#report-subscriptions-table tr[data-subscription="${made.id}"]`;
    await page.waitForSelector(row);
    const cells = await page.$$eval(`${row} td`, (tds) => tds.map((td) => td.textContent?.trim()));
    expect(cells.slice(0, 5)).toEqual([
      'Phường Sài Gòn',
      'Hằng tháng (ngày 1, 06:00)',
      'Tiếng Việt',
      'PDF, XLSX',
      'can-bo@saigon.hochiminhcity.gov.vn',
    ]);

    await page.click(`${row} button.danger`);
    await page.click('dialog.modal button[value="confirm"]');
    await page.waitForSelector(row, { state: 'detached' });
    expect(await subscriptionsOf('staff.reports')).toEqual([]);
    await page.close();
  });

  it('lets an official choose the city, and refuses a form with no file chosen with the server’s reason', async () => {
    const page = await open(official);
    expect(
      await page.$$eval('#report-subscribe-scope option', (options) =>
        options.map((o) => (o as HTMLOptionElement).value),
      ),
    ).toEqual(['city', 'ward']);
    await page.selectOption('#report-subscribe-lang', 'en');
    await subscribeInPage(page, 'lanh-dao@hochiminhcity.gov.vn', ['xlsx']);
    const [made] = await subscriptionsOf('official.reports');
    expect(made).toMatchObject({
      scope: 'city',
      wardCode: null,
      schedule: 'weekly',
      language: 'en',
      formats: ['xlsx'],
    });
    await page.waitForSelector(`#report-subscriptions-table tr[data-subscription="${made.id}"]`);
    expect(await page.textContent(`#report-subscriptions-table tr[data-subscription="${made.id}"]`)).toContain(
      'Toàn thành phố',
    );

    await page.fill('#report-subscribe-email', 'lanh-dao@hochiminhcity.gov.vn');
    for (const format of ['pdf', 'xlsx'])
      await page.setChecked(`#report-subscribe-formats input[value="${format}"]`, false);
    await page.click('#report-subscribe-submit');
    await page.waitForSelector('#reports-error:not(:empty)');
    expect(await page.textContent('#reports-error')).toContain('formats');
    expect(await subscriptionsOf('official.reports')).toHaveLength(1);
    await page.close();
  });

  it('downloads a report of a past week as a file', async () => {
    const page = await open(official);
    await page.selectOption('#report-download-period', 'week');
    const start = await page.inputValue('#report-download-start');
    // The last whole week is chosen: a Monday, 7 to 13 days ago.
    const monday = Date.parse(`${start}T00:00:00Z`);
    expect(new Date(monday).getUTCDay()).toBe(1);
    const ago = (Date.parse(`${cityDay()}T00:00:00Z`) - monday) / 86_400_000;
    expect(ago).toBeGreaterThanOrEqual(7);
    expect(ago).toBeLessThanOrEqual(13);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#report-download-xlsx')]);
    expect(download.suggestedFilename()).toBe(`bao-cao-thanh-pho-week-${start}.xlsx`);
    await page.close();
  });

  it('shows admins a failed delivery with its error and sends it again', async () => {
    smtp.failNext(Infinity);
    await test.app.app.get(ReportDeliveryQueue).trigger('weekly', new Date());
    const deadline = Date.now() + 60_000;
    let failed: ReportDelivery | undefined;
    while (!failed) {
      const list = await call<ReportDelivery[]>(`${test.url}/api/v1/reports/deliveries`, {
        token: tokens['admin.reports'],
      });
      failed = list.body.find((delivery) => delivery.status === 'failed');
      if (Date.now() > deadline) throw new Error(`no failed delivery: ${JSON.stringify(list.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    smtp.acceptAll();
    const page = await open(admin);
    const row = `#report-deliveries-table tr[data-delivery="${failed.id}"]`;
    await page.waitForSelector(`${row}[data-status="failed"]`);
    const text = await page.textContent(row);
    expect(text).toContain('không gửi được');
    expect(text).toContain('451');
    expect(text).toContain('official.reports');
    await page.click(`${row} button`);
    await smtp.waitFor(1, 60_000);
    await page.waitForSelector(`${row}[data-status="sent"], ${row}[data-status="queued"]`);
    await page.close();
  });
});
