import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort } from '../../apps/api/src/local-redis';

/** A redis-server of the test's own, on a free port, that the test can stop and start again. */
export class DisposableRedis {
  private process: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly persistIn: string | undefined,
    private readonly clusterDir: string | undefined = undefined,
  ) {}

  /**
   * With `persistIn` (a folder), Redis keeps an append-only file synced on every write, as
   * docker-compose.yml runs it, so a crash loses nothing it acknowledged; without, it keeps nothing.
   */
  static async start(options: { persistIn?: string; clusterDir?: string } = {}): Promise<DisposableRedis> {
    const redis = new DisposableRedis(await freePort(), options.persistIn, options.clusterDir);
    await redis.up();
    return redis;
  }

  /** A Redis Cluster of `masters` nodes (no replicas), its slots spread over them. */
  static async startCluster(masters = 3): Promise<DisposableRedis[]> {
    const clusterDir = mkdtempSync(join(tmpdir(), 'kp-redis-cluster-'));
    const nodes: DisposableRedis[] = [];
    for (let i = 0; i < masters; i++) nodes.push(await DisposableRedis.start({ clusterDir }));
    const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
    await promisify(execFile)('redis-cli', [
      '--cluster',
      'create',
      ...addresses,
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    for (let attempt = 0; attempt < 200; attempt++) {
      const states = await Promise.all(nodes.map((node) => node.command('CLUSTER', 'INFO')));
      if (states.every((info) => info.includes('cluster_state:ok'))) return nodes;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the Redis Cluster did not come up');
  }

  private async command(...args: [string, ...string[]]): Promise<string> {
    const client = new Redis(this.url, { maxRetriesPerRequest: 1 });
    try {
      return String(await client.call(...args));
    } finally {
      client.disconnect();
    }
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    if (this.process && this.process.exitCode === null && this.process.signalCode === null) return;
    this.process = spawn(
      'redis-server',
      [
        ...['--port', String(this.port), '--bind', '127.0.0.1', '--save', ''],
        ...(this.clusterDir
          ? ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${this.port}.conf`, '--dir', this.clusterDir]
          : []),
        ...(this.persistIn
          ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.persistIn]
          : ['--appendonly', 'no']),
      ],
      {
        stdio: 'ignore',
      },
    );
    for (let attempt = 0; attempt < 100; attempt++) {
      const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on('error', () => undefined);
      try {
        await client.connect();
        if ((await client.ping()) === 'PONG') return;
      } catch {
        // not up yet
      } finally {
        client.disconnect();
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`redis-server did not start on port ${this.port}`);
  }

  async down(): Promise<void> {
    const process = this.process;
    if (!process || process.exitCode !== null || process.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      process.once('exit', () => resolve());
      process.kill('SIGKILL');
    });
  }
}
