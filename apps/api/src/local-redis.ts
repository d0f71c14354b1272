import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { ConfigError } from '@kiosk-pulse/runtime';
import { processStart } from '@kiosk-pulse/database';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface LocalRedis {
  url: string;
  stop(): void;
}

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * Whether a Redis answers at `url` within `ms`, asked again each time it does not: a Redis named
 * in REDIS_URL is expected to be there, and one miss on a busy machine (a start under load once
 * missed the 1 s connect timeout) is no reason to refuse to start.
 */
async function answersWithin(url: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await answers(url)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((done) => setTimeout(done, 250));
  }
}

/** A TCP port free on 127.0.0.1 just now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface RedisOwner {
  pid: number;
  start: string | null;
  port: number;
}

const stopper = (pid: number) => () => {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
};

/**
 * The redis-server a previous run started on this folder and left running (that run was
 * killed outright), when it still runs and answers: a second one on the same append-only files
 * would corrupt them, and the jobs accepted before the kill are in the first one's memory.
 */
async function leftRunning(ownerFile: string): Promise<LocalRedis | undefined> {
  let owner: RedisOwner;
  try {
    owner = JSON.parse(readFileSync(ownerFile, 'utf8')) as RedisOwner;
  } catch {
    return undefined;
  }
  if (!Number.isInteger(owner.pid) || processStart(owner.pid) !== owner.start) return undefined;
  const url = `redis://127.0.0.1:${owner.port}`;
  return (await answers(url)) ? { url, stop: stopper(owner.pid) } : undefined;
}

/**
 * The Redis for a local run: REDIS_URL when set; otherwise the usual local one, and when
 * nothing answers there, a redis-server of our own with its data under dataDir.
 */
export async function resolveRedis(
  redisUrl: string | undefined,
  dataDir: string,
  defaultUrl = DEFAULT_REDIS_URL,
): Promise<LocalRedis> {
  if (redisUrl) {
    if (!(await answersWithin(redisUrl, 10_000))) throw new ConfigError([`REDIS_URL: no Redis answers at ${redisUrl}`]);
    return { url: redisUrl, stop: () => undefined };
  }
  if (await answers(defaultUrl)) return { url: defaultUrl, stop: () => undefined };

  const dir = resolve(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const ownerFile = join(dir, 'redis-server.json');
  const adopted = await leftRunning(ownerFile);
  if (adopted) return adopted;
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--maxmemory-policy',
      'noeviction',
    ],
    // A group of its own: a Ctrl-C at the terminal reaches the whole foreground group, and
    // Redis must stop after the app (which still writes jobs back while it stops), not with it.
    { stdio: 'ignore', detached: true },
  );
  const started = await new Promise<boolean>((done) => {
    child.once('error', () => done(false));
    child.once('spawn', () => done(true));
  });
  if (!started) {
    throw new ConfigError([
      `REDIS_URL: not set, no Redis answers at ${DEFAULT_REDIS_URL}, and there is no redis-server on PATH to start one. ` +
        'Install Redis (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or set REDIS_URL.',
    ]);
  }
  const url = `redis://127.0.0.1:${port}`;
  const pid = child.pid as number;
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await answers(url)) {
      const owner: RedisOwner = { pid, start: processStart(pid), port };
      writeFileSync(ownerFile, `${JSON.stringify(owner)}\n`, { mode: 0o600 });
      child.unref();
      return { url, stop: stopper(pid) };
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  child.kill('SIGKILL');
  throw new ConfigError([`REDIS_URL: the local redis-server on port ${port} did not start`]);
}
