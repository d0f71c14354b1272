import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { register } from 'prom-client';
import { withinTime } from '@kiosk-pulse/runtime';

const CHECK_TIMEOUT_MS = 2_000;

/** A dependency the worker needs, checked on /health/ready. */
export type ReadinessCheck = () => Promise<unknown>;

/**
 * The standalone worker's small HTTP side, for Prometheus and the orchestrator: /metrics,
 * /health/live (the process answers) and /health/ready (its database and Redis answer).
 * Within the api (the embedded default) the api's own endpoints cover the worker.
 */
export async function startWorkerHttp(
  port: number,
  checks: Record<string, ReadinessCheck>,
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const send = (status: number, type: string, body: string) => {
      response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      response.end(body);
    };
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') return send(405, 'text/plain', 'GET only\n');
    if (path === '/metrics') {
      register.metrics().then(
        (text) => send(200, register.contentType, text),
        (error: Error) => send(500, 'text/plain', `${error.message}\n`),
      );
    } else if (path === '/health/live') {
      send(200, 'application/json', JSON.stringify({ status: 'ok' }));
    } else if (path === '/health/ready') {
      void readiness(checks).then(({ ok, details }) =>
        send(ok ? 200 : 503, 'application/json', JSON.stringify({ status: ok ? 'ok' : 'error', details })),
      );
    } else {
      send(404, 'text/plain', 'not found\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readiness(checks: Record<string, ReadinessCheck>) {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      const up = await withinTime(
        check().then(
          () => true,
          () => false,
        ),
        CHECK_TIMEOUT_MS,
        () => false,
      );
      return [name, { status: up ? 'up' : 'down' }] as const;
    }),
  );
  return { ok: results.every(([, result]) => result.status === 'up'), details: Object.fromEntries(results) };
}
