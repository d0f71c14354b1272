import { cityDay, type LiveCounts, type Ward, type WardCounts } from '@kiosk-pulse/contract';
import { ApiError, apiClient } from '../api';
import { campaignsIn, onCampaignsChanged } from '../campaign-marks';
import type { Charts } from '../charts/overview-charts';
import { refusal } from '../dialog';
import { afterPaint, byId, element, row } from '../dom';
import { byName, formatClock, formatNumber } from '../format';
import { LiveConnection, throttle, type LiveStatus } from '../live';
import { Latest, isAborted } from '../latest';
import { t } from '../i18n';
import { mayRead, readableWards, wardOverview } from '../scopes';
import type { Session } from '../session';
import { overviewState, type OverviewState, type UrlState } from '../state';

const METRICS = [
  ['peopleReached', t('Lượt người')],
  ['guidesCompleted', t('Hướng dẫn hoàn thành')],
  ['accountsRegistered', t('Tài khoản VNeID')],
] as const;

const STATUS_TEXT: Record<LiveStatus, string> = {
  live: '● Trực tiếp',
  reconnecting: 'Đang kết nối lại…',
  unauthorized: 'Phiên đăng nhập hết hạn',
  refused: 'Không có quyền xem',
};

export const FIRST_COUNTS = 'kiosk-pulse:first-counts';

/** Today for the city or one ward: live counts (outcomes too) over the socket, hourly chart and ward ranking. */
export class OverviewView {
  private built: Promise<Charts> | undefined;
  private readonly live: LiveConnection;
  private readonly wardSelect = byId<HTMLSelectElement>('ward');
  private readonly wardFilter = byId<HTMLInputElement>('ward-filter');
  /** The scope in the address (state.ts); the page shows it and the ward box writes it. */
  private readonly state: UrlState<OverviewState>;
  private selectedWard: string | undefined;
  private readonly refreshCharts = throttle(() => this.loadCharts(), 3_000);
  /** The charts' reading for the scope on screen; a newer one cancels it. */
  private readonly charting = new Latest();
  private readonly searching = new Latest();
  /** The wards the search box matched; undefined while it is empty. */
  private matches: Set<string> | undefined;

  constructor(
    private readonly session: Session,
    private readonly wards: Ward[],
    private readonly onError: (error: unknown) => void,
  ) {
    this.state = overviewState(session.user);
    this.selectedWard = this.scopeOf(this.state.get());
    this.live = new LiveConnection(session.token, {
      onCounts: (counts) => {
        this.showCounts(counts);
        this.refreshCharts();
      },
      onStatus: (state, reason) => {
        const status = byId('status');
        status.textContent = t(STATUS_TEXT[state]);
        status.dataset.state = state;
        if (state === 'unauthorized') onError(new Error('unauthorized'));
        if (state === 'refused') this.showRefusal(new ApiError(403, reason ?? 'refused'));
      },
    });
    this.live.follow(this.selectedWard);
    this.fillWardSelect();
    this.showScope();
    // The first counts bring the charts; without a socket they come a little later all the same.
    window.setTimeout(() => this.refreshCharts(), 2_000);
    // A campaign recorded on the campaign page is marked here without waiting for a push.
    onCampaignsChanged(() => this.refreshCharts());
    // Ward staff have two scopes to choose from: nothing to search.
    this.wardFilter.hidden = session.user.role === 'ward_staff';
    this.wardFilter.addEventListener('input', () => void this.search());
    this.wardSelect.addEventListener('change', () => this.state.set({ ward: this.wardSelect.value || null }));
    this.state.onChange((state) => this.choose(this.scopeOf(state)));
  }

  /**
   * The ward the address asks for, taken as it is if it exists: the server says whether it may
   * be read. An unknown code shows the user's own scope.
   */
  private scopeOf({ ward }: OverviewState): string | undefined {
    if (ward === null) return undefined;
    return this.wards.some((known) => known.code === ward) ? ward : (this.session.user.wardCode ?? undefined);
  }

  /**
   * Set up on first use, after today's numbers are on screen: ECharts (its own chunk) takes a
   * few hundred milliseconds to load and three charts as long to draw on a slow machine, which
   * would hold the numbers back.
   */
  private get charts(): Promise<Charts> {
    return (this.built ??= import('../charts/overview-charts').then(({ Charts }) => new Charts()));
  }

  stop(): void {
    this.live.close();
  }

  private wardName(code: string | undefined): string {
    return this.wards.find((ward) => ward.code === code)?.name ?? t('Toàn thành phố');
  }

  /** A new scope: what is on screen belongs to the old one, so it goes at once. */
  private choose(wardCode: string | undefined): void {
    if (wardCode === this.selectedWard) return;
    this.selectedWard = wardCode;
    this.fillWardSelect();
    this.showScope();
    this.live.follow(this.selectedWard);
    void this.loadCharts();
  }

  private fillWardSelect(): void {
    const options = [new Option(t('Toàn thành phố'), '')];
    for (const ward of readableWards(this.session.user, this.wards)) {
      if (this.matches && !this.matches.has(ward.code) && ward.code !== this.selectedWard) continue;
      options.push(new Option(`${ward.name} (${ward.code})`, ward.code));
    }
    // A ward the user may not read (from the address) is named, but cannot be chosen again.
    if (this.selectedWard && !mayRead(this.session.user, this.selectedWard)) {
      const asked = new Option(`${this.wardName(this.selectedWard)} (${this.selectedWard})`, this.selectedWard);
      asked.disabled = true;
      options.push(asked);
    }
    this.wardSelect.replaceChildren(...options);
    this.wardSelect.value = this.selectedWard ?? '';
  }

  /** The server's search: accents and tone-mark placement folded, codes too. One match is chosen. */
  private async search(): Promise<void> {
    const query = this.wardFilter.value.trim();
    const signal = this.searching.next();
    try {
      if (query === '') this.matches = undefined;
      else {
        const found = await apiClient(this.session.token).wards.list({ query: { q: query }, signal });
        const readable = new Set(readableWards(this.session.user, this.wards).map((ward) => ward.code));
        this.matches = new Set(found.map((ward) => ward.code).filter((code) => readable.has(code)));
      }
      if (signal.aborted) return;
      this.fillWardSelect();
      byId('ward-matches').textContent =
        this.matches === undefined
          ? ''
          : this.matches.size === 0
            ? t('Không có phường, xã nào khớp.')
            : `${formatNumber(this.matches.size)} ${t('kết quả')}`;
      if (this.matches?.size === 1) this.state.set({ ward: [...this.matches][0] });
    } catch (error) {
      if (!isAborted(error, signal)) this.onError(error);
    }
  }

  private showScope(): void {
    byId('scope-title').textContent = `${this.wardName(this.selectedWard)} — ${t('hôm nay')}`;
    for (const id of ['kpi-people', 'kpi-guides', 'kpi-accounts', 'as-of']) byId(id).textContent = '–';
    byId('board').setAttribute('aria-busy', 'true');
    byId('board-error').replaceChildren();
    byId('board-note').textContent = '';
    const status = byId('status');
    status.textContent = t('Đang kết nối…');
    status.dataset.state = 'connecting';
    if (this.built) void this.built.then((charts) => charts.loading());
  }

  /** The server would not show this scope: the page says so, and shows nothing as live. */
  private showRefusal(error: ApiError): void {
    byId('board-error').replaceChildren(...refusal(error));
    byId('board').removeAttribute('aria-busy');
    const status = byId('status');
    status.textContent = t(STATUS_TEXT.refused);
    status.dataset.state = 'refused';
    if (this.built) void this.built.then((charts) => charts.clear());
  }

  private showCounts(counts: LiveCounts): void {
    byId('kpi-people').textContent = formatNumber(counts.peopleReached);
    byId('kpi-guides').textContent = formatNumber(counts.guidesCompleted);
    byId('kpi-accounts').textContent = formatNumber(counts.accountsRegistered);
    byId('as-of').textContent = formatClock(counts.asOf);
    byId('board').removeAttribute('aria-busy');
    // The first meaningful paint: today's numbers on screen. The browser tests measure it.
    if (performance.getEntriesByName(FIRST_COUNTS).length === 0) performance.mark(FIRST_COUNTS);
    const scope = counts.wardCode ?? undefined;
    afterPaint(
      () =>
        void this.charts.then((charts) => {
          // The scope may have changed while the charts loaded.
          if (scope !== this.selectedWard) return;
          charts.showGuides(counts.byGuide);
          charts.showOutcomes(counts.byOutcome);
        }),
    );
  }

  private async loadCharts(): Promise<void> {
    const signal = this.charting.next();
    const wardCode = this.selectedWard;
    try {
      const range = { from: cityDay(new Date()), to: cityDay(new Date(), 1) };
      const stats = apiClient(this.session.token).stats;
      const [series, ranking, kiosks, summary, campaigns] = await Promise.all([
        Promise.all(
          METRICS.map(async ([metric, name]) => ({
            name,
            points: (await stats.timeseries({ query: { metric, bucket: 'hour', ...range, wardCode }, signal })).points,
          })),
        ),
        stats.wards({ query: range, signal }),
        wardCode ? stats.kiosks({ query: { ...range, wardCode }, signal }) : undefined,
        // Today has no age split (docs/privacy.md): its answer says so, and when ages come.
        stats.summary({ query: { ...range, wardCode }, signal }),
        campaignsIn(this.session.token, range, wardCode),
      ]);
      if (signal.aborted) return;
      (await this.charts).showHourly(series, range, campaigns);
      (await this.charts).showAges(summary.ageSplit);
      if (signal.aborted) return;
      this.showRanking(ranking.wards);
      byId('board-note').textContent =
        kiosks && kiosks.kiosks.length === 0 ? t('Phường, xã này chưa có kiosk nào: chưa có số liệu.') : '';
    } catch (error) {
      if (isAborted(error, signal)) return;
      if (error instanceof ApiError && (error.status === 403 || error.status === 404 || error.status === 400))
        this.showRefusal(error);
      else this.onError(error);
    }
  }

  private showRanking(rows: WardCounts[]): void {
    const ranked = [...rows].sort(
      (a, b) =>
        b.peopleReached - a.peopleReached ||
        b.guidesCompleted - a.guidesCompleted ||
        b.accountsRegistered - a.accountsRegistered ||
        byName(a.name, b.name),
    );
    const highlight = this.selectedWard ?? this.session.user.wardCode;
    // The top fifteen, and the chosen (or the user's own) ward wherever it stands.
    const shown = ranked.filter((ward, index) => index < 15 || ward.wardCode === highlight);
    byId('ranking').replaceChildren(
      ...shown.map((ward) => {
        // A ward the user may read opens its own overview; for ward staff, only their own ward.
        const name = mayRead(this.session.user, ward.wardCode)
          ? element('a', { href: wardOverview(ward.wardCode), textContent: ward.name })
          : ward.name;
        const tr = row([
          String(ranked.indexOf(ward) + 1),
          name,
          formatNumber(ward.peopleReached),
          formatNumber(ward.guidesCompleted),
          formatNumber(ward.accountsRegistered),
        ]);
        if (ward.wardCode === highlight) tr.className = 'selected';
        return tr;
      }),
    );
    if (shown.length === 0)
      byId('ranking').replaceChildren(
        element('tr', {}, element('td', { colSpan: 5, className: 'empty', textContent: t('Chưa có số liệu.') })),
      );
  }
}
