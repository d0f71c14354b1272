import { AGE_GROUPS, cityDay, type AgeGroup, type Metric, type SignedInUser } from '@kiosk-pulse/contract';

/*
 * What each view shows (scope, range, metric, filters) lives in the address, so a copied link
 * opens the same view, a reload keeps it, and back and forward step through the choices made.
 * The hash stays the route (routes.ts; `#token=` links); the choices go in the query string, as
 * `?ward=` always has (scopes.ts' links, wall screens). A view reads its choices from here and
 * writes each change here; its controls only show them.
 */

/** One choice kept in the address: its query parameter, and how its value is read and written. */
interface Param<T> {
  name: string;
  /** The value of the parameter's text; undefined when it is none (the default is taken). */
  read(raw: string): T | undefined;
  write(value: T): string;
}

const oneOf = <T extends string>(name: string, values: readonly T[]): Param<T> => ({
  name,
  read: (raw) => values.find((value) => value === raw),
  write: (value) => value,
});

const CITY = 'city';

/** A ward's code, or null for the whole city (written `city`: absent means the user's default). */
const ward = (name: string): Param<string | null> => ({
  name,
  read: (raw) => (raw === CITY ? null : /^\d{5}$/.test(raw) ? raw : undefined),
  write: (value) => value ?? CITY,
});

const day = (name: string): Param<string> => ({
  name,
  read: (raw) => (/^\d{4}-\d{2}-\d{2}$/.test(raw) && !Number.isNaN(Date.parse(raw)) ? raw : undefined),
  write: (value) => value,
});

const flag = (name: string): Param<boolean> => ({
  name,
  read: (raw) => (raw === '1' ? true : raw === '0' ? false : undefined),
  write: (value) => (value ? '1' : '0'),
});

type Params<S> = { [K in keyof S]: Param<S[K]> };

/**
 * A view's choices in the address. Only the choices someone made (or a link carried) are
 * written: the rest take their defaults, which may be the user's own (their ward).
 */
export class UrlState<S extends object> {
  private readonly listeners: ((state: S, previous: S) => void)[] = [];
  private last: S;

  constructor(
    private readonly params: Params<S>,
    private readonly defaults: () => S,
  ) {
    this.last = this.get();
    // Back and forward (and a hash change, which also fires it): the address's choices now.
    window.addEventListener('popstate', () => this.changed());
  }

  /** The choices the address carries, each one it lacks (or that makes no sense) at its default. */
  get(): S {
    const search = new URLSearchParams(location.search);
    const state = { ...this.defaults() };
    for (const key of Object.keys(this.params) as (keyof S)[]) {
      const raw = search.get(this.params[key].name);
      const value = raw === null ? undefined : this.params[key].read(raw);
      if (value !== undefined) state[key] = value;
    }
    return state;
  }

  /** A change someone made: a new entry in the history, then the listeners hear of it. */
  set(changes: Partial<S>): void {
    const url = new URL(location.href);
    for (const key of Object.keys(changes) as (keyof S)[]) {
      const value = changes[key];
      if (value !== undefined) url.searchParams.set(this.params[key].name, this.params[key].write(value));
    }
    if (url.href === location.href) return;
    history.pushState(history.state, '', url);
    this.changed();
  }

  /** Called with the new choices (and those before) whenever one of them changes. */
  onChange(listener: (state: S, previous: S) => void): void {
    this.listeners.push(listener);
  }

  private changed(): void {
    const previous = this.last;
    const state = this.get();
    this.last = state;
    if ((Object.keys(state) as (keyof S)[]).every((key) => state[key] === previous[key])) return;
    for (const listener of this.listeners) listener(state, previous);
  }
}

export const METRICS = ['peopleReached', 'guidesCompleted', 'accountsRegistered'] as const satisfies Metric[];

export const ANALYSIS_RANGES = ['today', '7d', '30d', 'month', 'custom'] as const;
export type AnalysisRange = (typeof ANALYSIS_RANGES)[number];

export const MAP_RANGES = ['today', '7d', '30d', 'month'] as const;
export type MapRange = (typeof MAP_RANGES)[number];

/** The overview: today, for the city (null) or one ward. */
export interface OverviewState {
  ward: string | null;
}

export const overviewState = (user: SignedInUser): UrlState<OverviewState> =>
  new UrlState<OverviewState>({ ward: ward('ward') }, () => ({ ward: user.wardCode }));

/** The analysis: a range (custom: from and to, both included), a scope, the trend's metric, the funnel's age group. */
export interface AnalysisState {
  range: AnalysisRange;
  from: string;
  to: string;
  ward: string | null;
  metric: Metric;
  /** null: every age group. */
  funnelAge: AgeGroup | null;
}

export const analysisState = (user: SignedInUser): UrlState<AnalysisState> =>
  new UrlState<AnalysisState>(
    {
      range: oneOf('analysis.range', ANALYSIS_RANGES),
      from: day('analysis.from'),
      to: day('analysis.to'),
      ward: ward('analysis.ward'),
      metric: oneOf('analysis.metric', METRICS),
      funnelAge: {
        name: 'analysis.age',
        read: (raw) => (raw === 'all' ? null : AGE_GROUPS.find((group) => group === raw)),
        write: (value) => value ?? 'all',
      },
    },
    () => ({
      range: '7d',
      from: cityDay(new Date(), -6),
      to: cityDay(new Date()),
      ward: user.wardCode,
      metric: 'peopleReached',
      funnelAge: null,
    }),
  );

/** The map: which metric colours it, over which period, per 10,000 residents or not. */
export interface MapState {
  metric: Metric;
  range: MapRange;
  per10k: boolean;
}

export const mapState = (): UrlState<MapState> =>
  new UrlState<MapState>(
    { metric: oneOf('map.metric', METRICS), range: oneOf('map.range', MAP_RANGES), per10k: flag('map.per10k') },
    () => ({ metric: 'peopleReached', range: 'today', per10k: false }),
  );
