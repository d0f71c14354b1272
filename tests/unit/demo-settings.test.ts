import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@kiosk-pulse/runtime';
import { loadApiConfig } from '../../apps/api/src/config/api-config';
import { demoEnvironment } from '../../apps/api/src/demo/demo-settings';

const SIMULATED = { kiosks: 50, rate: 20 };

describe('the settings of a --demo start', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kp-demo-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('makes up the secrets once, keeps them readable by their owner only, and uses them again', () => {
    const first = demoEnvironment({ DATA_DIR: dataDir }, SIMULATED);
    const file = join(dataDir, 'demo-secrets.json');
    expect(first.secretsFile).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      adminToken: first.env.ADMIN_TOKEN,
      jwtSecret: first.env.JWT_SECRET,
      adminPassword: first.env.ADMIN_PASSWORD,
    });
    // Strong enough for the checks every start makes.
    expect(() => loadApiConfig(first.env)).not.toThrow();

    const second = demoEnvironment({ DATA_DIR: dataDir }, SIMULATED);
    for (const setting of ['ADMIN_TOKEN', 'JWT_SECRET', 'ADMIN_PASSWORD'])
      expect(second.env[setting]).toBe(first.env[setting]);
    expect(second.env.DEMO_RESET_ADMIN_PASSWORD).toBe('true');
  });

  it('keeps what the environment sets, and stores none of it', () => {
    const set = {
      DATA_DIR: dataDir,
      ADMIN_PASSWORD: 'my-own-password',
      METRICS_PUBLIC: 'false',
      KIOSK_USAGE_EVENTS_PER_MINUTE: '70',
      LOG_LEVEL: 'info',
    };
    const { env } = demoEnvironment(set, SIMULATED);
    expect(env).toMatchObject(set);
    expect(JSON.parse(readFileSync(join(dataDir, 'demo-secrets.json'), 'utf8'))).not.toHaveProperty('adminPassword');
  });

  it('opens the metrics and lets the simulated kiosks run for days within their bounds', () => {
    const defaults = loadApiConfig({ JWT_SECRET: 'r7Tq2LmZ9xV4cN1bH8kP3sW6yF0dJ5gA' });
    for (const simulated of [SIMULATED, { kiosks: 2, rate: 50 }]) {
      const config = loadApiConfig(demoEnvironment({ DATA_DIR: dataDir }, simulated).env);
      expect(config.metricsPublic).toBe(true);
      const perKioskPerMinute = (simulated.rate * 60) / simulated.kiosks;
      // Bursts of several times the average minute, and a whole day of it twice over.
      expect(config.kioskUsageLimits.perMinute).toBeGreaterThanOrEqual(perKioskPerMinute * 5);
      expect(config.kioskUsageLimits.perDay).toBeGreaterThanOrEqual(perKioskPerMinute * 1_440 * 2);
      expect(config.kioskUsageLimits.perMinute).toBeGreaterThan(defaults.kioskUsageLimits.perMinute);
      expect(config.kioskUsageLimits.perDay).toBeGreaterThan(defaults.kioskUsageLimits.perDay);
    }
    expect(defaults.metricsPublic).toBe(false);
  });

  it('refuses a secrets file it cannot read, saying what to do', () => {
    writeFileSync(join(dataDir, 'demo-secrets.json'), '{"adminToken": 1');
    expect(() => demoEnvironment({ DATA_DIR: dataDir }, SIMULATED)).toThrow(ConfigError);
    expect(() => demoEnvironment({ DATA_DIR: dataDir }, SIMULATED)).toThrow(
      /demo-secrets\.json: not the demo's secrets; delete it and the demo makes new ones/,
    );
  });
});
