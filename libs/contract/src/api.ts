import type {
  AgeSplitPeriods,
  HeatmapCell,
  Metric,
  PopulationFigure,
  PopulationGroup,
  PublishedFigures,
  PublishedFunnel,
  TimeseriesPoint,
  Totals,
  Ward,
  WardCounts,
  WardPopulation,
  WardPopulationHistory,
  WardSort,
} from './counts';
import type { AlertIncident, AlertRule, AlertRuleInput, AlertsQuery, CreatedAlertRule } from './alerts';
import type { Campaign, CampaignComparison, CampaignInput, CampaignsQuery } from './campaigns';
import type { EventBatch, IngestResponse, Outcome, Rating } from './events';
import type { CreatedShareLink, CreateShareLinkRequest, PublicView, ShareLink } from './public';
import type { QueueHealth } from './queue';
import type { ReportData, ReportFormat, ReportQuery } from './reports';
import type {
  ReportDeliveriesQuery,
  ReportDelivery,
  ReportSubscription,
  ReportSubscriptionInput,
} from './report-subscriptions';
import type { Target, TargetImportResult, TargetProgressReport, TargetsQuery, Team, TeamInput } from './targets';
import type { TargetChange, TargetInput } from './target-input';

/*
 * The HTTP API as both sides see it: every path, what it takes and what it answers (as JSON).
 * The api's controllers declare these answers as their return types; the dashboard and the CLIs
 * call the API through the table at the bottom, so a renamed field or path fails to compile on
 * both sides instead of breaking a page at run time.
 */

// ---- people, roles, sign-in ----

export const ROLES = ['admin', 'city_official', 'ward_staff'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  username: string;
  role: Role;
  wardCode: string | null;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/**
 * Who a credential stands for. `id` is the user's, null for an API token (a wall screen's link)
 * or ADMIN_TOKEN.
 */
export interface SignedInUser {
  id: string | null;
  username: string;
  role: Role;
  wardCode: string | null;
}

export interface LoginRequest {
  username: string;
  password: string;
}

export interface LoginResponse {
  /** A signed JWT, sent as `Authorization: Bearer`. */
  token: string;
  user: User;
}

export interface MeResponse {
  user: SignedInUser;
}

export interface CreateUserRequest {
  username: string;
  password: string;
  role: Role;
  /** Required for ward_staff, and only for them. */
  wardCode?: string | null;
}

/** At least one change; `wardCode` only together with `role`. */
export interface UpdateUserRequest {
  disabled?: boolean;
  password?: string;
  role?: Role;
  wardCode?: string | null;
}

// ---- API tokens ----

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  wardCode: string | null;
  createdBy: string;
  /** The admin whose rights the token carries; null when made with ADMIN_TOKEN. */
  ownerId: string | null;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  /** Its owner is locked or no longer an admin: the token does nothing until that changes. */
  suspended: boolean;
}

export interface CreateTokenRequest {
  name: string;
  /** Default city_official: read the figures. */
  role?: Role;
  /** Required for a ward_staff token, and only for one. */
  wardCode?: string;
}

/** A new token: the secret itself is in this answer only. */
export interface CreatedApiToken extends ApiToken {
  token: string;
}

// ---- kiosks ----

export interface Kiosk {
  id: string;
  wardCode: string;
  label: string;
  createdAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
}

/** A kiosk just made or given a new key: the key is in this answer only. */
export interface KioskWithKey extends Kiosk {
  key: string;
}

/**
 * A pairing code for a kiosk: single use, valid 10 minutes. The kiosk app exchanges it (typed,
 * or scanned from `url`'s QR code) for a new key of the kiosk (POST /api/v1/kiosk/pair).
 */
export interface KioskPairingCode {
  kioskId: string;
  /** Eight letters and digits without look-alikes, written in two groups of four: "K7MQ-9TXA". */
  code: string;
  /** The kiosk app's address with the code in its fragment: `<origin>/kiosk/#pair=<code>`. */
  url: string;
  expiresAt: string;
}

/**
 * Refused with 404 when the code is unknown, used or expired (one message for the three, to show
 * as it is), 400 when it is not a code's shape, 429 past 10 attempts a minute from one address.
 */
export interface PairKioskRequest {
  /** As shown or scanned; case, spaces and the dash do not matter. */
  code: string;
}

/** What the kiosk app keeps on the device after pairing: the key is in this answer only. */
export interface PairedKiosk {
  kioskId: string;
  key: string;
  label: string;
  wardCode: string;
  wardName: string;
}

export interface CreateKioskRequest {
  wardCode: string;
  label: string;
}

/** A new label, or (admins only) another ward; at least one of them. */
export interface UpdateKioskRequest {
  label?: string;
  wardCode?: string;
}

export const KIOSK_STATUSES = ['online', 'stale', 'offline', 'revoked', 'never_seen'] as const;
/** How recently a kiosk was heard from, against KIOSK_STALE_AFTER / KIOSK_OFFLINE_AFTER. */
export type KioskStatus = (typeof KIOSK_STATUSES)[number];

export const KIOSK_FLAG_CODES = ['over_limit', 'late_events', 'duplicate_ids'] as const;
export type KioskFlagCode = (typeof KIOSK_FLAG_CODES)[number];

/** Something a kiosk sent today that a person should look at (city day). */
export interface KioskFlag {
  /**
   * over_limit: events refused past the kiosk's plausibility bounds; late_events: events from an
   * earlier city day than the one they arrived on (stored and counted); duplicate_ids: events
   * carrying an id another kiosk had sent first (not counted).
   */
  code: KioskFlagCode;
  count: number;
  lastAt: string;
}

/** A kiosk with today's counts (city day) and its traffic, as the fleet is read from the database. */
export interface FleetKiosk extends Kiosk {
  /** Today's counts (city day) of the kiosk's events in the ward it is in now. */
  today: { peopleReached: number; guidesCompleted: number; accountsRegistered: number };
  eventsStored: number;
  eventsRejected: number;
  /** The server's own words about the last rejection (English, technical). */
  lastError: string | null;
  /** The rejection code of the last rejection (one of REJECTION_CODES), beside its message. */
  lastErrorCode: string | null;
  lastErrorAt: string | null;
  /**
   * What the kiosk's latest heartbeat said (its clock): the events it still held unsent and its
   * app's version, each null when the heartbeat did not say; null before any heartbeat.
   */
  heartbeat: { at: string; pendingEvents: number | null; appVersion: string | null } | null;
  /** Today's flags (city day), in code order; empty when there are none. */
  flags: KioskFlag[];
}

/** A row of the fleet page: GET /api/v1/kiosks and /api/v1/kiosks/:id. */
export interface FleetEntry extends FleetKiosk {
  status: KioskStatus;
}

// ---- wards ----

export interface WardsQuery {
  /** Part of a name (either language, accents folded), or the start of a code. */
  q?: string;
}

export interface SetPopulationRequest {
  total: number;
  aged60Plus?: number | null;
  /** Where the figure comes from. */
  source: string;
  /** The date it describes, YYYY-MM-DD. */
  asOf: string;
  /** The residents' figure is an estimate (default false). */
  estimate?: boolean;
  /** The 60+ figure is an estimate (default false). */
  aged60PlusEstimate?: boolean;
}

/** A figure added to a ward's population history; one of the same group and date is replaced. */
export interface AddPopulationFigureRequest {
  group: PopulationGroup;
  population: number;
  source: string;
  /** The date it describes, YYYY-MM-DD: it is used from this day on. */
  asOf: string;
  /** Default: false for residents, true for adults18Plus and aged60Plus (no official per-ward figure). */
  estimate?: boolean;
}

// ---- the figures ----

export type CsvLanguage = 'vi' | 'en';

/** The range every stats endpoint reads: [from, to), city days (YYYY-MM-DD) or ISO-8601 instants. */
export interface StatsRangeQuery {
  /** Default: today (city day). */
  from?: string;
  /** Excluded. Default: the end of the day `from` falls on, or of today. */
  to?: string;
  /** csv: the same table as a spreadsheet (a string, not JSON). */
  format?: 'json' | 'csv';
  /** The language of the CSV's headers and labels. */
  lang?: CsvLanguage;
}

export interface StatsQuery extends StatsRangeQuery {
  /** One ward's 5-digit code; absent: the whole city. */
  wardCode?: string;
}

export interface TimeseriesQuery extends StatsQuery {
  metric: Metric;
  bucket: 'hour' | 'day';
}

export interface HeatmapQuery extends StatsQuery {
  metric: Metric;
}

export interface WardFiguresQuery extends StatsRangeQuery {
  sort?: WardSort;
}

export interface StatsSummary extends PublishedFigures {
  from: string;
  to: string;
  wardCode: string | null;
  /** The city's outcomes recorded in the range (OUTCOMES; totals, exact). */
  byOutcome: Record<Outcome, number>;
  /** The residents' answers to "Hài lòng?" (RATINGS: 1 not satisfied … 3 satisfied), exact totals. */
  byRating: Record<Rating, number>;
  /** The same figures over the period of the same length just before. */
  previous: { from: string; to: string; guidesCompleted: number; accountsRegistered: number; peopleReached: number };
  /** Change against the previous period as a fraction (0.25 = +25 %), null when it had none. */
  change: Record<Metric, number | null>;
}

export interface Timeseries {
  metric: Metric;
  bucket: 'hour' | 'day';
  wardCode: string | null;
  from: string;
  to: string;
  points: TimeseriesPoint[];
}

/** The city's median ward, beside the wards. */
export interface WardMedians {
  peopleReached: number | null;
  guidesCompleted: number | null;
  accountsRegistered: number | null;
  /** Medians of the rates, over the wards whose population is known. */
  per10k: { peopleReached: number | null; guidesCompleted: number | null; accountsRegistered: number | null };
}

export interface WardFigures {
  from: string;
  to: string;
  /** The published periods the 60+ counts cover. */
  ageSplit: AgeSplitPeriods;
  wards: WardCounts[];
  median: WardMedians;
}

export interface Heatmap {
  metric: Metric;
  wardCode: string | null;
  from: string;
  to: string;
  cells: HeatmapCell[];
}

export interface Funnel {
  wardCode: string | null;
  from: string;
  to: string;
  /** The published periods the age lines cover (the all-ages lines cover the range as asked). */
  ageSplit: AgeSplitPeriods;
  guides: PublishedFunnel[];
}

/** A kiosk's totals: a kiosk-day is too small a unit to split by age. */
export interface KioskFigures extends Totals {
  kioskId: string;
  label: string;
  wardCode: string;
}

export interface KiosksFigures {
  from: string;
  to: string;
  wardCode: string | null;
  kiosks: KioskFigures[];
}

// ---- administration ----

/**
 * Who looked at what: every signed-in read of figures is `stats.read`, every file of figures
 * that leaves the api `stats.export`. Their target is the ward read, or the city.
 */
export const AUDIT_READ_ACTIONS = ['stats.read', 'stats.export'] as const;
export type AuditReadAction = (typeof AUDIT_READ_ACTIONS)[number];

/** The views a read can be of: the six stats endpoints, the /live socket, the kiosk fleet, one kiosk's page, a report and target progress. */
export const READ_VIEWS = [
  'summary',
  'timeseries',
  'wards',
  'heatmap',
  'funnel',
  'kiosks',
  'live',
  'fleet',
  'kiosk',
  'report',
  'targets',
] as const;
export type ReadView = (typeof READ_VIEWS)[number];

/** The file an export was: a CSV of the stats endpoints, a report's PDF or XLSX, or a report sent by e-mail. */
export const EXPORT_KINDS = ['csv', 'pdf', 'xlsx', 'email'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** The details of a read or export: the scope, never a figure. */
export interface ReadDetails {
  role: Role;
  view: ReadView;
  /** The range read, [from, to), as instants. */
  from: string;
  to: string;
  /** Only on `stats.export`. */
  export?: ExportKind;
}

/** `changes`: every entry but reads and exports (changes and sign-ins); `reads`: the reads and exports. */
export const AUDIT_KINDS = ['changes', 'reads'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/**
 * Admins read the whole log; ward staff only the reads and exports of their own ward (their
 * `wardCode` by default; another ward, or `kind=changes`, is refused).
 */
export interface AuditQuery {
  /** 1 to 500, default 100. */
  limit?: number;
  /** Older than this entry id: the last one seen. */
  before?: number;
  /** "user:<username>", "token:<name>", "admin-token" or "anonymous". */
  actor?: string;
  /** One action, e.g. `kiosk.create` or `stats.export`. */
  action?: string;
  kind?: AuditKind;
  /** Entries about this ward (a read of it, a change to its population). */
  wardCode?: string;
  /** From this instant (a city day YYYY-MM-DD or ISO-8601 with an offset), included. */
  from?: string;
  /** Up to this instant, excluded. */
  to?: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  /** user, kiosk, token, ward, job, share_link; a read's target is its `ward`, or the `city`. */
  targetType: string;
  targetId: string;
  /** The target's name now (user name, kiosk label, token name, ward name); null for a batch, the city or a gone row. */
  targetName: string | null;
  /** What the action says more; for `stats.read` and `stats.export`, ReadDetails. */
  details: Record<string, unknown>;
}

export interface QueueQuery {
  /** How many failed jobs to list, 1 to 200, default 50. */
  failed?: number;
}

export interface RetriedJob {
  retried: true;
}

// ---- health ----

export type HealthStatus = 'ok' | 'error' | 'shutting_down';

/**
 * Readiness. Without credentials only `status`; an admin or the metrics scraper also gets each
 * check (database, redis, queue) as @nestjs/terminus reports it.
 */
export interface HealthAnswer {
  status: HealthStatus;
  info?: Record<string, { status: 'up' | 'down'; [detail: string]: unknown }>;
  error?: Record<string, { status: 'up' | 'down'; [detail: string]: unknown }>;
  details?: Record<string, { status: 'up' | 'down'; [detail: string]: unknown }>;
}

// ---- the table ----

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * What an endpoint takes and answers: `params` fill the `:name` parts of its path, `query` its
 * query string, `body` its JSON body; `response` is its JSON answer (void: 204, no body).
 */
export interface EndpointTypes {
  params?: Record<string, string>;
  query?: object;
  body?: unknown;
  response: unknown;
}

export interface Endpoint<T extends EndpointTypes = EndpointTypes> {
  method: HttpMethod;
  /** From the site's root, with `:name` for each path parameter. */
  path: string;
  /** Never set: carries `T`, what the endpoint takes and answers, to the callers' types. */
  readonly types?: T;
}

const endpoint = <T extends EndpointTypes>(method: HttpMethod, path: string): Endpoint<T> => ({ method, path });

type Id = { id: string };

/** Every endpoint of the HTTP API (but /metrics, Prometheus' text), by feature. */
export const API = {
  auth: {
    login: endpoint<{ body: LoginRequest; response: LoginResponse }>('POST', '/api/v1/auth/login'),
    logout: endpoint<{ response: void }>('POST', '/api/v1/auth/logout'),
    me: endpoint<{ response: MeResponse }>('GET', '/api/v1/auth/me'),
  },
  users: {
    create: endpoint<{ body: CreateUserRequest; response: User }>('POST', '/api/v1/users'),
    list: endpoint<{ response: User[] }>('GET', '/api/v1/users'),
    update: endpoint<{ params: Id; body: UpdateUserRequest; response: User }>('PATCH', '/api/v1/users/:id'),
  },
  tokens: {
    create: endpoint<{ body: CreateTokenRequest; response: CreatedApiToken }>('POST', '/api/v1/tokens'),
    list: endpoint<{ response: ApiToken[] }>('GET', '/api/v1/tokens'),
    revoke: endpoint<{ params: Id; response: ApiToken }>('POST', '/api/v1/tokens/:id/revoke'),
  },
  wards: {
    list: endpoint<{ query: WardsQuery; response: Ward[] }>('GET', '/api/v1/wards'),
    setPopulation: endpoint<{ params: { code: string }; body: SetPopulationRequest; response: WardPopulation }>(
      'PUT',
      '/api/v1/wards/:code/population',
    ),
    clearPopulation: endpoint<{ params: { code: string }; response: void }>('DELETE', '/api/v1/wards/:code/population'),
    populations: endpoint<{ params: { code: string }; response: WardPopulationHistory }>(
      'GET',
      '/api/v1/wards/:code/populations',
    ),
    addPopulation: endpoint<{ params: { code: string }; body: AddPopulationFigureRequest; response: PopulationFigure }>(
      'POST',
      '/api/v1/wards/:code/populations',
    ),
    removePopulation: endpoint<{ params: { code: string; group: PopulationGroup; asOf: string }; response: void }>(
      'DELETE',
      '/api/v1/wards/:code/populations/:group/:asOf',
    ),
  },
  kiosks: {
    create: endpoint<{ body: CreateKioskRequest; response: KioskWithKey }>('POST', '/api/v1/kiosks'),
    list: endpoint<{ response: FleetEntry[] }>('GET', '/api/v1/kiosks'),
    get: endpoint<{ params: Id; response: FleetEntry }>('GET', '/api/v1/kiosks/:id'),
    update: endpoint<{ params: Id; body: UpdateKioskRequest; response: Kiosk }>('PATCH', '/api/v1/kiosks/:id'),
    rotate: endpoint<{ params: Id; response: KioskWithKey }>('POST', '/api/v1/kiosks/:id/rotate'),
    revoke: endpoint<{ params: Id; response: Kiosk }>('POST', '/api/v1/kiosks/:id/revoke'),
    pairingCode: endpoint<{ params: Id; response: KioskPairingCode }>('POST', '/api/v1/kiosks/:id/pairing-code'),
    pair: endpoint<{ body: PairKioskRequest; response: PairedKiosk }>('POST', '/api/v1/kiosk/pair'),
  },
  stats: {
    summary: endpoint<{ query: StatsQuery; response: StatsSummary }>('GET', '/api/v1/stats/summary'),
    timeseries: endpoint<{ query: TimeseriesQuery; response: Timeseries }>('GET', '/api/v1/stats/timeseries'),
    wards: endpoint<{ query: WardFiguresQuery; response: WardFigures }>('GET', '/api/v1/stats/wards'),
    heatmap: endpoint<{ query: HeatmapQuery; response: Heatmap }>('GET', '/api/v1/stats/heatmap'),
    funnel: endpoint<{ query: StatsQuery; response: Funnel }>('GET', '/api/v1/stats/funnel'),
    kiosks: endpoint<{ query: StatsQuery; response: KiosksFigures }>('GET', '/api/v1/stats/kiosks'),
  },
  audit: {
    list: endpoint<{ query: AuditQuery; response: AuditEntry[] }>('GET', '/api/v1/audit'),
  },
  shareLinks: {
    create: endpoint<{ body: CreateShareLinkRequest; response: CreatedShareLink }>('POST', '/api/v1/share-links'),
    list: endpoint<{ response: ShareLink[] }>('GET', '/api/v1/share-links'),
    revoke: endpoint<{ params: Id; response: ShareLink }>('POST', '/api/v1/share-links/:id/revoke'),
  },
  /**
   * Targets per indicator, ward (or the city) and period: admins and city officials set them,
   * ward staff read their ward's and the city's. The import's body is the CSV or XLSX file itself.
   */
  targets: {
    list: endpoint<{ query: TargetsQuery; response: Target[] }>('GET', '/api/v1/targets'),
    create: endpoint<{ body: TargetInput; response: Target }>('POST', '/api/v1/targets'),
    get: endpoint<{ params: Id; response: Target }>('GET', '/api/v1/targets/:id'),
    update: endpoint<{
      params: Id;
      body: TargetChange;
      response: Target;
    }>('PATCH', '/api/v1/targets/:id'),
    delete: endpoint<{ params: Id; response: void }>('DELETE', '/api/v1/targets/:id'),
    progress: endpoint<{ query: TargetsQuery; response: TargetProgressReport }>('GET', '/api/v1/targets/progress'),
    import: endpoint<{ body: Blob; response: TargetImportResult }>('POST', '/api/v1/targets/import'),
    teams: endpoint<{ response: Team[] }>('GET', '/api/v1/targets/teams'),
    createTeam: endpoint<{ body: TeamInput; response: Team }>('POST', '/api/v1/targets/teams'),
    updateTeam: endpoint<{ params: Id; body: Partial<Pick<TeamInput, 'name' | 'kioskIds'>>; response: Team }>(
      'PATCH',
      '/api/v1/targets/teams/:id',
    ),
    deleteTeam: endpoint<{ params: Id; response: void }>('DELETE', '/api/v1/targets/teams/:id'),
  },
  /**
   * Kiosk days and campaigns: ward staff record their ward's, admins any ward's, city officials
   * read them; the list takes a range, for the charts' markers.
   */
  campaigns: {
    list: endpoint<{ query: CampaignsQuery; response: Campaign[] }>('GET', '/api/v1/campaigns'),
    create: endpoint<{ body: CampaignInput; response: Campaign }>('POST', '/api/v1/campaigns'),
    get: endpoint<{ params: Id; response: Campaign }>('GET', '/api/v1/campaigns/:id'),
    update: endpoint<{ params: Id; body: Partial<Omit<CampaignInput, 'wardCode'>>; response: Campaign }>(
      'PATCH',
      '/api/v1/campaigns/:id',
    ),
    delete: endpoint<{ params: Id; response: void }>('DELETE', '/api/v1/campaigns/:id'),
    comparison: endpoint<{ params: Id; response: CampaignComparison }>('GET', '/api/v1/campaigns/:id/comparison'),
  },
  /**
   * Weekly, monthly and half-year reports of a ward or the city: the figures as JSON, or a PDF
   * or XLSX file; `print` is the report page's own read, with REPORT_TOKEN_HEADER instead of a
   * sign-in.
   */
  reports: {
    data: endpoint<{ query: ReportQuery; response: ReportData }>('GET', '/api/v1/reports/data'),
    file: endpoint<{ query: ReportQuery & { format: ReportFormat }; response: Blob }>('GET', '/api/v1/reports/file'),
    print: endpoint<{ response: ReportData }>('GET', '/api/v1/reports/print'),
  },
  /**
   * Scheduled reports by e-mail: the signed-in user's own subscriptions; admins list every
   * delivery (failed ones with their error) and retry a failed one.
   */
  reportSubscriptions: {
    list: endpoint<{ response: ReportSubscription[] }>('GET', '/api/v1/reports/subscriptions'),
    create: endpoint<{ body: ReportSubscriptionInput; response: ReportSubscription }>(
      'POST',
      '/api/v1/reports/subscriptions',
    ),
    cancel: endpoint<{ params: Id; response: void }>('DELETE', '/api/v1/reports/subscriptions/:id'),
    deliveries: endpoint<{ query: ReportDeliveriesQuery; response: ReportDelivery[] }>(
      'GET',
      '/api/v1/reports/deliveries',
    ),
    retry: endpoint<{ params: Id; response: ReportDelivery }>('POST', '/api/v1/reports/deliveries/:id/retry'),
  },
  /**
   * Alert rules per ward (admins any ward's, ward staff their own; city officials read) and the
   * incidents they opened; a webhook's secret is in the answer to creating its rule only.
   */
  alerts: {
    list: endpoint<{ query: AlertsQuery; response: AlertIncident[] }>('GET', '/api/v1/alerts'),
    rules: endpoint<{ query: { wardCode?: string }; response: AlertRule[] }>('GET', '/api/v1/alerts/rules'),
    createRule: endpoint<{ body: AlertRuleInput; response: CreatedAlertRule }>('POST', '/api/v1/alerts/rules'),
    getRule: endpoint<{ params: Id; response: AlertRule }>('GET', '/api/v1/alerts/rules/:id'),
    updateRule: endpoint<{ params: Id; body: Partial<Omit<AlertRuleInput, 'wardCode' | 'kind'>>; response: AlertRule }>(
      'PATCH',
      '/api/v1/alerts/rules/:id',
    ),
    deleteRule: endpoint<{ params: Id; response: void }>('DELETE', '/api/v1/alerts/rules/:id'),
  },
  /** Without signing in: the share link's token in the SHARE_TOKEN_HEADER header. */
  public: {
    view: endpoint<{ response: PublicView }>('GET', '/api/v1/public/view'),
  },
  queue: {
    health: endpoint<{ query: QueueQuery; response: QueueHealth }>('GET', '/api/v1/queue'),
    retry: endpoint<{ params: Id; response: RetriedJob }>('POST', '/api/v1/queue/failed/:id/retry'),
  },
  /** A kiosk's post, with its key as the bearer token; answered 202. */
  ingest: {
    post: endpoint<{ body: EventBatch; response: IngestResponse }>('POST', '/api/v1/events'),
  },
  health: {
    live: endpoint<{ response: { status: 'ok' } }>('GET', '/api/v1/health/live'),
    /** Also at /api/v1/health. */
    ready: endpoint<{ response: HealthAnswer }>('GET', '/api/v1/health/ready'),
  },
} as const;

type Types<E> = E extends Endpoint<infer T extends EndpointTypes> ? T : never;
export type ParamsOf<E> = Types<E> extends { params: infer P } ? P : undefined;
export type QueryOf<E> = Types<E> extends { query: infer Q } ? Q : undefined;
export type BodyOf<E> = Types<E> extends { body: infer B } ? B : undefined;
export type ResponseOf<E> = Types<E> extends { response: infer R } ? R : never;

/** The endpoint's path with its `:name` parts filled in (each value URI-encoded). */
export function endpointPath(endpoint: Endpoint, params: Record<string, string> = {}): string {
  return endpoint.path.replace(/:(\w+)/g, (_, name: string) => {
    if (params[name] === undefined) throw new Error(`${endpoint.path}: no value for :${name}`);
    return encodeURIComponent(params[name]);
  });
}

/** A query as a query string ("" or "?a=1&b=2"), leaving out absent values. */
export function queryString(query: object | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) params.set(key, String(value));
  }
  return params.size > 0 ? `?${params}` : '';
}
