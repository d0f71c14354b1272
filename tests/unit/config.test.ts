import { randomBytes } from 'node:crypto';
import { ConfigError } from '@kiosk-pulse/runtime';
import { loadApiConfig } from '../../apps/api/src/config/api-config';
import { loadWorkerConfig } from '../../libs/ingest-writer/src/ingest-writer.config';

// Random-looking values of the kind `openssl rand -base64 32` prints.
const ADMIN_TOKEN = 'Qm3v9ZsX1pL0aT7wK2yR8nB5';
const JWT_SECRET = 'r7Tq2LmZ9xV4cN1bH8kP3sW6yF0dJ5gA';

describe('configuration from the environment', () => {
  it('fills in defaults: embedded database, local Redis, port 3000', () => {
    expect(loadApiConfig({ JWT_SECRET })).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      redis: { url: undefined, cluster: false },
      queuePrefix: '{kiosk-pulse}',
      eventMaxAgeMs: 30 * 86_400_000,
      eventMaxFutureMs: 300_000,
    });
  });

  it('names every wrong or missing setting at once', () => {
    let error: unknown;
    try {
      loadApiConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://localhost/x', EVENT_MAX_AGE_DAYS: '0' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'PORT: Invalid input: expected number, received NaN',
      'DATABASE_URL: must be a postgres:// URL',
      'EVENT_MAX_AGE_DAYS: Too small: expected number to be >=1',
      'JWT_SECRET: is required (or run with --demo) (not set)',
    ]);
  });

  it('keeps who read which figures 12 months by default, 1 to 120 months as set', () => {
    expect(loadApiConfig({ JWT_SECRET }).audit.retentionMonths).toBe(12);
    expect(loadApiConfig({ JWT_SECRET, AUDIT_RETENTION_MONTHS: '24' }).audit.retentionMonths).toBe(24);
    for (const months of ['0', '121', '1.5', 'a year']) {
      expect(() => loadApiConfig({ JWT_SECRET, AUDIT_RETENTION_MONTHS: months })).toThrow(
        /^[\s\S]*AUDIT_RETENTION_MONTHS: /,
      );
    }
  });

  it('requires a database for a worker of its own', () => {
    expect(() => loadWorkerConfig({})).toThrow('DATABASE_URL: must be a postgres:// URL (not set)');
    expect(loadWorkerConfig({ DATABASE_URL: 'postgres://db/kp', WORKER_CONCURRENCY: '8' })).toMatchObject({
      databaseUrl: 'postgres://db/kp',
      redis: { url: 'redis://127.0.0.1:6379', cluster: false },
      concurrency: 8,
      refreshAggregatesInApp: false,
    });
  });
});

describe('Redis Cluster', () => {
  const required = { ADMIN_TOKEN, JWT_SECRET };

  it('needs a node to start from and a hash-tagged queue prefix', () => {
    expect(() => loadApiConfig({ ...required, REDIS_CLUSTER: 'true' })).toThrow(
      'REDIS_URL: must name a node of the cluster when REDIS_CLUSTER is set',
    );
    expect(() =>
      loadApiConfig({ ...required, REDIS_CLUSTER: 'true', REDIS_URL: 'redis://node-1:7000', QUEUE_PREFIX: 'kp' }),
    ).toThrow('QUEUE_PREFIX: must hold a {hash tag} on a Redis Cluster');
    expect(() =>
      loadWorkerConfig({ DATABASE_URL: 'postgres://db/kp', REDIS_CLUSTER: 'true', QUEUE_PREFIX: 'kp' }),
    ).toThrow('QUEUE_PREFIX: must hold a {hash tag} on a Redis Cluster');
    expect(loadApiConfig({ ...required, REDIS_CLUSTER: 'true', REDIS_URL: 'redis://node-1:7000' })).toMatchObject({
      redis: { url: 'redis://node-1:7000', cluster: true },
      queuePrefix: '{kiosk-pulse}',
    });
  });
});

describe('empty settings', () => {
  it('counts an empty variable as unset', () => {
    const config = loadApiConfig({
      ADMIN_TOKEN,
      JWT_SECRET,
      ADMIN_USERNAME: '',
      PORT: '',
    });
    expect(config.firstAdmin).toBeUndefined();
    expect(config.port).toBe(3000);
  });
});

describe('secrets', () => {
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadApiConfig({ JWT_SECRET, ...env });
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };
  const weak = /is too easy to guess|must not contain spaces/;

  it.each(['ADMIN_TOKEN', 'JWT_SECRET', 'METRICS_TOKEN'])('refuses a %s anyone could guess, saying why', (name) => {
    for (const value of [
      'a'.repeat(40),
      ' '.repeat(40),
      '\t'.repeat(40),
      'abcdefghijklmnopqrstuvwxyz0123456789',
      'password1234password1234password1234',
      '0123456789012345678901234567890123456789',
      'change me change me change me change me',
    ]) {
      const problems = problemsOf({ [name]: value });
      expect({ value, problems }).toEqual({ value, problems: [expect.stringMatching(new RegExp(`^${name}: `))] });
      expect(problems[0]).toMatch(weak);
    }
  });

  it('takes random values, however they are written', () => {
    for (let i = 0; i < 200; i++) {
      const env = {
        ADMIN_TOKEN: randomBytes(12).toString('hex'),
        JWT_SECRET: randomBytes(24).toString('base64'),
        METRICS_TOKEN: randomBytes(18).toString('base64url'),
      };
      expect(problemsOf(env)).toEqual([]);
    }
  });

  it('needs no ADMIN_TOKEN: named admins and API tokens do its work', () => {
    expect(loadApiConfig({ JWT_SECRET }).adminToken).toBeUndefined();
    expect(loadApiConfig({ JWT_SECRET, ADMIN_TOKEN }).adminToken).toBe(ADMIN_TOKEN);
  });

  it('keeps /metrics closed unless METRICS_PUBLIC opens it', () => {
    expect(loadApiConfig({ JWT_SECRET })).toMatchObject({ metricsToken: undefined, metricsPublic: false });
    expect(loadApiConfig({ JWT_SECRET, METRICS_PUBLIC: 'true' }).metricsPublic).toBe(true);
  });
});

describe('TRUSTED_PROXIES', () => {
  it('trusts no proxy by default', () => {
    expect(loadApiConfig({ JWT_SECRET }).trustedProxies).toEqual([]);
  });

  it('takes addresses, CIDRs and proxy-addr’s range names, and refuses anything else', () => {
    expect(
      loadApiConfig({ JWT_SECRET, TRUSTED_PROXIES: '172.31.240.10, 10.0.0.0/8,fd00::/8 , ::1,loopback' })
        .trustedProxies,
    ).toEqual(['172.31.240.10', '10.0.0.0/8', 'fd00::/8', '::1', 'loopback']);
    for (const bad of ['proxy', '10.0.0.0/33', '10.0.0.1/8/8', '*', '300.1.1.1']) {
      expect(() => loadApiConfig({ JWT_SECRET, TRUSTED_PROXIES: bad })).toThrow(
        'TRUSTED_PROXIES: must be IP addresses or CIDRs, separated by commas',
      );
    }
  });
});

describe('kiosk plausibility bounds and late events', () => {
  const required = { ADMIN_TOKEN, JWT_SECRET };

  it('bounds usage events at 60 a minute and 3,000 a day, and calls an event late from an earlier city day', () => {
    expect(loadApiConfig(required)).toMatchObject({
      kioskUsageLimits: { perMinute: 60, perDay: 3_000 },
      lateEventAfterMs: null,
    });
    expect(
      loadApiConfig({
        ...required,
        KIOSK_USAGE_EVENTS_PER_MINUTE: '120',
        KIOSK_USAGE_EVENTS_PER_DAY: '5000',
        EVENT_LATE_AFTER_HOURS: '6',
      }),
    ).toMatchObject({ kioskUsageLimits: { perMinute: 120, perDay: 5_000 }, lateEventAfterMs: 6 * 3_600_000 });
  });

  it('refuses bounds that are not whole positive numbers', () => {
    expect(() =>
      loadApiConfig({ ...required, KIOSK_USAGE_EVENTS_PER_MINUTE: '0', KIOSK_USAGE_EVENTS_PER_DAY: 'lots' }),
    ).toThrow(
      'KIOSK_USAGE_EVENTS_PER_MINUTE: Too small: expected number to be >=1\n  - KIOSK_USAGE_EVENTS_PER_DAY: Invalid input: expected number, received NaN',
    );
    expect(() => loadApiConfig({ ...required, EVENT_LATE_AFTER_HOURS: '0.5' })).toThrow('EVENT_LATE_AFTER_HOURS');
  });
});
