import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, resolveRedis, type LocalRedis } from '../../apps/api/src/local-redis';

/** The process group a process is in (field 5 of /proc/<pid>/stat, after the command name). */
const groupOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
};
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const pidOf = (dir: string) =>
  (JSON.parse(readFileSync(join(dir, 'redis', 'redis-server.json'), 'utf8')) as { pid: number }).pid;

/*
 * The redis-server the embedded default starts when no Redis answers (issue 13): it must outlive
 * a Ctrl-C at the terminal until the app has stopped, and a second start on the same folder
 * must not run a second server on the same append-only files.
 */
describe('the redis-server of a local run', () => {
  let dir: string;
  let nobody: string;
  const started: LocalRedis[] = [];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kp-redis-'));
    // Where "the usual local Redis" is looked for: a port nothing listens on.
    nobody = `redis://127.0.0.1:${await freePort()}`;
  });
  afterEach(async () => {
    const pid = pidOf(dir);
    for (const redis of started.splice(0)) redis.stop();
    // Redis saves its files as it stops: remove them only once it has.
    while (alive(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs in a process group of its own, so a Ctrl-C reaches the app alone', async () => {
    const redis = await resolveRedis(undefined, dir, nobody);
    started.push(redis);
    const pid = pidOf(dir);
    expect(groupOf(pid)).toBe(pid);
    expect(groupOf(pid)).not.toBe(groupOf(process.pid));
  });

  it('is taken over, not doubled, by the next start after the app was killed', async () => {
    const first = await resolveRedis(undefined, dir, nobody);
    started.push(first);
    const client = new Redis(first.url);
    await client.set('kept', 'yes');
    client.disconnect();
    const pid = pidOf(dir);

    // The app was SIGKILLed: its redis-server still runs, and the next start finds it.
    const second = await resolveRedis(undefined, dir, nobody);
    expect(second.url).toBe(first.url);
    expect(pidOf(dir)).toBe(pid);

    // Stopped, it is gone; the next start runs a new one on the same files, data kept.
    second.stop();
    while (alive(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
    const third = await resolveRedis(undefined, dir, nobody);
    started.push(third);
    expect(pidOf(dir)).not.toBe(pid);
    const reader = new Redis(third.url);
    expect(await reader.get('kept')).toBe('yes');
    reader.disconnect();
  });
});
