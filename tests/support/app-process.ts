import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ADMIN_TOKEN } from './app';
import { testRedisUrl } from './services';

const ROOT = join(__dirname, '../..');

export interface AppProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote, stdout and stderr, as it came. */
  output(): string;
  /** Resolves once the API answers; rejects if the process ends first. */
  ready(): Promise<void>;
  /** Resolves when the process has ended, with how it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal as a terminal's Ctrl-C does: to the whole process group (with npmStart). */
  signal(signal: NodeJS.Signals): void;
}

/**
 * The built app (`npm run build`), as `npm start` runs it: the embedded default on dataDir, with
 * the test Redis under its own queue prefix.
 */
export function startAppProcess(options: {
  dataDir: string;
  port: number;
  queuePrefix: string;
  env?: NodeJS.ProcessEnv;
  /** Run it through `npm start` (and whatever that starts), in a process group of its own. */
  npmStart?: boolean;
}): AppProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(options.port),
    DATA_DIR: options.dataDir,
    ADMIN_TOKEN,
    JWT_SECRET: 'process-jwt-secret-0123456789abcdefghijkl',
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: options.queuePrefix,
    LOG_LEVEL: 'info',
    ...options.env,
  };
  delete env.DATABASE_URL;
  const child = options.npmStart
    ? spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    : spawn(process.execPath, [join(ROOT, 'dist/apps/api/apps/api/src/main.js')], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let ended = false;
  void exited.then(() => (ended = true));
  const url = `http://127.0.0.1:${options.port}`;
  return {
    child,
    url,
    output: () => output,
    exited,
    signal(signal) {
      if (options.npmStart) process.kill(-(child.pid as number), signal);
      else child.kill(signal);
    },
    async ready() {
      for (;;) {
        if (ended) throw new Error(`the app ended before it answered:\n${output}`);
        const reply = await fetch(`${url}/api/v1/wards`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }).catch(
          () => undefined,
        );
        if (reply?.status === 200) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}
