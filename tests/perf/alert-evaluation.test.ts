import type { Ward } from '@kiosk-pulse/contract';
import { AlertsQueue } from '../../apps/api/src/alerts/alerts-queue';
import { seedDemoHistory } from '../../apps/api/src/demo/history';
import { cityDay } from '../browser/fixtures';
import { startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';
import { WebhookReceiver } from '../support/webhook-receiver';

const KIOSKS_PER_WARD = 2;
const RUNS = 5;

/** The last city day before today that is not a Sunday, at 10:05 city time: an hour with history before it. */
function lastWorkingMorning(): Date {
  for (let offset = -1; ; offset--) {
    const day = cityDay(offset);
    if (new Date(`${day}T12:00:00Z`).getUTCDay() !== 0) return new Date(`${day}T10:05:00+07:00`);
  }
}

/*
 * How long one evaluation of every rule takes for the whole city: all 168 wards with the three
 * kinds of rule each (504 rules), two kiosks per ward (336) with the demo's 90 days of history,
 * a target per ward, half the kiosks silent. The first evaluation opens the incidents (and
 * writes their deliveries); the later ones find them open already, as every minute after does.
 * The scheduler is off: the evaluations are timed here, as of a working morning, while the
 * webhooks of the first one are sent to a receiver on loopback by the same process.
 */
describe('evaluating every ward’s alert rules', () => {
  let test: TestApp;
  let rules = 0;
  let hook: WebhookReceiver;

  beforeAll(async () => {
    hook = await WebhookReceiver.start();
    // The receiver is on loopback, refused unless allowed (ALERT_WEBHOOK_ALLOWED_HOSTS).
    test = await startTestApp({
      config: { alerts: { evaluateEveryMs: 0 }, alertWebhooks: { allowedHosts: ['127.0.0.1'] } },
    });
    const wards = (await call<Ward[]>(`${test.url}/api/v1/wards`)).body;
    expect(wards).toHaveLength(168);
    for (const ward of wards)
      for (let n = 1; n <= KIOSKS_PER_WARD; n++)
        expect(
          (await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: ward.code, label: `Kiosk ${n}` } })).status,
        ).toBe(201);
    await test.pool.query(`UPDATE kiosks SET created_at = now() - INTERVAL '100 days'`);
    // ALERT_PERF_HISTORY=0 leaves the history out (writing it takes a quarter of an hour on 2 cores).
    if (process.env.ALERT_PERF_HISTORY !== '0') {
      const history = await seedDemoHistory(test.pool);
      if (!history) throw new Error('no history written');
      console.log(`history: ${history.visits} visits, ${history.events} events in ${history.ms} ms`);
    }
    const asOf = lastWorkingMorning();
    // Every other kiosk last heard from the evening before; the others a minute before.
    await test.pool.query(
      `UPDATE kiosks SET last_seen_at = CASE WHEN label = 'Kiosk 1' THEN $1::timestamptz - INTERVAL '15 hours'
         ELSE $1::timestamptz - INTERVAL '1 minute' END`,
      [asOf],
    );
    for (const ward of wards) {
      const target = await call(`${test.url}/api/v1/targets`, {
        json: {
          indicator: 'visits',
          wardCode: ward.code,
          target: 100_000,
          startDay: cityDay(-30),
          deadline: cityDay(60),
        },
      });
      expect(target.status).toBe(201);
      for (const kind of ['silent_kiosk', 'behind_pace', 'sudden_drop']) {
        const rule = await call(`${test.url}/api/v1/alerts/rules`, {
          json: { wardCode: ward.code, kind, webhookUrl: hook.url },
        });
        expect(rule.status).toBe(201);
        rules++;
      }
    }
  }, 1_800_000);

  afterAll(async () => {
    await test?.close();
    await hook?.close();
  });

  it('evaluates 504 rules over 168 wards and 336 kiosks', async () => {
    const alerts = test.app.get(AlertsQueue);
    const asOf = lastWorkingMorning();
    const times: number[] = [];
    const results = [];
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      results.push(await alerts.evaluate(new Date(asOf.getTime() + run * 60_000)));
      times.push(Math.round(performance.now() - started));
    }
    const { rows } = await test.pool.query<{ kind: string; n: number }>(
      'SELECT kind, count(*)::int AS n FROM alert_incidents GROUP BY kind ORDER BY kind',
    );
    console.log(
      `alert evaluation, ${rules} rules, 168 wards, ${168 * KIOSKS_PER_WARD} kiosks: ${times.join(' / ')} ms ` +
        `(runs 1..${RUNS}; the first opened ${results[0].opened}: ${rows.map((row) => `${row.kind} ${row.n}`).join(', ')})`,
    );
    expect(results[0].rules).toBe(504);
    // Half the kiosks silent, every ward behind its target's pace.
    expect(rows.find((row) => row.kind === 'silent_kiosk')?.n).toBe(168);
    expect(rows.find((row) => row.kind === 'behind_pace')?.n).toBe(168);
    expect(results.slice(1).every((result) => result.opened === 0)).toBe(true);
  }, 600_000);
});
