import type { LiveCounts, TimeseriesPoint, Ward, WardCounts } from '@kiosk-pulse/contract/counts';
import { ApiError, getJson } from '../api';
import type { Charts } from '../charts';
import { refusal } from '../dialog';
import { afterPaint, byId, element, row } from '../dom';
import { byName, cityDay, formatClock, formatNumber } from '../format';
import { LiveConnection, throttle, type LiveStatus } from '../live';
import { Latest, isAborted } from '../latest';
import { t } from '../i18n';
import { mayRead, readableWards, wardOverview } from '../scopes';
import type { Session } from '../session';

const METRICS = [
  ['peopleReached', t('Người dân')],
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

/** Today for the city or one ward: live counts over the socket, hourly chart and ward ranking. */
export class OverviewView {
  private built: Promise<Charts> | undefined;
  private readonly live: LiveConnection;
  private readonly wardSelect = byId<HTMLSelectElement>('ward');
  private readonly wardFilter = byId<HTMLInputElement>('ward-filter');
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
    const fromUrl = new URLSearchParams(location.search).get('ward') ?? undefined;
    // A ward asked for in the address is taken as it is: the server says whether it may be read.
    this.selectedWard = wards.some((ward) => ward.code === fromUrl) ? fromUrl : (session.user.wardCode ?? undefined);
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
    // Ward staff have two scopes to choose from: nothing to search.
    this.wardFilter.hidden = session.user.role === 'ward_staff';
    this.wardFilter.addEventListener('input', () => void this.search());
    this.wardSelect.addEventListener('change', () => this.choose(this.wardSelect.value || undefined));
  }

  /**
   * Set up on first use, after today's numbers are on screen: ECharts (its own chunk) takes a
   * few hundred milliseconds to load and three charts as long to draw on a slow machine, which
   * would hold the numbers back.
   */
  private get charts(): Promise<Charts> {
    return (this.built ??= import('../charts').then(({ Charts }) => new Charts()));
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
    this.wardSelect.value = wardCode ?? '';
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
        const found = await getJson<Ward[]>('/api/v1/wards', this.session.token, { q: query }, signal);
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
      if (this.matches?.size === 1) this.choose([...this.matches][0]);
    } catch (error) {
      if (!isAborted(error, signal)) this.onError(error);
    }
  }

  private showScope(): void {
    byId('scope-title').textContent = `${this.wardName(this.selectedWard)} — ${t('hôm nay')}`;
    const url = new URL(location.href);
    if (this.selectedWard) url.searchParams.set('ward', this.selectedWard);
    else url.searchParams.delete('ward');
    history.replaceState(null, '', url);
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
          if (scope === this.selectedWard) charts.showBreakdowns(counts);
        }),
    );
  }

  private async loadCharts(): Promise<void> {
    const signal = this.charting.next();
    const wardCode = this.selectedWard;
    try {
      const range = { from: cityDay(new Date()), to: cityDay(new Date(), 1) };
      const [series, ranking, kiosks] = await Promise.all([
        Promise.all(
          METRICS.map(async ([metric, name]) => ({
            name,
            points: (
              await getJson<{ points: TimeseriesPoint[] }>(
                '/api/v1/stats/timeseries',
                this.session.token,
                { metric, bucket: 'hour', ...range, wardCode },
                signal,
              )
            ).points,
          })),
        ),
        getJson<{ wards: WardCounts[] }>('/api/v1/stats/wards', this.session.token, range, signal),
        wardCode
          ? getJson<{ kiosks: unknown[] }>('/api/v1/stats/kiosks', this.session.token, { ...range, wardCode }, signal)
          : undefined,
      ]);
      if (signal.aborted) return;
      (await this.charts).showHourly(series);
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
