import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { ConfigError } from '@kiosk-pulse/contract/env';

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

/**
 * The Redis for a local run: REDIS_URL when set; otherwise the usual local one, and when
 * nothing answers there, a redis-server of our own with its data under dataDir.
 */
export async function resolveRedis(redisUrl: string | undefined, dataDir: string): Promise<LocalRedis> {
  if (redisUrl) {
    if (!(await answers(redisUrl))) throw new ConfigError([`REDIS_URL: no Redis answers at ${redisUrl}`]);
    return { url: redisUrl, stop: () => undefined };
  }
  if (await answers(DEFAULT_REDIS_URL)) return { url: DEFAULT_REDIS_URL, stop: () => undefined };

  const dir = resolve(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
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
    { stdio: 'ignore' },
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
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await answers(url)) return { url, stop: () => child.kill('SIGTERM') };
    await new Promise((done) => setTimeout(done, 100));
  }
  child.kill('SIGKILL');
  throw new ConfigError([`REDIS_URL: the local redis-server on port ${port} did not start`]);
}
