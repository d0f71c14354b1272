import { startWorkerHttp } from '../../apps/worker/src/worker-http';
import '../../libs/ingest-writer/src/ingest-writer.metrics';

/** The standalone worker's /metrics and health, for Prometheus and docker compose. */
describe('worker HTTP', () => {
  it('is live; ready only while every dependency answers; serves its metrics', async () => {
    let redisUp = true;
    const http = await startWorkerHttp(0, {
      database: async () => undefined,
      redis: async () => {
        if (!redisUp) throw new Error('connection refused');
      },
    });
    const url = `http://127.0.0.1:${http.port}`;
    try {
      expect((await fetch(`${url}/health/live`)).status).toBe(200);
      const ready = await fetch(`${url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: 'ok',
        details: { database: { status: 'up' }, redis: { status: 'up' } },
      });

      redisUp = false;
      const notReady = await fetch(`${url}/health/ready`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({
        status: 'error',
        details: { database: { status: 'up' }, redis: { status: 'down' } },
      });
      expect((await fetch(`${url}/health/live`)).status).toBe(200);

      const metrics = await fetch(`${url}/metrics`);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await metrics.text();
      expect(text).toContain('# TYPE kiosk_pulse_events_stored_total counter');
      expect(text).toContain('# TYPE kiosk_pulse_write_duration_seconds histogram');
      expect((await fetch(`${url}/nothing`)).status).toBe(404);
    } finally {
      await http.close();
    }
  });
});
