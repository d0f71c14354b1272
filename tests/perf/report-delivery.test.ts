import { addCityDays, cityDay, type ReportSubscription, type Ward } from '@kiosk-pulse/contract';
import { cityDayToInstant } from '@kiosk-pulse/contract/time';
import { seedDemoHistory } from '../../apps/api/src/demo/history';
import { DEMO_KIOSK_WARD } from '../../apps/api/src/demo/kiosk-link';
import { ReportDeliveryQueue } from '../../apps/api/src/reports/delivery-queue';
import { periodFirstDay } from '../../apps/api/src/reports/report-period';
import { createUser } from '../browser/fixtures';
import { startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';
import { TestSmtpServer } from '../support/smtp-server';

const KIOSKS_PER_WARD = 2;
const RUNS = 3;

/*
 * How long a scheduled report takes from its schedule's job to the message in the mailbox, and
 * how big the message is: the city's and one ward's weekly report (PDF and XLSX attached) over the
 * demo's 90 days of history in every ward, sent to a real SMTP server on loopback. Each run is a
 * different past week (a week is sent once), run as of its Monday 06:00 city time; the city's and
 * the ward's are timed apart, one message at a time. The first run also starts Chromium.
 */
describe('scheduled report delivery over the demo history', () => {
  let smtp: TestSmtpServer;
  let test: TestApp;
  let token: string;

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    test = await startTestApp({
      config: { ageSplitDelayMs: 0, mail: { smtpUrl: smtp.url, from: 'Kiosk Pulse <bao-cao@kiosk-pulse.test>' } },
    });
    const wards = (await call<Ward[]>(`${test.url}/api/v1/wards`)).body;
    for (const ward of wards)
      for (let n = 1; n <= KIOSKS_PER_WARD; n++)
        expect(
          (await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: ward.code, label: `Kiosk ${n}` } })).status,
        ).toBe(201);
    await test.pool.query(`UPDATE kiosks SET created_at = now() - INTERVAL '100 days'`);
    const history = await seedDemoHistory(test.pool);
    if (!history) throw new Error('no history written');
    console.log(`history: ${history.visits} visits, ${history.events} events in ${history.ms} ms`);
    const user = await createUser(test.url, 'official.perf', 'city_official', null);
    token = (await call(`${test.url}/api/v1/auth/login`, { token: null, json: user })).body.token;
  }, 1_800_000);

  afterAll(async () => {
    await test?.close();
    await smtp?.close();
  });

  it.each([
    ['the city', { scope: 'city' }],
    ['one ward (Tân Sơn Hòa)', { scope: 'ward', wardCode: DEMO_KIOSK_WARD }],
  ])(
    'mails %s’s weekly report',
    async (name, scope) => {
      const made = await call<ReportSubscription>(`${test.url}/api/v1/reports/subscriptions`, {
        token,
        json: { email: 'lanh-dao@hochiminhcity.gov.vn', schedule: 'weekly', formats: ['pdf', 'xlsx'], ...scope },
      });
      expect(made.status).toBe(201);
      const deliveries = test.app.get(ReportDeliveryQueue);
      const thisWeek = periodFirstDay('week', cityDay(Date.now()));
      const times: number[] = [];
      let size = 0;
      let attachments: string[] = [];
      for (let run = 0; run < RUNS; run++) {
        smtp.clear();
        // Monday 06:00 city time after week `run + 1` back: that week is the one sent.
        const monday = addCityDays(thisWeek, -7 * run);
        const fired = Date.now();
        await deliveries.trigger('weekly', new Date(cityDayToInstant(monday).getTime() + 6 * 3_600_000));
        const [mail] = await smtp.waitFor(1, 300_000);
        times.push(mail.receivedAt - fired);
        size = mail.size;
        attachments = mail.parsed.attachments.map((file) => `${file.filename} ${file.size} B`);
      }
      console.log(
        `${name}: job to mailbox ${times.join(' / ')} ms (runs 1..${RUNS}); last message ${size} bytes (${attachments.join(', ')})`,
      );
      expect(attachments).toHaveLength(2);
      await call(`${test.url}/api/v1/reports/subscriptions/${made.body.id}`, { token, method: 'DELETE' });
    },
    900_000,
  );
});
