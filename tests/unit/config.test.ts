import { ConfigError } from '@kiosk-pulse/contract/env';
import { loadApiConfig } from '../../apps/api/src/config';
import { loadWorkerConfig } from '../../apps/worker/src/config';

describe('configuration from the environment', () => {
  it('fills in defaults: embedded database, local Redis, port 3000', () => {
    expect(loadApiConfig({ ADMIN_TOKEN: 'x'.repeat(24), JWT_SECRET: 'y'.repeat(32) })).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      redisUrl: undefined,
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
      'ADMIN_TOKEN: is required (or run with --demo) (not set)',
      'EVENT_MAX_AGE_DAYS: Too small: expected number to be >=1',
      'JWT_SECRET: is required (or run with --demo) (not set)',
    ]);
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
  const required = { ADMIN_TOKEN: 'x'.repeat(24), JWT_SECRET: 'y'.repeat(32) };

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
      redisUrl: 'redis://node-1:7000',
      redisCluster: true,
      queuePrefix: '{kiosk-pulse}',
    });
  });
});

describe('empty settings', () => {
  it('counts an empty variable as unset', () => {
    const config = loadApiConfig({
      ADMIN_TOKEN: 'x'.repeat(24),
      JWT_SECRET: 'y'.repeat(32),
      ADMIN_USERNAME: '',
      PORT: '',
    });
    expect(config.firstAdmin).toBeUndefined();
    expect(config.port).toBe(3000);
  });
});

describe('kiosk plausibility bounds and late events', () => {
  const required = { ADMIN_TOKEN: 'x'.repeat(24), JWT_SECRET: 'y'.repeat(32) };

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
