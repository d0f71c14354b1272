import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { LiveCounts } from '@kiosk-pulse/contract';
import { projectRoot } from '@kiosk-pulse/database';
import { latencyHistogram, percentiles, type Percentiles } from './histogram';
import type { LoadResult, LoadSettings } from './load';
import { freePort } from '../apps/api/src/local-redis';

const ADMIN_TOKEN = randomBytes(24).toString('base64url');
/** The probe kiosk's ward; the load's kiosks are in the other wards. */
const PROBE_WARD = '26740';
const EVENTS_PER_REQUEST = 50;

/** The built api and worker processes, as a deployment runs them. */
export class Deployment {
  readonly apiUrls: string[] = [];
  private readonly processes: { role: 'api' | 'worker'; child: ChildProcess }[] = [];
  private kioskKeys: string[] = [];
  private probeKey = '';
  private env: NodeJS.ProcessEnv = {};

  /**
   * With a databaseUrl: `apis` api processes and `workers` worker processes on it (none: the
   * jobs wait in the queue until startWorkers). Without: the embedded default, one process with
   * the database and the worker inside, its data in dataDir.
   */
  static async start(options: {
    databaseUrl: string | undefined;
    dataDir: string;
    redisUrl: string;
    apis: number;
    workers: number;
  }): Promise<Deployment> {
    const deployment = new Deployment();
    const env = {
      ...process.env,
      HOST: '127.0.0.1',
      REDIS_URL: options.redisUrl,
      QUEUE_PREFIX: `{kp-bench-${randomBytes(3).toString('hex')}}`,
      ADMIN_TOKEN,
      JWT_SECRET: randomBytes(32).toString('base64url'),
      // The load comes from a hundred kiosks posting as fast as they can.
      INGEST_RATE_PER_MINUTE: '100000000',
      // ... far past a real kiosk's plausibility bounds.
      KIOSK_USAGE_EVENTS_PER_MINUTE: '1000000',
      KIOSK_USAGE_EVENTS_PER_DAY: '100000000',
      DATA_DIR: options.dataDir,
      DATABASE_URL: options.databaseUrl ?? '',
      WORKER_HTTP_PORT: '0',
    };
    deployment.env = env;
    const apis = options.databaseUrl ? options.apis : 1;
    for (let i = 0; i < apis; i++) {
      const port = await freePort();
      deployment.spawn('api', 'dist/apps/api/apps/api/src/main.js', { ...env, PORT: String(port) });
      deployment.apiUrls.push(`http://127.0.0.1:${port}`);
    }
    if (options.databaseUrl) {
      for (let i = 0; i < options.workers; i++)
        deployment.spawn('worker', 'dist/apps/worker/apps/worker/src/main.js', env);
    }
    // A process that ends at start (no build in dist/, a bad setting) fails the run now, not after the wait.
    const ended = deployment.processes.map(
      ({ role, child }) =>
        new Promise<never>((_, reject) =>
          child.once('exit', (code) => reject(new Error(`the ${role} process ended at start (exit code ${code})`))),
        ),
    );
    try {
      await Promise.race([Promise.all(deployment.apiUrls.map((url) => ready(url))), ...ended]);
    } catch (error) {
      await deployment.stop();
      throw error;
    }
    await deployment.createKiosks(100);
    return deployment;
  }

  /** More worker processes, on the deployment's database and queue (not for the embedded default). */
  startWorkers(count: number): void {
    if (!this.env.DATABASE_URL) throw new Error('the embedded default runs its worker inside the api');
    for (let i = 0; i < count; i++) this.spawn('worker', 'dist/apps/worker/apps/worker/src/main.js', this.env);
  }

  /** The running processes' ids, per role (for their CPU: bench/cpu.ts). */
  pids(): { api: number[]; worker: number[] } {
    const pids = { api: [] as number[], worker: [] as number[] };
    for (const { role, child } of this.processes) {
      if (child.pid && child.exitCode === null && child.signalCode === null) pids[role].push(child.pid);
    }
    return pids;
  }

  private spawn(role: 'api' | 'worker', entry: string, env: NodeJS.ProcessEnv): void {
    // BENCH_PROFILE_DIR: each process writes a V8 CPU profile there when it stops.
    const profile = process.env.BENCH_PROFILE_DIR
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
      : [];
    const child = spawn(process.execPath, [...profile, join(projectRoot(), entry)], {
      cwd: projectRoot(),
      env,
      stdio: process.env.BENCH_VERBOSE ? 'inherit' : 'ignore',
    });
    this.processes.push({ role, child });
  }

  private async createKiosks(count: number): Promise<void> {
    const { body: wards } = await request<{ code: string }[]>(this.apiUrls[0], 'GET', '/api/v1/wards');
    const loadWards = wards.filter((ward) => ward.code !== PROBE_WARD);
    for (let i = 0; i < count; i++) {
      const ward = loadWards[i % loadWards.length].code;
      const { body } = await request<{ key: string }>(this.apiUrls[0], 'POST', '/api/v1/kiosks', {
        wardCode: ward,
        label: `bench ${i}`,
      });
      this.kioskKeys.push(body.key);
    }
    this.probeKey = (
      await request<{ key: string }>(this.apiUrls[0], 'POST', '/api/v1/kiosks', {
        wardCode: PROBE_WARD,
        label: 'bench probe',
      })
    ).body.key;
  }

  /**
   * Kiosks posting batches of 50 to every api for `seconds` (or until `events` in all have been
   * posted), at most `eventsPerSecond` in all.
   */
  async load(options: {
    connections: number;
    seconds: number;
    eventsPerSecond?: number;
    events?: number;
  }): Promise<LoadResult> {
    const results = await Promise.all(
      this.apiUrls.map((url) =>
        runLoad({
          url,
          kioskKeys: this.kioskKeys,
          connections: Math.max(1, Math.round(options.connections / this.apiUrls.length)),
          seconds: options.seconds,
          eventsPerRequest: EVENTS_PER_REQUEST,
          requestsPerSecond: options.eventsPerSecond
            ? options.eventsPerSecond / EVENTS_PER_REQUEST / this.apiUrls.length
            : undefined,
          requests: options.events ? Math.ceil(options.events / EVENTS_PER_REQUEST / this.apiUrls.length) : undefined,
        }),
      ),
    );
    return {
      requests: sum(results.map((result) => result.requests)),
      accepted: sum(results.map((result) => result.accepted)),
      refused: sum(results.map((result) => result.refused)),
      errors: sum(results.map((result) => result.errors)),
      requestsPerSecond: sum(results.map((result) => result.requestsPerSecond)),
      httpMs: {
        p50: Math.max(...results.map((result) => result.httpMs.p50)),
        p99: Math.max(...results.map((result) => result.httpMs.p99)),
      },
      cpuSeconds: sum(results.map((result) => result.cpuSeconds)),
    };
  }

  /** A dashboard's socket on the first api, following the city's or a ward's counts. */
  async watch(wardCode?: string): Promise<LiveWatch> {
    return LiveWatch.open(this.apiUrls[0], wardCode);
  }

  /**
   * While `during` runs: one probe event at a time from a kiosk of its own ward, timed from the
   * POST's 202 to the first `counts` message of that ward that includes it.
   */
  async probeLatency(during: Promise<unknown>): Promise<Percentiles & { probes: number }> {
    const live = await this.watch(PROBE_WARD);
    const histogram = latencyHistogram();
    let done = false;
    void during.finally(() => (done = true));
    let sent = live.latest.peopleReached;
    try {
      while (!done) {
        const reply = await fetch(`${this.apiUrls[0]}/api/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${this.probeKey}` },
          body: JSON.stringify({
            events: [
              { id: randomUUID(), type: 'visit_started', ageGroup: '60_64', occurredAt: new Date().toISOString() },
            ],
          }),
        });
        const acceptedAt = performance.now();
        const answer = (await reply.json()) as { accepted?: number };
        if (reply.status !== 202 || answer.accepted !== 1) {
          throw new Error(`probe refused: ${reply.status} ${JSON.stringify(answer)}`);
        }
        sent++;
        await live.until((counts) => counts.peopleReached >= sent, 30_000);
        histogram.recordValue(Math.max(1, Math.round((performance.now() - acceptedAt) * 1000)));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      live.close();
    }
    await during;
    return { ...percentiles(histogram), probes: histogram.totalCount };
  }

  /** The resident memory of each role's processes now, in MB (the largest of each role). */
  rssMb(): { api: number; worker: number } {
    const rss = { api: 0, worker: 0 };
    for (const { role, child } of this.processes) {
      if (!child.pid) continue;
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      rss[role] = Math.max(rss[role], Math.round(kb / 1024));
    }
    return rss;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.processes.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
  }
}

/** A /live subscription that keeps the latest counts. */
export class LiveWatch {
  latest!: LiveCounts;
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly socket: Socket) {
    socket.on('counts', (counts: LiveCounts) => {
      this.latest = counts;
      for (const waiter of this.waiters) waiter();
    });
  }

  static async open(url: string, wardCode?: string): Promise<LiveWatch> {
    const socket = io(`${url}/live`, { auth: { token: ADMIN_TOKEN }, transports: ['websocket'] });
    const watch = new LiveWatch(socket);
    const first = new Promise<void>((resolve) => socket.once('counts', () => resolve()));
    await socket.timeout(10_000).emitWithAck('subscribe', wardCode ? { wardCode } : {});
    await first;
    return watch;
  }

  until(test: (counts: LiveCounts) => boolean, timeoutMs: number): Promise<void> {
    if (test(this.latest)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`counts did not arrive within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = () => {
        if (!test(this.latest)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  close(): void {
    this.socket.disconnect();
  }
}

function runLoad(settings: LoadSettings): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(projectRoot(), 'bench/load.ts'), JSON.stringify(settings)],
      {
        cwd: projectRoot(),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(output) as LoadResult) : reject(new Error(`load generator exited with ${code}`)),
    );
  });
}

async function ready(url: string): Promise<void> {
  for (let attempt = 0; attempt < 1_200; attempt++) {
    const reply = await fetch(`${url}/api/v1/health`).catch(() => undefined);
    if (reply?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not start`);
}

async function request<T>(url: string, method: string, path: string, json?: unknown): Promise<{ body: T }> {
  const reply = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(json ? { 'content-type': 'application/json' } : {}) },
    body: json ? JSON.stringify(json) : undefined,
  });
  if (!reply.ok) throw new Error(`${method} ${path}: ${reply.status} ${await reply.text()}`);
  return { body: (await reply.json()) as T };
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
