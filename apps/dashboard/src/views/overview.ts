import type { LiveCounts, TimeseriesPoint, Ward, WardCounts } from '@kiosk-pulse/contract/counts';
import { getJson } from '../api';
import type { Charts } from '../charts';
import { afterPaint, byId, row } from '../dom';
import { byName, cityDay, formatClock, formatNumber } from '../format';
import { LiveConnection, throttle } from '../live';
import { t } from '../i18n';
import type { Session } from '../session';

const METRICS = [
  ['peopleReached', t('Người dân')],
  ['guidesCompleted', t('Hướng dẫn hoàn thành')],
  ['accountsRegistered', t('Tài khoản VNeID')],
] as const;

export const FIRST_COUNTS = 'kiosk-pulse:first-counts';

/** Today for the city or one ward: live counts over the socket, hourly chart and ward ranking. */
export class OverviewView {
  private built: Promise<Charts> | undefined;
  private readonly live: LiveConnection;
  private readonly wardSelect = byId<HTMLSelectElement>('ward');
  private readonly wardFilter = byId<HTMLInputElement>('ward-filter');
  private selectedWard: string | undefined;
  private readonly refreshCharts = throttle(() => this.loadCharts(), 3_000);

  constructor(
    private readonly session: Session,
    private readonly wards: Ward[],
    private readonly onError: (error: unknown) => void,
  ) {
    const fromUrl = new URLSearchParams(location.search).get('ward') ?? undefined;
    this.selectedWard = wards.some((ward) => ward.code === fromUrl) ? fromUrl : (session.user.wardCode ?? undefined);
    this.live = new LiveConnection(session.token, {
      onCounts: (counts) => {
        this.showCounts(counts);
        this.refreshCharts();
      },
      onStatus: (state) => {
        const status = byId('status');
        status.textContent = t(
          { live: '● Trực tiếp', reconnecting: 'Đang kết nối lại…', unauthorized: 'Phiên đăng nhập hết hạn' }[state],
        );
        status.dataset.state = state;
        if (state === 'unauthorized') onError(new Error('unauthorized'));
      },
    });
    this.live.follow(this.selectedWard);
    this.fillWardSelect();
    this.showScope();
    // The first counts bring the charts; without a socket they come a little later all the same.
    window.setTimeout(() => this.refreshCharts(), 2_000);
    this.wardFilter.addEventListener('input', () => this.fillWardSelect());
    this.wardSelect.addEventListener('change', () => {
      this.selectedWard = this.wardSelect.value || undefined;
      this.showScope();
      this.live.follow(this.selectedWard);
      this.refreshCharts();
    });
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

  private fillWardSelect(): void {
    const filter = this.wardFilter.value.trim().toLocaleLowerCase('vi');
    const options = [new Option(t('Toàn thành phố'), '')];
    for (const ward of this.wards) {
      if (filter && !ward.name.toLocaleLowerCase('vi').includes(filter) && ward.code !== this.selectedWard) continue;
      options.push(new Option(`${ward.name} (${ward.code})`, ward.code));
    }
    this.wardSelect.replaceChildren(...options);
    this.wardSelect.value = this.selectedWard ?? '';
  }

  private showScope(): void {
    byId('scope-title').textContent = `${this.wardName(this.selectedWard)} — ${t('hôm nay')}`;
    const url = new URL(location.href);
    if (this.selectedWard) url.searchParams.set('ward', this.selectedWard);
    else url.searchParams.delete('ward');
    history.replaceState(null, '', url);
  }

  private showCounts(counts: LiveCounts): void {
    byId('kpi-people').textContent = formatNumber(counts.peopleReached);
    byId('kpi-guides').textContent = formatNumber(counts.guidesCompleted);
    byId('kpi-accounts').textContent = formatNumber(counts.accountsRegistered);
    byId('as-of').textContent = formatClock(counts.asOf);
    // The first meaningful paint: today's numbers on screen. The browser tests measure it.
    if (performance.getEntriesByName(FIRST_COUNTS).length === 0) performance.mark(FIRST_COUNTS);
    afterPaint(() => void this.charts.then((charts) => charts.showBreakdowns(counts)));
  }

  private async loadCharts(): Promise<void> {
    try {
      const range = { from: cityDay(new Date()), to: cityDay(new Date(), 1) };
      const [series, ranking] = await Promise.all([
        Promise.all(
          METRICS.map(async ([metric, name]) => ({
            name,
            points: (
              await getJson<{ points: TimeseriesPoint[] }>('/api/v1/stats/timeseries', this.session.token, {
                metric,
                bucket: 'hour',
                ...range,
                wardCode: this.selectedWard,
              })
            ).points,
          })),
        ),
        getJson<{ wards: WardCounts[] }>('/api/v1/stats/wards', this.session.token, range),
      ]);
      (await this.charts).showHourly(series);
      this.showRanking(ranking.wards);
    } catch (error) {
      this.onError(error);
    }
  }

  private showRanking(rows: WardCounts[]): void {
    const ranked = [...rows].sort(
      (a, b) => b.peopleReached - a.peopleReached || b.guidesCompleted - a.guidesCompleted || byName(a.name, b.name),
    );
    const highlight = this.selectedWard ?? this.session.user.wardCode;
    // The top fifteen, and the chosen (or the user's own) ward wherever it stands.
    const shown = ranked.filter((ward, index) => index < 15 || ward.wardCode === highlight);
    byId('ranking').replaceChildren(
      ...shown.map((ward) => {
        const tr = row([
          String(ranked.indexOf(ward) + 1),
          ward.name,
          formatNumber(ward.peopleReached),
          formatNumber(ward.guidesCompleted),
          formatNumber(ward.accountsRegistered),
        ]);
        if (ward.wardCode === highlight) tr.className = 'selected';
        return tr;
      }),
    );
  }
}
