import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { API_SETTINGS } from '../../apps/api/src/config/api-config';
import { WORKER_SETTINGS } from '../../libs/ingest-writer/src/ingest-writer.config';

const ROOT = join(__dirname, '..', '..');

interface Service {
  image?: string;
  networks?: Record<string, { ipv4_address?: string } | null>;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] };
  restart?: string;
  depends_on?: Record<string, { condition: string }>;
}

/**
 * There is no Docker engine on the build machines: the compose file is checked as Debian's
 * docker-compose reads it (`docker-compose config`), with a .env made from .env.example, in a
 * copy of the files it names.
 */
function composeConfig(env: Record<string, string>): { status: number; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kp-compose-'));
  try {
    copyFileSync(join(ROOT, 'docker-compose.yml'), join(dir, 'docker-compose.yml'));
    mkdirSync(join(dir, 'deploy'));
    copyFileSync(join(ROOT, 'deploy', 'haproxy.cfg'), join(dir, 'deploy', 'haproxy.cfg'));
    let dotenv = readFileSync(join(ROOT, '.env.example'), 'utf8');
    for (const [name, value] of Object.entries(env))
      dotenv = dotenv.replace(new RegExp(`^${name}=.*$`, 'm'), `${name}=${value}`);
    writeFileSync(join(dir, '.env'), dotenv);
    const run = spawnSync('docker-compose', ['config'], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    if (run.error)
      throw new Error(`docker-compose is not installed (apt-get install docker-compose): ${run.error.message}`);
    return { status: run.status ?? 1, stdout: run.stdout, stderr: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const SECRETS = {
  POSTGRES_PASSWORD: 'a-database-password',
  ADMIN_TOKEN: 'an-admin-token-0123456789abcdef',
  JWT_SECRET: 'a-jwt-secret-0123456789abcdefghijklmnop',
};

describe('docker-compose.yml', () => {
  let services: Record<string, Service>;

  beforeAll(() => {
    const run = composeConfig(SECRETS);
    if (run.status !== 0) throw new Error(`docker-compose config failed: ${run.stderr}`);
    services = (parse(run.stdout) as { services: Record<string, Service> }).services;
  });

  it('runs TimescaleDB on PostgreSQL 17 with its data on a volume', () => {
    const db = services.timescaledb;
    expect(db.image).toMatch(/^timescale\/timescaledb:.*pg17/);
    expect(db.volumes).toContainEqual(expect.stringMatching(/^timescaledb-data:\/var\/lib\/postgresql\/data(:rw)?$/));
    expect(db.healthcheck?.test.join(' ')).toContain('pg_isready');
  });

  it('runs Redis with an append-only file synced on every write, no eviction, on a volume', () => {
    const redis = services.redis;
    const command = redis.command?.join(' ');
    expect(command).toContain('--appendonly yes');
    expect(command).toContain('--appendfsync always');
    expect(command).toContain('--maxmemory-policy noeviction');
    expect(redis.volumes).toContainEqual(expect.stringMatching(/^redis-data:\/data(:rw)?$/));
    expect(redis.healthcheck?.test.join(' ')).toContain('ping');
  });

  it('migrates once before the api and workers start, which are health-checked and restarted', () => {
    expect(services.migrate.command).toContain('--migrate');
    expect(services.migrate.depends_on?.timescaledb.condition).toBe('service_healthy');
    for (const name of ['api', 'worker']) {
      const service = services[name];
      expect(service.depends_on).toMatchObject({
        migrate: { condition: 'service_completed_successfully' },
        redis: { condition: 'service_healthy' },
      });
      expect(service.healthcheck?.test.join(' ')).toContain('/health/ready');
      expect(service.restart).toBe('unless-stopped');
      expect(service.environment?.DATABASE_URL).toBe(
        `postgres://kiosk_pulse:${SECRETS.POSTGRES_PASSWORD}@timescaledb:5432/kiosk_pulse`,
      );
    }
    for (const name of ['timescaledb', 'redis', 'proxy']) expect(services[name].restart).toBe('unless-stopped');
    expect(services.api.environment?.ADMIN_TOKEN).toBe(SECRETS.ADMIN_TOKEN);
  });

  it('refuses to start without the secrets it needs, saying which', () => {
    for (const name of ['POSTGRES_PASSWORD', 'JWT_SECRET'] as const) {
      const run = composeConfig({ ...SECRETS, [name]: '' });
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain(`set ${name} in .env`);
    }
  });

  it('ships no password that would pass: .env.example as it is does not start', () => {
    const { POSTGRES_PASSWORD: _unset, ...others } = SECRETS;
    const run = composeConfig(others);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('set POSTGRES_PASSWORD in .env');
  });

  it('needs no shared ADMIN_TOKEN: the first admin signs in by name', () => {
    const run = composeConfig({ ...SECRETS, ADMIN_TOKEN: '' });
    expect(run.status).toBe(0);
  });

  it('tells the api who the client is through the proxy, which alone it trusts', () => {
    const haproxy = readFileSync(join(ROOT, 'deploy', 'haproxy.cfg'), 'utf8');
    expect(haproxy).toMatch(/^\s*option forwardfor\b/m);
    const proxyAddress = services.proxy.networks?.edge?.ipv4_address;
    expect(proxyAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(services.api.environment?.TRUSTED_PROXIES).toBe(proxyAddress);
    // The proxy reaches the api replicas, and nothing else.
    expect(Object.keys(services.proxy.networks ?? {})).toEqual(['edge']);
    expect(Object.keys(services.api.networks ?? {}).sort()).toEqual(['default', 'edge']);
  });

  it('does not route /metrics from the internet', () => {
    const haproxy = readFileSync(join(ROOT, 'deploy', 'haproxy.cfg'), 'utf8');
    const rule = /^\s*http-request deny deny_status 404 if \{ path,url_dec -m reg -i (\S+) \}$/m.exec(haproxy);
    expect(rule).not.toBeNull();
    const denied = new RegExp((rule as RegExpExecArray)[1], 'i');
    for (const path of ['/metrics', '/metrics/', '//metrics', '/METRICS', '/%6detrics'])
      expect({ path, denied: denied.test(decodeURIComponent(path)) }).toEqual({ path, denied: true });
    for (const path of ['/api/v1/health/ready', '/api/v1/stats/summary', '/metricsx', '/'])
      expect({ path, denied: denied.test(path) }).toEqual({ path, denied: false });
  });
});

describe('.env.example', () => {
  const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
  const named = new Set([...example.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]));

  it('names and explains every setting the api and the worker read', () => {
    for (const setting of new Set([...API_SETTINGS, ...WORKER_SETTINGS])) {
      expect({ setting, named: named.has(setting) }).toEqual({ setting, named: true });
      // The line above it is a comment saying what it is for.
      const lines = example.split('\n');
      const at = lines.findIndex((line) => new RegExp(`^#? ?${setting}=`).test(line));
      expect(
        lines
          .slice(0, at)
          .reverse()
          .find((line) => !/^#? ?[A-Z0-9_]+=/.test(line)),
      ).toMatch(/^# \S/);
    }
  });
});

it('docker-compose is the one from Debian (v1), as on CI', () => {
  expect(execFileSync('docker-compose', ['version', '--short'], { encoding: 'utf8' })).toMatch(/^1\./);
});
