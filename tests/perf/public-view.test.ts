import autocannon from 'autocannon';
import { build as histogram } from 'hdr-histogram-js';
import { register } from 'prom-client';
import { SHARE_TOKEN_HEADER } from '@kiosk-pulse/contract';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../support/app';
import { call } from '../support/http';
import { postMonthOfVisits } from '../support/month-of-visits';

const SECONDS = 8;

/** Its built answers so far, from the api's own counter. */
async function built(): Promise<number> {
  const metric = await register.getSingleMetric('kiosk_pulse_public_view_answers_total')?.get();
  return metric?.values.find((value) => value.labels.source === 'built')?.value ?? 0;
}

/*
 * The public view under a festival's load: many screens and phones on one link. Its answers come
 * from the shared cache, so the database builds one per cache period however many read it; the
 * signed-in summary, read from the database every time, is the baseline of the same run.
 */
describe('the public view under load', () => {
  let test: TestApp;
  let token: string;

  beforeAll(async () => {
    test = await startTestApp({
      config: { publicView: { threshold: 10, cacheSeconds: 5, readsPerMinute: 10_000_000 } },
    });
    const key = (await call(`${test.url}/api/v1/kiosks`, { json: { wardCode: '26740', label: 'K' } })).body.key;
    await postMonthOfVisits(test.url, key);
    token = (await call(`${test.url}/api/v1/share-links`, { json: { label: 'Perf' } })).body.token;
  }, 120_000);

  afterAll(async () => {
    await test?.close();
  });

  /** autocannon's load, with every response time kept (autocannon itself gives no 95th percentile). */
  const load = async (path: string, headers: Record<string, string>) => {
    const times = histogram();
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const options = { url: `${test.url}${path}`, connections: 20, duration: SECONDS, headers };
      const instance = autocannon(options, (error, done) => (error ? reject(error) : resolve(done)));
      instance.on('response', (_client, _status, _bytes, responseTime) => times.recordValue(Math.round(responseTime)));
    });
    return { result, p95: times.getValueAtPercentile(95) };
  };

  it('answers from the shared cache: one build per cache period, faster than a database read', async () => {
    const builtBefore = await built();
    const { result: shared, p95: sharedP95 } = await load('/api/v1/public/view', { [SHARE_TOKEN_HEADER]: token });
    const builds = (await built()) - builtBefore;
    const { result: baseline, p95: baselineP95 } = await load('/api/v1/stats/summary?wardCode=26740', {
      authorization: `Bearer ${ADMIN_TOKEN}`,
    });
    const figures = (result: autocannon.Result, p95: number) => ({
      requestsPerSecond: Math.round(result.requests.average),
      p50: result.latency.p50,
      p95,
      p99: result.latency.p99,
      non2xx: result.non2xx,
    });
    console.log(
      JSON.stringify({
        publicView: { ...figures(shared, sharedP95), builds },
        signedInSummary: figures(baseline, baselineP95),
      }),
    );
    expect(shared.non2xx).toBe(0);
    expect(shared.errors).toBe(0);
    expect(shared.requests.total).toBeGreaterThan(100);
    // 8 s at 5 s a build: two or three builds, whatever the number of reads.
    expect(builds).toBeGreaterThanOrEqual(1);
    expect(builds).toBeLessThanOrEqual(Math.ceil(SECONDS / 5) + 1);
    expect(shared.requests.average).toBeGreaterThan(baseline.requests.average);
  }, 60_000);
});
