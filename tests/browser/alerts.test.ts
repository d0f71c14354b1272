import { randomUUID } from 'node:crypto';
import type { AlertIncident, AlertRule, Kiosk, Target } from '@kiosk-pulse/contract';
import { kioskClock } from '@kiosk-pulse/demo';
import { AlertsQueue } from '../../apps/api/src/alerts/alerts-queue';
import { seriousViolations } from '../support/axe';
import { useDashboard, type Person } from '../support/browser';
import { call } from '../support/http';
import { SAI_GON, cityDay, createKiosk, createUser } from './fixtures';

/** The first city day after today that is not a Sunday (inside the default opening days). */
function nextWorkingDay(): string {
  for (let offset = 1; ; offset++) {
    const day = cityDay(offset);
    if (new Date(`${day}T12:00:00Z`).getUTCDay() !== 0) return day;
  }
}

/** Cảnh báo (`#/alerts`, issue 17): the open incident listed, and a rule made in the page's form. */
describe('alerts view', () => {
  // The scheduler is off: the incident is opened as of an instant of the test's own.
  const test = useDashboard({ config: { alerts: { evaluateEveryMs: 0 } } });
  let staff: Person;
  let staffToken: string;
  let incident: AlertIncident;

  /** A kiosk of Sài Gòn, heard from once (a heartbeat, stored): from then on its silence counts. */
  const heardKiosk = async (label: string) => {
    const kiosk = await createKiosk(test.url, SAI_GON, label);
    await call(`${test.url}/api/v1/events`, {
      token: kiosk.key,
      json: { events: [{ id: randomUUID(), type: 'heartbeat', occurredAt: kioskClock() }] },
    });
    const deadline = Date.now() + 20_000;
    while (!(await call<Kiosk>(`${test.url}/api/v1/kiosks/${kiosk.id}`)).body.lastSeenAt) {
      if (Date.now() > deadline) throw new Error('the heartbeat was not stored');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return kiosk;
  };

  beforeAll(async () => {
    staff = await createUser(test.url, 'staff.alerts', 'ward_staff', SAI_GON);
    staffToken = (await call(`${test.url}/api/v1/auth/login`, { token: null, json: staff })).body.token;
    await heardKiosk('Quầy Bến Thành');
    const rule = await call(`${test.url}/api/v1/alerts/rules`, {
      token: staffToken,
      json: { wardCode: SAI_GON, kind: 'silent_kiosk' },
    });
    expect(rule.status).toBe(201);
    const evaluation = await test.app.app.get(AlertsQueue).evaluate(new Date(`${nextWorkingDay()}T09:00:00+07:00`));
    expect(evaluation.opened).toBe(1);
    [incident] = (await call<AlertIncident[]>(`${test.url}/api/v1/alerts`, { token: staffToken })).body;
  }, 60_000);

  it('lists the open incident with the message that was sent', async () => {
    const page = await test.open(staff);
    await page.click('#nav-alerts');
    const row = page.locator('#alerts-table tbody tr[data-state="open"]');
    await row.waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.getAttribute('data-incident')).toBe(incident.id);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Đang mở');
    expect(text).toContain('Phường Sài Gòn');
    expect(text).toContain('Kiosk không hoạt động');
    expect(text).toContain(incident.message);
    expect(incident.message).toContain('Kiosk “Quầy Bến Thành”');
    // On a tablet held sideways the message wraps: the table needs no sideways scrolling, which
    // would hide the times and the deliveries after it.
    await page.setViewportSize({ width: 1024, height: 768 });
    const scroll = page.locator('.table-scroll:has(#alerts-table)');
    expect(await scroll.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(0);
    // Filtering to the cleared ones leaves none.
    await page.selectOption('#alerts-filter', 'resolved');
    await page.waitForSelector('#alerts-table tbody td.empty');
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('lets ward staff add a rule in the page, with its quiet hours, e-mail and webhook, and shows the secret once', async () => {
    const page = await test.open(staff);
    await page.click('#nav-alerts');
    await page.waitForSelector('#alert-rules-table tbody tr[data-rule]');
    expect(await page.inputValue('#alert-rule-ward')).toBe(SAI_GON);
    await page.selectOption('#alert-rule-kind', 'sudden_drop');
    await page.fill('#alert-rule-quiet-from', '21:00');
    await page.fill('#alert-rule-quiet-to', '06:00');
    await page.fill('#alert-rule-email', 'phuong-saigon@example.vn, to-cntt@example.vn');
    await page.fill('#alert-rule-webhook', 'https://chat.example.vn/hooks/saigon');
    await page.click('#alert-rule-submit');
    await page.waitForSelector('#alert-rule-status:has-text("Đã thêm quy tắc")');
    const secret = await page.textContent('#alert-rule-secret');
    expect(secret).toMatch(/^whsec_/);
    await page.waitForSelector('#alert-rules-table tbody tr[data-rule] >> nth=1');

    const rules = (await call<AlertRule[]>(`${test.url}/api/v1/alerts/rules`, { token: staffToken })).body;
    const made = rules.find((rule) => rule.kind === 'sudden_drop');
    expect(made).toMatchObject({
      wardCode: SAI_GON,
      enabled: true,
      params: { dropPercent: 40, minMedian: 10, weeks: 4 },
      quietHours: { from: '21:00', to: '06:00' },
      emailTo: ['phuong-saigon@example.vn', 'to-cntt@example.vn'],
      webhookUrl: 'https://chat.example.vn/hooks/saigon',
      createdBy: 'user:staff.alerts',
    });
    // The secret is not in any later answer.
    expect(JSON.stringify(rules)).not.toContain(secret);
    await page.context().close();
  });
  it('reads in English, but for the message as it was sent (Vietnamese)', async () => {
    const page = await test.open(staff, { language: 'en' });
    await page.click('#nav-alerts');
    await page.waitForSelector('#alerts-table tbody tr[data-state="open"]');
    expect(await page.textContent('#nav-alerts')).toBe('Warnings');
    expect(await page.textContent('#alerts h2')).toBe('Warnings');
    expect(await page.$$eval('#alerts-table thead th', (cells) => cells.map((cell) => cell.textContent))).toEqual([
      'Status',
      'Ward',
      'Kind',
      'Message',
      'Opened',
      'Cleared at',
      'Messages',
    ]);
    const cells = await page.$$eval('#alerts-table tbody tr[data-state="open"] td', (tds) =>
      tds.map((td) => ({ text: td.textContent, lang: td.getAttribute('lang') })),
    );
    expect(cells[0].text).toBe('Open');
    expect(cells[2].text).toBe('Kiosk silent');
    expect(cells[3]).toEqual({ text: incident.message, lang: 'vi' });
    expect(await page.textContent('#alert-rule-submit')).toBe('Add rule');
    await page.context().close();
  });

  it('lets ward staff edit a rule’s parameter, pause it (it does not fire) and resume it; the edit stays after a reload', async () => {
    const rules = (await call<AlertRule[]>(`${test.url}/api/v1/alerts/rules`, { token: staffToken })).body;
    const rule = rules.find((entry) => entry.kind === 'silent_kiosk') as AlertRule;
    const page = await test.open(staff);
    await page.click('#nav-alerts');
    const row = page.locator(`#alert-rules-table tbody tr[data-rule="${rule.id}"]`);
    await row.waitFor();
    expect(await row.locator('.rule-params').textContent()).toBe(
      'Im lặng 30 phút trong giờ mở cửa (T2, T3, T4, T5, T6, T7 07:30–17:00)',
    );

    // Edit: 45 minutes of silence instead of 30, in the dialog.
    await row.locator('button[data-action="edit"]').click();
    expect(await page.inputValue('#alert-edit-silent-minutes')).toBe('30');
    await page.fill('#alert-edit-silent-minutes', '45');
    expect(await seriousViolations(page)).toEqual([]);
    await page.click('dialog.modal button[value="confirm"]');
    await page.waitForSelector('#alert-rule-status:has-text("Đã lưu quy tắc")');
    await page.waitForSelector(`tr[data-rule="${rule.id}"] .rule-params:has-text("Im lặng 45 phút")`);
    const read = async () =>
      (await call<AlertRule>(`${test.url}/api/v1/alerts/rules/${rule.id}`, { token: staffToken })).body;
    expect(await read()).toMatchObject({
      enabled: true,
      params: { silentMinutes: 45, openingHours: { days: [1, 2, 3, 4, 5, 6], from: '07:30', to: '17:00' } },
    });

    // A second kiosk falls silent; paused, the rule opens nothing for it.
    const kiosk = await heardKiosk('Quầy Chợ Cũ');
    await row.locator('button[data-action="pause"]').click();
    await page.waitForSelector(`tr[data-rule="${rule.id}"][data-enabled="false"]`);
    expect(await page.textContent(`tr[data-rule="${rule.id}"] .rule-state`)).toBe('Đã tạm dừng');
    expect((await read()).enabled).toBe(false);
    const at = new Date(`${nextWorkingDay()}T09:00:00+07:00`);
    const evaluate = () => test.app.app.get(AlertsQueue).evaluate(at);
    expect(await evaluate()).toMatchObject({ opened: 0 });

    // Resumed, it fires for that kiosk (silent since 07:30, over 45 minutes at 09:00).
    await page.locator(`tr[data-rule="${rule.id}"] button[data-action="resume"]`).click();
    await page.waitForSelector(`tr[data-rule="${rule.id}"][data-enabled="true"]`);
    expect((await read()).enabled).toBe(true);
    expect(await evaluate()).toMatchObject({ opened: 1 });
    const open = (await call<AlertIncident[]>(`${test.url}/api/v1/alerts?status=open`, { token: staffToken })).body;
    expect(open.filter((entry) => entry.subject === kiosk.id).map((entry) => entry.ruleId)).toEqual([rule.id]);

    // After a reload the page reads the edit back from the server.
    await page.reload();
    await page.waitForSelector(`tr[data-rule="${rule.id}"] .rule-params:has-text("Im lặng 45 phút")`);
    expect(await page.getAttribute(`tr[data-rule="${rule.id}"]`, 'data-enabled')).toBe('true');
    await page.context().close();
  });

  it('lets ward staff pick the target a behind-pace rule watches from the ward’s targets', async () => {
    const target = await call<Target>(`${test.url}/api/v1/targets`, {
      json: { indicator: 'visits', wardCode: SAI_GON, target: 1_200, startDay: cityDay(-3), deadline: cityDay(30) },
    });
    expect(target.status).toBe(201);
    const created = await call<AlertRule>(`${test.url}/api/v1/alerts/rules`, {
      token: staffToken,
      json: { wardCode: SAI_GON, kind: 'behind_pace' },
    });
    expect(created.status).toBe(201);
    const page = await test.open(staff);
    await page.click('#nav-alerts');
    const params = `tr[data-rule="${created.body.id}"] .rule-params`;
    await page.waitForSelector(`${params}:has-text("Mọi chỉ tiêu của phường, xã")`);
    await page.click(`tr[data-rule="${created.body.id}"] button[data-action="edit"]`);
    await page.waitForSelector('#alert-edit-target');
    const options = await page.$$eval('#alert-edit-target option', (list) =>
      list.map((option) => [(option as HTMLOptionElement).value, option.textContent]),
    );
    expect(options).toEqual([
      ['', 'Mọi chỉ tiêu của phường, xã'],
      [target.body.id, expect.stringContaining('1200')],
    ]);
    await page.selectOption('#alert-edit-target', target.body.id);
    await page.click('dialog.modal button[value="confirm"]');
    await page.waitForSelector(`${params}:has-text("1200")`);
    const rule = (await call<AlertRule>(`${test.url}/api/v1/alerts/rules/${created.body.id}`, { token: staffToken }))
      .body;
    expect(rule.params).toEqual({ targetId: target.body.id });
    await page.context().close();
  });
});
