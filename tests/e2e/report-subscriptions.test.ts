import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Job, Queue } from 'bullmq';
import ExcelJS from 'exceljs';
import { Redis } from 'ioredis';
import type { ParsedMail } from 'mailparser';
import { addCityDays, cityDay, type ReportDelivery, type ReportSubscription } from '@kiosk-pulse/contract';
import { cityDayToInstant } from '@kiosk-pulse/contract/time';
import { ReadAudit } from '../../apps/api/src/audit/read-audit';
import { ReportDeliveryQueue, REPORTS_QUEUE } from '../../apps/api/src/reports/delivery-queue';
import { periodFirstDay } from '../../apps/api/src/reports/report-period';
import { reportRenders } from '../../apps/api/src/reports/report.metrics';
import { SubscriptionsRepository } from '../../apps/api/src/reports/subscriptions.repository';
import { kioskClock } from '@kiosk-pulse/demo';
import { createKiosk, createUser, visits } from '../browser/fixtures';
import { startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';
import { testRedisUrl } from '../support/services';
import { TestSmtpServer, type ReceivedMail } from '../support/smtp-server';

const HOUR = 3_600_000;
const SAI_GON = '26740'; // Phường Sài Gòn
const BEN_THANH = '26743'; // Phường Bến Thành
const CHANH_HIEP = '25771'; // Phường Chánh Hiệp
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/*
 * Scheduled reports against the real app (embedded TimescaleDB, Redis, BullMQ, Chromium) and a
 * real SMTP server on loopback: the weekly job, run as of a Monday 06:00 city time while the
 * tests run in UTC, mails the week Monday–Sunday just ended, with files whose figures are the
 * API's; nothing twice, a failed send retried, one failed for good shown to admins.
 */
describe('report subscriptions', () => {
  let smtp: TestSmtpServer;
  let test: TestApp;
  let deliveries: ReportDeliveryQueue;
  const tokens: Record<string, string> = {};
  const url = (path: string) => `${test.url}${path}`;
  const dir = mkdtempSync(join(tmpdir(), 'kp-report-mail-'));
  // The last whole city week (Monday to Sunday), whose Monday-after 00:30 has passed.
  const thisWeek = periodFirstDay('week', cityDay(Date.now()));
  const at = (day: string, hours: number) => cityDayToInstant(day).getTime() + hours * HOUR;
  const week = Date.now() > at(thisWeek, 1) ? addCityDays(thisWeek, -7) : addCityDays(thisWeek, -14);
  const nextMonday = addCityDays(week, 7);
  // When the weekly scheduler fires for that week: Monday 06:00 city time (Sunday 23:00 UTC).
  const firesAt = new Date(at(nextMonday, 6));
  const wednesday = addCityDays(week, 2);
  const summary = async (query: string) =>
    (await call(url(`/api/v1/stats/summary?from=${week}&to=${nextMonday}${query}`))).body;
  const subscribe = (token: string, json: object) =>
    call<ReportSubscription>(url('/api/v1/reports/subscriptions'), { token, json });
  const deliveriesList = async () => (await call<ReportDelivery[]>(url('/api/v1/reports/deliveries'))).body;
  /**
   * Waits until each of these subscriptions has its delivery of the period from `periodStart`,
   * and no delivery is queued any more (each is sent or has failed for good).
   */
  const settled = async (subscriptionIds: string[] = [], periodStart = week) => {
    for (let attempt = 0; ; attempt++) {
      const list = await deliveriesList();
      const written = subscriptionIds.every((id) =>
        list.some((delivery) => delivery.subscriptionId === id && delivery.periodStart === periodStart),
      );
      if (written && list.every((delivery) => delivery.status !== 'queued')) return list;
      if (attempt > 300) throw new Error(`deliveries still queued: ${JSON.stringify(list)}`);
      await sleep(100);
    }
  };

  /** Posts a kiosk's events, checking every one was taken. */
  const post = async (key: string, events: object[]) => {
    const reply = await call(url('/api/v1/events'), { token: key, json: { sentAt: kioskClock(), events } });
    expect([reply.status, reply.body.rejected ?? []]).toEqual([202, []]);
  };

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    test = await startTestApp({
      config: {
        mail: { smtpUrl: smtp.url, from: 'Kiosk Pulse <bao-cao@kiosk-pulse.test>' },
        reportDelivery: { attempts: 3, backoffMs: 200 },
        ageSplitDelayMs: 0,
        ageSplitPeriod: 'day',
      },
    });
    deliveries = test.app.get(ReportDeliveryQueue);
    for (const [username, role, ward] of [
      ['official', 'city_official', null],
      ['staff.saigon', 'ward_staff', SAI_GON],
      ['head.admin', 'admin', null],
    ] as const) {
      const user = await createUser(test.url, username, role, ward);
      tokens[username] = (await call(url('/api/v1/auth/login'), { token: null, json: user })).body.token;
    }
    const saiGon = await createKiosk(test.url, SAI_GON, 'Kiosk UBND Sài Gòn');
    const benThanh = await createKiosk(test.url, BEN_THANH, 'Kiosk Bến Thành');
    // Either side of the week's end, Monday 00:00 city time (Sunday 17:00 UTC): Sunday 23:30 is
    // in the week, Monday 00:30 is not.
    await post(saiGon.key, visits(4, at(nextMonday, -0.5), '16_30'));
    await post(saiGon.key, visits(7, at(nextMonday, 0.5), '16_30'));
    await post(saiGon.key, visits(10, at(wednesday, 10), '31_44'));
    await post(benThanh.key, visits(6, at(wednesday, 15), '16_30'));
    for (let attempt = 0; ; attempt++) {
      const all = (await call(url(`/api/v1/stats/summary?from=${week}&to=${addCityDays(nextMonday, 1)}`))).body;
      if (all.peopleReached === 27) break;
      if (attempt > 300) throw new Error('the events were not stored');
      await sleep(100);
    }
  }, 90_000);

  afterAll(async () => {
    await test?.close();
    await smtp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a BullMQ job scheduler per schedule, in city time: the weekly one fires Monday 06:00', async () => {
    const connection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
    const queue = new Queue(REPORTS_QUEUE, { connection, prefix: test.queuePrefix });
    try {
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((scheduler) => [scheduler.key, scheduler.pattern, scheduler.tz]).sort()).toEqual([
        ['report-half-yearly', '0 6 1 1,7 *', 'Asia/Ho_Chi_Minh'],
        ['report-monthly', '0 6 1 * *', 'Asia/Ho_Chi_Minh'],
        ['report-weekly', '0 6 * * 1', 'Asia/Ho_Chi_Minh'],
      ]);
      const weekly = schedulers.find((scheduler) => scheduler.key === 'report-weekly');
      const next = new Date(weekly!.next as number);
      // Sunday 23:00 UTC is Monday 06:00 in the city.
      expect([next.getUTCDay(), next.getUTCHours(), next.getUTCMinutes()]).toEqual([0, 23, 0]);
      expect(next.getTime()).toBeGreaterThan(Date.now());
      expect(next.getTime() - Date.now()).toBeLessThanOrEqual(7 * 24 * HOUR);
    } finally {
      await queue.close();
      await connection.quit();
    }
  });

  it('refuses bad input with 400, and ward staff the city and other wards with 403', async () => {
    const good = { email: 'a@phuong.vn', scope: 'ward', wardCode: SAI_GON, schedule: 'weekly', formats: ['pdf'] };
    for (const [change, field] of [
      [{ email: 'not an address' }, 'email'],
      [{ wardCode: undefined }, 'wardCode'],
      [{ scope: 'city' }, 'wardCode'],
      [{ wardCode: '123' }, 'wardCode'],
      [{ wardCode: '99999' }, 'unknown ward'],
      [{ schedule: 'daily' }, 'schedule'],
      [{ language: 'fr' }, 'language'],
      [{ formats: [] }, 'formats'],
      [{ formats: ['docx'] }, 'formats'],
      [{ formats: ['pdf', 'pdf'] }, 'formats'],
      [{ extra: 1 }, 'extra'],
    ] as const) {
      const reply = await subscribe(tokens.official, { ...good, ...change });
      expect([change, reply.status]).toEqual([change, 400]);
      expect((reply.body as unknown as { message: string }).message).toContain(field);
    }
    const staff = tokens['staff.saigon'];
    expect((await subscribe(staff, { ...good, wardCode: BEN_THANH })).status).toBe(403);
    expect((await subscribe(staff, { ...good, scope: 'city', wardCode: undefined })).status).toBe(403);
    expect((await subscribe('', good)).status).toBe(401);
    // An API token is no one to send to.
    expect((await call(url('/api/v1/reports/subscriptions'), { json: good })).status).toBe(403);
    expect(await call(url('/api/v1/reports/subscriptions'), { token: tokens.official })).toMatchObject({ body: [] });
  });

  let wardSubscription: ReportSubscription;
  let citySubscription: ReportSubscription;
  let wardMail: ParsedMail;
  let cityMail: ParsedMail;

  it('subscribes ward staff to their ward and an official to the city; each lists only their own', async () => {
    const ward = await subscribe(tokens['staff.saigon'], {
      email: 'can-bo@saigon.hochiminhcity.gov.vn',
      scope: 'ward',
      wardCode: SAI_GON,
      schedule: 'weekly',
      language: 'vi',
      formats: ['pdf', 'xlsx'],
    });
    expect(ward.status).toBe(201);
    wardSubscription = ward.body;
    expect(wardSubscription).toMatchObject({ scope: 'ward', wardCode: SAI_GON, schedule: 'weekly', language: 'vi' });
    const city = await subscribe(tokens.official, {
      email: 'lanh-dao@hochiminhcity.gov.vn',
      scope: 'city',
      schedule: 'weekly',
      formats: ['xlsx', 'pdf'],
    });
    expect(city.status).toBe(201);
    citySubscription = city.body;
    expect(citySubscription).toMatchObject({ scope: 'city', wardCode: null, language: 'vi' });
    // A monthly one is not the weekly job's.
    expect(
      (
        await subscribe(tokens.official, {
          email: 'lanh-dao@hochiminhcity.gov.vn',
          scope: 'ward',
          wardCode: CHANH_HIEP,
          schedule: 'monthly',
          formats: ['xlsx'],
        })
      ).status,
    ).toBe(201);
    const listed = await call<ReportSubscription[]>(url('/api/v1/reports/subscriptions'), {
      token: tokens['staff.saigon'],
    });
    expect(listed.body.map((subscription) => subscription.id)).toEqual([wardSubscription.id]);
  });

  it('mails the week Monday–Sunday (city time) just ended when the weekly job runs as of Monday 06:00', async () => {
    const fired = Date.now();
    await deliveries.trigger('weekly', firesAt);
    const received = await smtp.waitFor(2, 120_000);
    const byRecipient = (address: string) => received.find((mail) => mail.to.includes(address)) as ReceivedMail;
    const ward = byRecipient('can-bo@saigon.hochiminhcity.gov.vn');
    const city = byRecipient('lanh-dao@hochiminhcity.gov.vn');
    wardMail = ward.parsed;
    cityMail = city.parsed;
    // How long from the scheduler firing to the message in the mailbox, and its size (the report's figures).
    console.log(
      `weekly report e-mail: ward ${ward.receivedAt - fired} ms, ${ward.size} bytes; city ${city.receivedAt - fired} ms, ${city.size} bytes`,
    );
    expect(ward.from).toBe('bao-cao@kiosk-pulse.test');
    const day = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
    const range = `${day(week)} – ${day(addCityDays(week, 6))}`;
    expect(wardMail.subject).toBe(`Báo cáo điểm hỗ trợ chuyển đổi số — Phường Sài Gòn — tuần ${range}`);
    expect(cityMail.subject).toBe(`Báo cáo điểm hỗ trợ chuyển đổi số — Thành phố Hồ Chí Minh — tuần ${range}`);
    expect(wardMail.text).toContain('lượt');
    expect(wardMail.attachments.map((file) => [file.filename, file.contentType])).toEqual([
      [`bao-cao-${SAI_GON}-week-${week}.pdf`, 'application/pdf'],
      [`bao-cao-${SAI_GON}-week-${week}.xlsx`, XLSX],
    ]);
    expect(cityMail.attachments.map((file) => file.contentType)).toEqual([XLSX, 'application/pdf']);
  }, 150_000);

  it("records each report sent as an export by e-mail, in its subscriber's name, with the week it covers", async () => {
    // The message arrives before its delivery is marked sent, and recorded.
    await settled([wardSubscription.id, citySubscription.id]);
    await test.app.get(ReadAudit).flush();
    const { rows } = await test.pool.query(
      `SELECT actor, target_type, target_id, details FROM audit_log
       WHERE action = 'stats.export' AND details->>'export' = 'email' ORDER BY actor`,
    );
    const covered = {
      view: 'report',
      from: cityDayToInstant(week).toISOString(),
      to: cityDayToInstant(nextMonday).toISOString(),
    };
    expect(rows).toEqual([
      {
        actor: 'user:official',
        target_type: 'city',
        target_id: 'city',
        details: { role: 'city_official', export: 'email', ...covered },
      },
      {
        actor: 'user:staff.saigon',
        target_type: 'ward',
        target_id: SAI_GON,
        details: { role: 'ward_staff', export: 'email', ...covered },
      },
    ]);
  });

  /** The first sheet's figure of this period in the row of `label`, and the PDF's text. */
  const filesOf = async (mail: ParsedMail, name: string) => {
    const xlsx = mail.attachments.find((file) => file.contentType === XLSX)!.content;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet('Tổng hợp') as ExcelJS.Worksheet;
    const pdf = join(dir, `${name}.pdf`);
    writeFileSync(pdf, mail.attachments.find((file) => file.contentType === 'application/pdf')!.content);
    return {
      cell: (label: string) => sheet.getRow(sheet.getColumn(1).values.findIndex((value) => value === label)).getCell(2),
      pdfText: execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }),
    };
  };

  it("attaches files whose figures are the API's for Monday–Sunday: Sunday 23:30 counted, Monday 00:30 not", async () => {
    const wardStats = await summary(`&wardCode=${SAI_GON}`);
    const cityStats = await summary('');
    // 4 on Sunday 23:30 and 10 on Wednesday; the 7 of Monday 00:30 are the next week's.
    expect(wardStats.peopleReached).toBe(14);
    expect(cityStats.peopleReached).toBe(20);
    const wardData = (await call(url(`/api/v1/reports/data?scope=ward&ward=${SAI_GON}&period=week&start=${week}`)))
      .body;
    expect(wardData.totals.peopleReached).toBe(wardStats.peopleReached);

    const ward = await filesOf(wardMail, 'ward');
    expect(ward.cell('Lượt người được hỗ trợ').type).toBe(ExcelJS.ValueType.Number);
    expect(ward.cell('Lượt người được hỗ trợ').value).toBe(wardStats.peopleReached);
    expect(ward.cell('Lượt hướng dẫn hoàn thành').value).toBe(wardStats.guidesCompleted);
    expect(ward.cell('Tài khoản VNeID đã đăng ký').value).toBe(wardStats.accountsRegistered);
    expect(ward.pdfText).toContain('Phường Sài Gòn');
    expect(ward.pdfText).toMatch(new RegExp(`Lượt người được hỗ trợ\\s+${wardStats.peopleReached}\\s`));

    const city = await filesOf(cityMail, 'city');
    expect(city.cell('Lượt người được hỗ trợ').value).toBe(cityStats.peopleReached);
    expect(city.cell('Lượt hướng dẫn hoàn thành').value).toBe(cityStats.guidesCompleted);
    expect(city.cell('Tài khoản VNeID đã đăng ký').value).toBe(cityStats.accountsRegistered);
    expect(city.pdfText).toMatch(new RegExp(`Lượt người được hỗ trợ\\s+${cityStats.peopleReached}\\s`));
  });

  it('sends each period once, however often the job runs', async () => {
    await deliveries.trigger('weekly', firesAt);
    await deliveries.trigger('weekly', new Date(firesAt.getTime() + 3 * HOUR));
    expect(await deliveries.enqueueDue('weekly', firesAt)).toBe(0);
    await sleep(1_500);
    const list = await settled();
    expect(smtp.messages).toHaveLength(2);
    expect(
      list
        .map((delivery) => [delivery.subscriptionId, delivery.periodStart, delivery.status, delivery.attempts])
        .sort(),
    ).toEqual(
      [
        [citySubscription.id, week, 'sent', 1],
        [wardSubscription.id, week, 'sent', 1],
      ].sort(),
    );
  });

  it('retries a send the SMTP server refuses, and sends it once', async () => {
    smtp.clear();
    const made = await subscribe(tokens.official, {
      email: 'ben-thanh@hochiminhcity.gov.vn',
      scope: 'ward',
      wardCode: BEN_THANH,
      schedule: 'weekly',
      formats: ['xlsx'],
    });
    smtp.failNext(1);
    await deliveries.trigger('weekly', firesAt);
    const [mail] = await smtp.waitFor(1, 30_000);
    expect(mail.to).toEqual(['ben-thanh@hochiminhcity.gov.vn']);
    expect(smtp.refused).toBe(1);
    await sleep(1_000);
    expect(smtp.messages).toHaveLength(1);
    const delivery = (await settled([made.body.id])).find((row) => row.subscriptionId === made.body.id);
    expect(delivery).toMatchObject({ status: 'sent', attempts: 2, lastError: null, periodStart: week });
  });

  it('shows a send that failed every attempt to admins, with its error, and lets them retry it', async () => {
    smtp.clear();
    const made = await subscribe(tokens['staff.saigon'], {
      email: 'pho-chu-tich@saigon.hochiminhcity.gov.vn',
      scope: 'ward',
      wardCode: SAI_GON,
      schedule: 'weekly',
      formats: ['xlsx'],
    });
    smtp.failNext(Infinity);
    await deliveries.trigger('weekly', firesAt);
    const failed = (await settled([made.body.id])).find((row) => row.subscriptionId === made.body.id) as ReportDelivery;
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, username: 'staff.saigon', periodStart: week });
    expect(failed.lastError).toContain('451');
    expect(smtp.refused).toBe(3);
    expect(smtp.messages).toHaveLength(0);

    const failedOnly = await call<ReportDelivery[]>(url('/api/v1/reports/deliveries?status=failed'), {
      token: tokens['head.admin'],
    });
    expect(failedOnly.body.map((row) => row.id)).toEqual([failed.id]);
    for (const token of [tokens.official, tokens['staff.saigon']]) {
      expect((await call(url('/api/v1/reports/deliveries'), { token })).status).toBe(403);
      expect((await call(url(`/api/v1/reports/deliveries/${failed.id}/retry`), { token, method: 'POST' })).status).toBe(
        403,
      );
    }
    expect((await call(url('/api/v1/reports/deliveries?status=lost'))).status).toBe(400);

    smtp.acceptAll();
    const retried = await call(url(`/api/v1/reports/deliveries/${failed.id}/retry`), {
      token: tokens['head.admin'],
      method: 'POST',
    });
    expect(retried.status).toBe(202);
    const [mail] = await smtp.waitFor(1, 30_000);
    expect(mail.to).toEqual(['pho-chu-tich@saigon.hochiminhcity.gov.vn']);
    const sent = (await settled()).find((row) => row.id === failed.id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 4, lastError: null });
    expect((await call(url(`/api/v1/reports/deliveries/${failed.id}/retry`), { method: 'POST' })).status).toBe(409);
  });

  /** Subscribes `email` to Bến Thành's weekly XLSX, runs the week's schedule, and waits for its delivery to settle. */
  const weeklyWardXlsx = async (email: string) => {
    const made = await subscribe(tokens.official, {
      email,
      scope: 'ward',
      wardCode: BEN_THANH,
      schedule: 'weekly',
      formats: ['xlsx'],
    });
    await deliveries.trigger('weekly', firesAt);
    const delivery = (await settled([made.body.id])).find((row) => row.subscriptionId === made.body.id);
    // Time for a second copy to arrive, were one sent.
    await sleep(1_000);
    return { made, delivery };
  };

  it('sends a report once when the SMTP server took it but recording it as sent failed, under a Message-ID of its subscription and period', async () => {
    smtp.clear();
    const repository = test.app.get(SubscriptionsRepository);
    // SMTP has accepted the message; the database then fails the job before the delivery is marked sent.
    const markSent = jest.spyOn(repository, 'markSent').mockRejectedValueOnce(new Error('connection terminated'));
    try {
      const { made, delivery } = await weeklyWardXlsx('mot-lan@hochiminhcity.gov.vn');
      expect(markSent).toHaveBeenCalledTimes(2);
      expect(smtp.messages.map((mail) => mail.to)).toEqual([['mot-lan@hochiminhcity.gov.vn']]);
      expect(smtp.messages[0].parsed.messageId).toBe(`<report.${made.body.id}.${week}@kiosk-pulse.test>`);
      expect(delivery).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    } finally {
      markSent.mockRestore();
    }
  });

  it('sends it again under the same Message-ID when the process is gone between the SMTP server taking it and its record', async () => {
    smtp.clear();
    // Nothing is recorded of the accepted message, as when the process dies right after SMTP said 250.
    const record = jest.spyOn(Job.prototype, 'updateData').mockRejectedValueOnce(new Error('the process is gone'));
    try {
      const { made, delivery } = await weeklyWardXlsx('hai-lan@hochiminhcity.gov.vn');
      // At least once: a second copy, which mail systems that keep Message-IDs drop as the same message.
      const ids = smtp.messages.map((mail) => mail.parsed.messageId);
      expect(ids).toEqual([`<report.${made.body.id}.${week}@kiosk-pulse.test>`, ids[0]]);
      expect(smtp.messages[1].parsed.attachments[0].content).toEqual(smtp.messages[0].parsed.attachments[0].content);
      expect(delivery).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    } finally {
      record.mockRestore();
    }
  });

  it("sends an earlier period's delivery left queued with no job (its process died before adding it) at the next run", async () => {
    smtp.clear();
    const made = await subscribe(tokens.official, {
      email: 'tre-van-hon-khong@hochiminhcity.gov.vn',
      scope: 'ward',
      wardCode: BEN_THANH,
      schedule: 'weekly',
      formats: ['xlsx'],
    });
    const weekBefore = addCityDays(week, -7);
    // The row the schedule writes before adding the job, for the week before, and no job.
    await test.app.get(SubscriptionsRepository).delivery(made.body.id, weekBefore);
    await deliveries.trigger('weekly', firesAt);
    const list = await settled([made.body.id]);
    const own = list.filter((row) => row.subscriptionId === made.body.id);
    expect(own.map((row) => [row.periodStart, row.status]).sort()).toEqual([
      [weekBefore, 'sent'],
      [week, 'sent'],
    ]);
    await sleep(500);
    expect(smtp.messages.map((mail) => mail.parsed.messageId).sort()).toEqual(
      [
        `<report.${made.body.id}.${weekBefore}@kiosk-pulse.test>`,
        `<report.${made.body.id}.${week}@kiosk-pulse.test>`,
      ].sort(),
    );
  });

  it('renders a scope, period and language once for all its subscribers, and sends each the same files', async () => {
    smtp.clear();
    const renders = async () =>
      Object.fromEntries((await reportRenders.get()).values.map((value) => [value.labels.format, value.value]));
    const before = await renders();
    const subscribers = ['mot', 'hai', 'ba', 'bon'].map((name) => `${name}@hochiminhcity.gov.vn`);
    for (const email of subscribers) {
      const made = await subscribe(tokens.official, {
        email,
        scope: 'city',
        schedule: 'half-yearly',
        formats: ['pdf', 'xlsx'],
      });
      expect(made.status).toBe(201);
    }
    const started = Date.now();
    await deliveries.trigger('half-yearly', new Date());
    const received = await smtp.waitFor(subscribers.length, 120_000);
    const after = await renders();
    console.log(
      `half-yearly city report to ${subscribers.length} subscribers: ${Date.now() - started} ms, ` +
        `${(after.pdf ?? 0) - (before.pdf ?? 0)} PDF and ${(after.xlsx ?? 0) - (before.xlsx ?? 0)} XLSX rendered`,
    );
    expect(received.flatMap((mail) => mail.to).sort()).toEqual([...subscribers].sort());
    expect([(after.pdf ?? 0) - (before.pdf ?? 0), (after.xlsx ?? 0) - (before.xlsx ?? 0)]).toEqual([1, 1]);
    for (const mail of received.slice(1)) {
      expect(mail.parsed.attachments.map((file) => file.content)).toEqual(
        received[0].parsed.attachments.map((file) => file.content),
      );
    }
  }, 150_000);

  it('cancels a subscription for its owner only, and sends it no more', async () => {
    const other = await call(url(`/api/v1/reports/subscriptions/${wardSubscription.id}`), {
      token: tokens.official,
      method: 'DELETE',
    });
    expect(other.status).toBe(404);
    const own = await call(url(`/api/v1/reports/subscriptions/${wardSubscription.id}`), {
      token: tokens['staff.saigon'],
      method: 'DELETE',
    });
    expect(own.status).toBe(204);
    const listed = await call<ReportSubscription[]>(url('/api/v1/reports/subscriptions'), {
      token: tokens['staff.saigon'],
    });
    expect(listed.body.map((subscription) => subscription.id)).not.toContain(wardSubscription.id);
    // The next week's run mails the others, not the cancelled one.
    smtp.clear();
    await deliveries.trigger('weekly', new Date(firesAt.getTime() + 7 * 24 * HOUR));
    await settled([citySubscription.id], nextMonday);
    expect(smtp.messages.flatMap((mail) => mail.to)).not.toContain('can-bo@saigon.hochiminhcity.gov.vn');
    expect(smtp.messages.length).toBeGreaterThan(0);
  }, 120_000);

  it('documents subscriptions and deliveries in the OpenAPI document, the body from the schema it is checked with', async () => {
    const document = (await call(url('/api/docs-json'), { token: null })).body;
    const paths = document.paths;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/reports/subscriptions',
        '/api/v1/reports/subscriptions/{id}',
        '/api/v1/reports/deliveries',
        '/api/v1/reports/deliveries/{id}/retry',
      ]),
    );
    const body = paths['/api/v1/reports/subscriptions'].post.requestBody.content['application/json'].schema;
    expect(body.properties.schedule.enum).toEqual(['weekly', 'monthly', 'half-yearly']);
    expect(body.required).toEqual(expect.arrayContaining(['email', 'scope', 'schedule']));
    expect(
      paths['/api/v1/reports/deliveries'].get.parameters.map((parameter: { name: string }) => parameter.name),
    ).toEqual(['status']);
  });

  it('answers 409 to a subscription on a server without e-mail', async () => {
    await test.close();
    test = await startTestApp();
    const user = await createUser(test.url, 'official2', 'city_official', null);
    const token = (await call(url('/api/v1/auth/login'), { token: null, json: user })).body.token;
    const reply = await subscribe(token, { email: 'a@b.vn', scope: 'city', schedule: 'weekly', formats: ['pdf'] });
    expect(reply.status).toBe(409);
    expect((reply.body as unknown as { message: string }).message).toContain('e-mail is not set up on this server');
  });
});
