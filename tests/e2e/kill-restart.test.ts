import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { v7 as uuidv7 } from 'uuid';
import { freePort } from '../../apps/api/src/local-redis';
import { ADMIN_TOKEN } from '../support/app';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { call } from '../support/http';
import { clearRedisPrefix, testQueuePrefix } from '../support/services';

const ROOT = join(__dirname, '../..');
const run = promisify(execFile);
const KILLS = 20;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGKILL'] as const;
type KillSignal = (typeof SIGNALS)[number];
const WARDS = ['25747', '25750'];
const KIOSKS_PER_WARD = 2;
const BATCH = 20;

/** A small seeded generator, so that a failing run can be replayed with KILL_SEED. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A kiosk as the field has them: it posts batches of events and keeps each batch, sending it
 * again and again, until the API answers 202 with every event accepted. The ids of the accepted
 * batches are what the API promised to count.
 */
class PostingKiosk {
  accepted = 0;
  private stopping = false;
  private running: Promise<void> | undefined;

  constructor(
    private readonly key: string,
    private readonly app: () => AppProcess,
    private readonly acceptedIds: Set<string>,
    private readonly refusals: string[],
  ) {}

  start(): void {
    this.running = this.loop();
  }

  /** Stops making new batches; resolves once the last one is accepted. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const occurredAt = new Date().toISOString();
      const events = Array.from({ length: BATCH }, () => ({
        id: uuidv7(),
        type: 'visit_started',
        occurredAt,
        ageGroup: '60_64',
      }));
      for (;;) {
        const reply = await fetch(`${this.app().url}/api/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${this.key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ sentAt: new Date().toISOString(), events }),
        }).catch(() => undefined);
        if (reply?.status === 202) {
          const body = (await reply.json()) as { accepted: number; rejected: unknown[] };
          if (body.accepted !== BATCH) this.refusals.push(JSON.stringify(body));
          for (const event of events) this.acceptedIds.add(event.id);
          this.accepted++;
          break;
        }
        if (reply && reply.status !== 503) this.refusals.push(`${reply.status}: ${await reply.text()}`);
        // The app is stopping, starting or gone: as a kiosk does, try the same batch again soon.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }
}

/*
 * Issue 13: the embedded default killed at random points under load, 20 times, restarted on the
 * same data folder each time. Every event the API answered 202 for is stored and counted once.
 */
describe('the embedded default killed and restarted under load', () => {
  jest.setTimeout(20 * 60_000);
  let dir: string;
  let queuePrefix: string;
  let app: AppProcess | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kp-kill-'));
    queuePrefix = testQueuePrefix();
  });
  afterAll(async () => {
    app?.child.kill('SIGKILL');
    await clearRedisPrefix(queuePrefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it(`keeps every accepted event, once, through ${KILLS} kills with SIGINT, SIGTERM and SIGKILL`, async () => {
    const seed = Number(process.env.KILL_SEED ?? Date.now() % 1_000_000);
    const next = random(seed);
    const dataDir = join(dir, 'data');
    const port = await freePort();
    const testStart = Date.now();
    const start = () => {
      app = startAppProcess({
        dataDir,
        port,
        queuePrefix,
        env: {
          // Many events a minute from each kiosk: the plausibility bounds are not under test here.
          KIOSK_USAGE_EVENTS_PER_MINUTE: '1000000',
          KIOSK_USAGE_EVENTS_PER_DAY: '100000000',
          // A job held by a killed process is taken up again after this long.
          JOB_LOCK_MS: '2000',
          WRITE_BATCH_MAX_WAIT_MS: '50',
        },
      });
      return app;
    };
    const current = () => app as AppProcess;

    start();
    await current().ready();
    const keys: string[] = [];
    for (const wardCode of WARDS) {
      for (let i = 0; i < KIOSKS_PER_WARD; i++) {
        const created = await call(`${current().url}/api/v1/kiosks`, {
          token: ADMIN_TOKEN,
          json: { wardCode, label: `Kiosk ${wardCode}-${i}` },
        });
        expect(created.status).toBe(201);
        keys.push(created.body.key as string);
      }
    }
    const acceptedIds = new Set<string>();
    const refusals: string[] = [];
    const kiosks = keys.map((key) => new PostingKiosk(key, current, acceptedIds, refusals));
    for (const kiosk of kiosks) kiosk.start();
    const batchesAccepted = () => kiosks.reduce((sum, kiosk) => sum + kiosk.accepted, 0);

    const perSignal = Object.fromEntries(
      SIGNALS.map((signal) => [signal, { kills: 0, whileStarting: 0, underLoad: 0, eventsAccepted: 0 }]),
    ) as Record<KillSignal, { kills: number; whileStarting: number; underLoad: number; eventsAccepted: number }>;
    for (let kill = 0; kill < KILLS; kill++) {
      const signal = SIGNALS[kill % SIGNALS.length];
      const acceptedBefore = acceptedIds.size;
      // A quarter of the kills come while the app starts (its database open, migrations and
      // start-up under way), the rest after a random number of batches accepted under load.
      const whileStarting = kill > 0 && next() < 0.25;
      if (whileStarting) {
        while (!current().output().includes('embedded TimescaleDB (PGlite)')) {
          if (current().child.exitCode !== null) throw new Error(`the app ended:\n${current().output()}`);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      } else {
        await current().ready();
        const until = batchesAccepted() + 1 + Math.floor(next() * 30);
        while (batchesAccepted() < until) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      current().child.kill(signal);
      const ended = await current().exited;
      // SIGINT and SIGTERM stop the app cleanly, even in the middle of its start.
      expect({ signal, ended }).toEqual({
        signal,
        ended: signal === 'SIGKILL' ? { code: null, signal: 'SIGKILL' } : { code: 0, signal: null },
      });
      const stats = perSignal[signal];
      stats.kills++;
      stats[whileStarting ? 'whileStarting' : 'underLoad']++;
      stats.eventsAccepted += acceptedIds.size - acceptedBefore;
      if (process.env.KILL_PROGRESS) {
        process.stderr.write(
          `kill ${kill + 1}: ${signal} ${whileStarting ? 'while starting' : 'under load'}, ${acceptedIds.size} accepted\n`,
        );
      }
      start();
    }

    // The kiosks hand over their last batches, then the counts must settle on what was accepted.
    await current().ready();
    await Promise.all(kiosks.map((kiosk) => kiosk.stop()));
    expect(refusals).toEqual([]);
    const range = `from=${new Date(testStart - 3_600_000).toISOString()}&to=${new Date(Date.now() + 86_400_000).toISOString()}`;
    const counted = async () => {
      let total = 0;
      for (const wardCode of WARDS) {
        const reply = await call(`${current().url}/api/v1/stats/summary?wardCode=${wardCode}&${range}`, {
          token: ADMIN_TOKEN,
        });
        total += reply.body.peopleReached as number;
      }
      return total;
    };
    // The last writes and the aggregate refresh run apart from the kiosks' posts: wait for the
    // count to reach what was accepted (a count past it fails at once).
    // A job given up on (moved to the failed set) would never be counted: fail at once then.
    const failedJobs = async () =>
      (await call(`${current().url}/api/v1/queue`, { token: ADMIN_TOKEN })).body.failedJobs as unknown[];
    let total = await counted();
    let failed = await failedJobs();
    for (const deadline = Date.now() + 300_000; total < acceptedIds.size && Date.now() < deadline;) {
      if (failed.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
      total = await counted();
      failed = await failedJobs();
    }
    expect(failed).toEqual([]);
    expect(total).toBe(acceptedIds.size);
    current().child.kill('SIGTERM');
    expect(await current().exited).toEqual({ code: 0, signal: null });

    // The events stored in the folder, read once the app is gone (one process at a time).
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'tests/support/stored-event-ids.ts'), join(dataDir, 'pglite')],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
    );
    const storedIds = JSON.parse(stdout) as string[];
    const stored = new Set(storedIds);
    expect(storedIds.length).toBe(stored.size);
    expect(stored.size).toBe(acceptedIds.size);
    expect([...acceptedIds].filter((id) => !stored.has(id))).toEqual([]);

    console.log(
      `kill and restart (seed ${seed}): ${JSON.stringify({
        kills: KILLS,
        eventsAccepted: acceptedIds.size,
        eventsStored: storedIds.length,
        eventsCounted: total,
        perSignal,
        seconds: Math.round((Date.now() - testStart) / 1000),
      })}`,
    );
  });
});
