import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '@kiosk-pulse/runtime';

/** Where a demo keeps the secrets it made up, so the next start signs nobody out. */
export const DEMO_SECRETS_FILE = 'demo-secrets.json';

const demoSecrets = z.object({
  adminToken: z.string().min(24).optional(),
  jwtSecret: z.string().min(32).optional(),
  adminPassword: z.string().min(10).optional(),
  /** The read-only (city_official) API token of the wall-screen link. */
  wallToken: z.string().min(1).optional(),
  /** The token of the demo's public page (a share link of the city). */
  shareToken: z.string().min(1).optional(),
  /** The kiosk the printed kiosk-app link pairs (not a simulated one). */
  kioskId: z.string().uuid().optional(),
});
export type DemoSecrets = z.infer<typeof demoSecrets>;

// The defaults that `--demo` changes, unless they are set.
const SETTINGS_MADE_UP = [
  ['ADMIN_TOKEN', 'adminToken', () => randomBytes(24).toString('base64url')],
  ['JWT_SECRET', 'jwtSecret', () => randomBytes(32).toString('base64url')],
  ['ADMIN_PASSWORD', 'adminPassword', () => randomBytes(9).toString('base64url')],
] as const;

const isUnset = (value: string | undefined) => value === undefined || value === '';

export interface DemoEnvironment {
  env: NodeJS.ProcessEnv;
  secretsFile: string;
  secrets: DemoSecrets;
}

/**
 * The settings of a `--demo` start: what the environment sets stays as it is. The secrets it has
 * to make up (admin token, JWT secret, admin password) are kept in DATA_DIR/demo-secrets.json
 * (mode 0600) and used again on the next start, so open browsers stay signed in.
 *
 * The simulated kiosks post far more than a field kiosk (`rate` events a second spread over
 * `kiosks`), so the per-kiosk plausibility bounds are raised to well above that load: left at
 * their defaults, a demo running a few hours would see its own events refused.
 */
export function demoEnvironment(
  environment: NodeJS.ProcessEnv,
  simulated: { kiosks: number; rate: number },
): DemoEnvironment {
  const env = { ...environment };
  const dataDir = isUnset(env.DATA_DIR) ? './data' : (env.DATA_DIR as string);
  const secretsFile = join(dataDir, DEMO_SECRETS_FILE);
  const secrets = readDemoSecrets(secretsFile);
  let changed = false;
  for (const [setting, key, make] of SETTINGS_MADE_UP) {
    if (!isUnset(env[setting])) continue;
    if (!secrets[key]) {
      secrets[key] = make();
      changed = true;
    }
    env[setting] = secrets[key];
  }
  if (changed) writeDemoSecrets(secretsFile, secrets);

  const defaults: Record<string, string> = {
    ADMIN_USERNAME: 'admin',
    // The simulated kiosks post several times a second: a line per request would bury the banner.
    LOG_LEVEL: 'warn',
    // Metrics are closed by default; the demo runs on one's own machine.
    METRICS_PUBLIC: 'true',
    ...demoUsageLimits(simulated),
  };
  for (const [setting, value] of Object.entries(defaults)) if (isUnset(env[setting])) env[setting] = value;
  // The printed admin password replaces a stored one (a data folder from an older demo, say).
  env.DEMO_RESET_ADMIN_PASSWORD = 'true';
  return { env, secretsFile, secrets };
}

/** Per-kiosk bounds ten times the simulated load per minute, and twice a full day of it. */
export function demoUsageLimits(simulated: { kiosks: number; rate: number }): Record<string, string> {
  const perKioskPerMinute = (simulated.rate * 60) / Math.max(1, simulated.kiosks);
  return {
    KIOSK_USAGE_EVENTS_PER_MINUTE: String(Math.max(600, Math.ceil(perKioskPerMinute * 10))),
    KIOSK_USAGE_EVENTS_PER_DAY: String(Math.max(100_000, Math.ceil(perKioskPerMinute * 1_440 * 2))),
  };
}

export function readDemoSecrets(file: string): DemoSecrets {
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    parsed = undefined;
  }
  const result = demoSecrets.safeParse(parsed);
  if (!result.success) {
    throw new ConfigError([`${file}: not the demo's secrets; delete it and the demo makes new ones`]);
  }
  return result.data;
}

/** Written whole or not at all, readable by its owner only. */
export function writeDemoSecrets(file: string, secrets: DemoSecrets): void {
  mkdirSync(join(file, '..'), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  // The mode given to writeFileSync is masked by the umask: say it again.
  chmodSync(partial, 0o600);
  renameSync(partial, file);
}
