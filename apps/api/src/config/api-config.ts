import { isIP } from 'node:net';
import { z } from 'zod';
import { connectionEnv, connections, parseEnv, sharedEnv } from '@kiosk-pulse/runtime';
import { logLevel } from '@kiosk-pulse/logging';
import { clusterNeedsHashTag } from '@kiosk-pulse/redis';
import { secretSetting } from '../access/secret-strength';
import { isAllowedHostEntry } from '../alerts/webhook-hosts';

// proxy-addr's names for address ranges, besides addresses and CIDRs.
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const commaList = (text: string | undefined) =>
  text
    ? text
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean)
    : [];

const apiEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  ...connectionEnv(
    {
      /** Unset: the embedded TimescaleDB (PGlite) with its data under DATA_DIR. */
      DATABASE_URL: sharedEnv.DATABASE_URL.optional(),
      /** Unset: redis://127.0.0.1:6379, or a redis-server started locally when none answers there. */
      REDIS_URL: sharedEnv.REDIS_URL.optional(),
    },
    // Connections the api keeps to DATABASE_URL (the embedded database always gets one).
    10,
  ),
  DATA_DIR: z.string().min(1).default('./data'),
  /**
   * A shared admin token for bootstrap and break-glass use: optional, since it names no one in the
   * audit log and cannot be revoked while the system runs (named admin users and API tokens can).
   * Demo mode makes one up.
   */
  ADMIN_TOKEN: secretSetting(24).optional(),
  QUEUE_PREFIX: sharedEnv.QUEUE_PREFIX,
  EVENT_MAX_AGE_DAYS: sharedEnv.EVENT_MAX_AGE_DAYS,
  EVENT_MAX_FUTURE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  JOB_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(12),
  ENQUEUE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  /** Jobs waiting in the ingest queue past which kiosks are told to come back later (each job is one POST). */
  /** Raw-event chunks older than this are compressed (a TimescaleDB policy). */
  RAW_COMPRESS_AFTER_DAYS: z.coerce.number().int().min(1).max(3_650).default(7),
  /** Raw events older than this are dropped; the aggregates keep their counts. At least 40. */
  RAW_RETAIN_DAYS: z.coerce
    .number()
    .int()
    .min(40, 'must be at least 40 (the aggregates refresh the last 33 days)')
    .max(36_500)
    .default(400),
  INGEST_MAX_QUEUE_DEPTH: z.coerce.number().int().min(1).default(50_000),
  /**
   * Under a stream of changes, how often the live counts are re-read and pushed. At 250, the
   * wait for the next push alone put POST -> counts p99 at 313-328 ms at 2,000 events/s (issue
   * 18); a slow read spaces the next one out anyway (READ_SHARE_FACTOR).
   */
  LIVE_INTERVAL_MS: z.coerce.number().int().min(50).max(5_000).default(100),
  /** Signs the sign-in tokens; demo mode makes one up. */
  JWT_SECRET: secretSetting(32, 'is required (or run with --demo)'),
  JWT_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 86_400)
    .default(8 * 3600),
  /** The first admin, created on a first start when there are no users yet. */
  ADMIN_USERNAME: z
    .string()
    .regex(/^[a-z0-9._-]{3,64}$/, 'must be 3-64 of a-z 0-9 . _ -')
    .optional(),
  ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  KIOSK_STALE_AFTER_SECONDS: z.coerce.number().int().min(10).default(120),
  KIOSK_OFFLINE_AFTER_SECONDS: z.coerce.number().int().min(10).default(900),
  INGEST_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(1_200),
  /**
   * Plausibility bounds on one kiosk's usage events (heartbeats are not counted), by the kiosk's
   * own clock: per minute of occurredAt, and per city day of occurredAt. A kiosk helps one
   * person at a time; see .env.example for how the defaults were chosen.
   */
  KIOSK_USAGE_EVENTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(60),
  KIOSK_USAGE_EVENTS_PER_DAY: z.coerce.number().int().min(1).max(100_000_000).default(3_000),
  /** Unset: an event is late when it is from a city day before the one it arrives on. */
  EVENT_LATE_AFTER_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 24)
    .optional(),
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  LOGIN_FAILURES_BEFORE_BLOCK: z.coerce.number().int().min(1).default(5),
  /** Failed sign-ins on one account, from any address, after which its sign-ins are slowed down. */
  LOGIN_ACCOUNT_FAILURES_BEFORE_SLOWING: z.coerce.number().int().min(1).default(10),
  /**
   * The reverse proxies whose X-Forwarded-For is believed (addresses, CIDRs, or loopback,
   * linklocal, uniquelocal): the client's address is the last one in the header that none of
   * them has. Unset: no proxy is trusted, and the client is the connection's peer.
   */
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform(commaList)
    .refine((entries) => entries.every(isProxyAddress), 'must be IP addresses or CIDRs, separated by commas'),
  /** Open /live sockets per user or token, and in all, on each api process. */
  LIVE_MAX_SOCKETS_PER_USER: z.coerce.number().int().min(1).default(20),
  LIVE_MAX_SOCKETS: z.coerce.number().int().min(1).default(5_000),
  /** Messages (subscribe) a /live socket may send per minute, and one user's sockets together. */
  LIVE_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  LIVE_USER_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).default(240),
  /** Age-group counts from 1 to this minus one are small, and hidden (docs/privacy.md; 1 hides none). */
  SMALL_COUNT_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  /** The public view's threshold: breakdown counts below it are not shown (docs/privacy.md). */
  PUBLIC_SMALL_COUNT_THRESHOLD: z.coerce.number().int().min(2).max(100).default(10),
  /** Seconds a public view's answer is kept in Redis and shared by everyone who opens it. */
  PUBLIC_CACHE_SECONDS: z.coerce.number().int().min(1).max(300).default(5),
  /** Public view reads per minute from one address. */
  PUBLIC_READS_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  /** How long a period of an age split is: a city day or week (docs/privacy.md). Choose it once: see there. */
  AGE_SPLIT_PERIOD: z.enum(['day', 'week']).default('week'),
  /** Hours after a city day ends before its age split is published, once (docs/privacy.md). */
  AGE_SPLIT_DELAY_HOURS: z.coerce.number().min(0).max(240).default(6),
  /** Months the audit log keeps who read or exported which figures; older reads are deleted every hour. */
  AUDIT_RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
  /** Set by demo mode: the printed admin password replaces a stored one. */
  DEMO_RESET_ADMIN_PASSWORD: z.stringbool().default(false),
  /** How often the alert rules are evaluated (a BullMQ job scheduler: once per interval, whatever the api processes). */
  ALERT_EVALUATE_EVERY_SECONDS: z.coerce.number().int().min(10).max(3_600).default(60),
  /**
   * Internal receivers an alert rule's webhook may reach anyway (addresses, CIDRs or host names,
   * separated by commas): by default loopback, link-local, private and the other special
   * addresses are refused, so a rule cannot make the server probe its own network.
   */
  ALERT_WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .optional()
    .transform((text) => commaList(text).map((entry) => entry.toLowerCase()))
    .refine(
      (entries) => entries.every(isAllowedHostEntry),
      'must be IP addresses, CIDRs or host names (no scheme, port or wildcard), separated by commas',
    ),
  /** pino's level for the JSON logs on stdout. */
  LOG_LEVEL: logLevel,
  /** When set, GET /metrics asks for it as a bearer token (Prometheus' `authorization` setting). */
  METRICS_TOKEN: secretSetting(24).optional(),
  /** GET /metrics without a token; only for a machine of one's own (the demo sets it). */
  METRICS_PUBLIC: z.stringbool().default(false),
  /** The Chromium that prints reports to PDF (Debian's package in the image); started at the first PDF. */
  CHROMIUM_PATH: z
    .string()
    .regex(/^\//, 'must be an absolute path to the Chromium executable')
    .default('/usr/bin/chromium'),
  /** Origins allowed to call the API from a browser; none by default (the dashboard is same-origin). */
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform((text) => (text ? text.split(',').map((origin) => origin.trim()) : [])),
  /** The SMTP server reports (and alerts) are sent through; unset: this server sends no e-mail. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  /** The sender of that e-mail, e.g. "Kiosk Pulse <bao-cao@example.gov.vn>"; required with SMTP_URL. */
  MAIL_FROM: z.string().regex(/@/, 'must be an e-mail address, e.g. "Kiosk Pulse <bao-cao@example.gov.vn>"').optional(),
});

/** The environment variables the api reads. */
export const API_SETTINGS = Object.keys(apiEnv.shape);

const apiConfig = apiEnv
  .refine(...clusterNeedsHashTag)
  .refine((env) => !env.REDIS_CLUSTER || env.REDIS_URL, {
    path: ['REDIS_URL'],
    message: 'must name a node of the cluster when REDIS_CLUSTER is set',
  })
  .refine((env) => !env.SMTP_URL || env.MAIL_FROM, {
    path: ['MAIL_FROM'],
    message: 'is required when SMTP_URL is set (the address e-mail is sent from)',
  })
  .transform((env) => ({
    port: env.PORT,
    host: env.HOST,
    ...connections(env),
    dataDir: env.DATA_DIR,
    adminToken: env.ADMIN_TOKEN,
    eventMaxAgeMs: env.EVENT_MAX_AGE_DAYS * 86_400_000,
    eventMaxFutureMs: env.EVENT_MAX_FUTURE_SECONDS * 1000,
    jobAttempts: env.JOB_ATTEMPTS,
    enqueueTimeoutMs: env.ENQUEUE_TIMEOUT_MS,
    maxQueueDepth: env.INGEST_MAX_QUEUE_DEPTH,
    storage: { compressAfterDays: env.RAW_COMPRESS_AFTER_DAYS, retainDays: env.RAW_RETAIN_DAYS },
    liveIntervalMs: env.LIVE_INTERVAL_MS,
    jwtSecret: env.JWT_SECRET,
    jwtTtlSeconds: env.JWT_TTL_SECONDS,
    firstAdmin:
      env.ADMIN_USERNAME && env.ADMIN_PASSWORD
        ? { username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD, resetPassword: env.DEMO_RESET_ADMIN_PASSWORD }
        : undefined,
    kioskStaleAfterMs: env.KIOSK_STALE_AFTER_SECONDS * 1000,
    kioskOfflineAfterMs: env.KIOSK_OFFLINE_AFTER_SECONDS * 1000,
    ingestRatePerMinute: env.INGEST_RATE_PER_MINUTE,
    kioskUsageLimits: { perMinute: env.KIOSK_USAGE_EVENTS_PER_MINUTE, perDay: env.KIOSK_USAGE_EVENTS_PER_DAY },
    lateEventAfterMs: env.EVENT_LATE_AFTER_HOURS === undefined ? null : env.EVENT_LATE_AFTER_HOURS * 3_600_000,
    loginRatePerMinute: env.LOGIN_RATE_PER_MINUTE,
    loginFailuresBeforeBlock: env.LOGIN_FAILURES_BEFORE_BLOCK,
    loginAccountFailuresBeforeSlowing: env.LOGIN_ACCOUNT_FAILURES_BEFORE_SLOWING,
    trustedProxies: env.TRUSTED_PROXIES,
    live: {
      maxSocketsPerUser: env.LIVE_MAX_SOCKETS_PER_USER,
      maxSockets: env.LIVE_MAX_SOCKETS,
      messagesPerMinute: env.LIVE_MESSAGES_PER_MINUTE,
      userMessagesPerMinute: env.LIVE_USER_MESSAGES_PER_MINUTE,
    },
    corsOrigins: env.CORS_ORIGINS,
    chromiumPath: env.CHROMIUM_PATH,
    mail: env.SMTP_URL && env.MAIL_FROM ? { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM } : null,
    // A scheduled report's e-mail is tried this many times, waiting 1, 2, 4 and 8 minutes between
    // tries: a mail server's restart or greylisting passes well within that.
    reportDelivery: { attempts: 5, backoffMs: 60_000 },
    metricsToken: env.METRICS_TOKEN,
    metricsPublic: env.METRICS_PUBLIC,
    logLevel: env.LOG_LEVEL,
    // 0: no scheduler in this process (tests that evaluate as of instants of their own).
    alerts: { evaluateEveryMs: env.ALERT_EVALUATE_EVERY_SECONDS * 1000 },
    alertWebhooks: { allowedHosts: env.ALERT_WEBHOOK_ALLOWED_HOSTS },
    smallCountThreshold: env.SMALL_COUNT_THRESHOLD,
    ageSplitDelayMs: env.AGE_SPLIT_DELAY_HOURS * 3_600_000,
    ageSplitPeriod: env.AGE_SPLIT_PERIOD,
    publicView: {
      threshold: env.PUBLIC_SMALL_COUNT_THRESHOLD,
      cacheSeconds: env.PUBLIC_CACHE_SECONDS,
      readsPerMinute: env.PUBLIC_READS_PER_MINUTE,
    },
    audit: {
      retentionMonths: env.AUDIT_RETENTION_MONTHS,
      // Reads are written together, at most this long after the first of them or once this
      // many wait: a dashboard page's six or seven reads go in one INSERT.
      flushAfterMs: 1_000,
      flushAtEntries: 200,
      // No setting turns this off: only the measurement of what recording costs does
      // (tests/perf/audit-reads.test.ts), on a running app.
      recordReads: true,
    },
  }));

export type ApiConfig = z.output<typeof apiConfig>;

export const API_CONFIG = Symbol('API_CONFIG');

/** Reads and checks the api's settings, naming every one that is wrong or missing. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  return parseEnv(apiConfig, env);
}
