/**
 * Simulated kiosks posting batches of events over HTTP with autocannon, in a process of its
 * own so that generating the load does not slow the process that times the results.
 * Run by bench/ingest.ts: reads its settings as JSON from argv[2], prints autocannon's result
 * as JSON on stdout.
 */
import autocannon from 'autocannon';
import { v7 as uuidv7 } from 'uuid';
import { AGE_GROUPS } from '@kiosk-pulse/contract';

export interface LoadSettings {
  url: string;
  kioskKeys: string[];
  connections: number;
  seconds: number;
  eventsPerRequest: number;
  /** Requests per second over all connections; unset: as fast as the server answers. */
  requestsPerSecond?: number;
  /** Stop after this many requests instead of after `seconds`. */
  requests?: number;
}

export interface LoadResult {
  requests: number;
  accepted: number;
  refused: number;
  errors: number;
  requestsPerSecond: number;
  httpMs: { p50: number; p99: number };
  /** This generator's own CPU while it ran, kept out of the pipeline's. */
  cpuSeconds: number;
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.argv[2]) as LoadSettings;
  let next = 0;
  const body = () =>
    JSON.stringify({
      sentAt: new Date().toISOString(),
      events: Array.from({ length: settings.eventsPerRequest }, () => ({
        id: uuidv7(),
        type: 'visit_started',
        occurredAt: new Date(Date.now() - Math.floor(Math.random() * 60_000)).toISOString(),
        ageGroup: AGE_GROUPS[Math.floor(Math.random() * AGE_GROUPS.length)],
      })),
    });
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({
    url: settings.url,
    connections: settings.connections,
    duration: settings.seconds,
    amount: settings.requests,
    overallRate: settings.requestsPerSecond,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/events',
        setupRequest: (request) => ({
          ...request,
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${settings.kioskKeys[next++ % settings.kioskKeys.length]}`,
          },
          body: body(),
        }),
      },
    ],
  });
  const output: LoadResult = {
    requests: result.requests.total,
    accepted: result['2xx'],
    refused: result.non2xx,
    errors: result.errors + result.timeouts,
    requestsPerSecond: result.requests.average,
    httpMs: { p50: result.latency.p50, p99: result.latency.p99 },
    cpuSeconds: (() => {
      const used = process.cpuUsage(cpuBefore);
      return (used.user + used.system) / 1e6;
    })(),
  };
  process.stdout.write(JSON.stringify(output));
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
