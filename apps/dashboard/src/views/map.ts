import type { WardCounts } from '@kiosk-pulse/contract';
import { ApiError, apiClient } from '../api';
import { mapOptions } from '../charts/map.options';
import { mountChart } from '../charts/mount-chart';
import { PAGE_LOOK } from '../charts/page-look';
import { registerWardMaps } from '../charts/ward-boundaries';
import { byId, element } from '../dom';
import { LiveConnection, throttle } from '../live';
import { byName, formatNumber } from '../format';
import { fill } from '../dialog';
import { CONTRIBUTIONS_NOTE, sourceOf, sourcesOf } from '../population-notes';
import { t } from '../i18n';
import type { Session } from '../session';
import { rangeFor } from '../ranges';
import { Latest, isAborted } from '../latest';
import { mayRead, wardOverview } from '../scopes';
import { mapState, type MapState } from '../state';

type Metric = 'peopleReached' | 'guidesCompleted' | 'accountsRegistered';

const METRIC_LABELS: Record<string, string> = {
  peopleReached: t('Lượt người được hỗ trợ'),
  guidesCompleted: t('Hướng dẫn hoàn thành'),
  accountsRegistered: t('Tài khoản VNeID'),
};

/** A phone held upright: the legend goes above the map, off the coast. */
const narrow = () => window.matchMedia('(max-width: 40rem)').matches;

/**
 * The 168 units coloured by a metric. Côn Đảo lies far out to sea, so it is drawn as an inset and
 * the mainland fills the frame. Regions are matched by unit code (nameProperty), not by name.
 */
export class MapView {
  // Its table is also the keyboard's way into a ward: each name in it is a link.
  private readonly map = mountChart('map-chart', t('Bản đồ thành phố'));
  private live: LiveConnection | undefined;
  private readonly refreshSoon = throttle(() => this.refresh(true), 3_000);
  private readonly reading = new Latest();
  /** The choices in the address (state.ts): the controls show them and write each change. */
  private readonly state = mapState();

  constructor(
    private readonly session: Session,
    private readonly onError: (error: unknown) => void,
  ) {
    this.showChoices(this.state.get());
    // index.html has them disabled until now: a choice made while this view loaded would be lost.
    for (const id of ['map-metric', 'map-range', 'map-per10k'])
      byId<HTMLInputElement | HTMLSelectElement>(id).disabled = false;
    const metric = byId<HTMLSelectElement>('map-metric');
    metric.addEventListener('change', () => this.state.set({ metric: metric.value as MapState['metric'] }));
    const range = byId<HTMLSelectElement>('map-range');
    range.addEventListener('change', () => this.state.set({ range: range.value as MapState['range'] }));
    const per10k = byId<HTMLInputElement>('map-per10k');
    per10k.addEventListener('change', () => this.state.set({ per10k: per10k.checked }));
    this.state.onChange((state) => {
      this.showChoices(state);
      if (!byId('map').hidden) this.show();
    });
    this.map.onClick((data) => {
      const code = (data as { name?: string } | undefined)?.name;
      if (code && mayRead(session.user, code)) location.href = wardOverview(code);
    });
    // Where the residents come from, beside the rates that divide by them.
    byId('map-error').after(element('div', { id: 'map-population-note', className: 'notice', hidden: true }));
    // Drawn afresh: the whole city again, as first shown.
    byId('map-reset').addEventListener('click', () => {
      this.map.clear();
      void this.refresh();
    });
  }

  /** Today's map follows the city's live counts: each change on the socket redraws it, at most every 3 s. */
  show(): void {
    void this.refresh();
    // Only the live counts stop: the reading just started is the one this range needs.
    if (this.state.get().range !== 'today') return this.stopLive();
    this.live ??= new LiveConnection(this.session.token, {
      onCounts: () => this.refreshSoon(),
      onStatus: (state) => {
        if (state === 'unauthorized') this.onError(new Error('unauthorized'));
      },
    });
  }

  hide(): void {
    this.stopLive();
    this.reading.cancel();
  }

  private stopLive(): void {
    this.live?.close();
    this.live = undefined;
  }

  private showChoices(state: MapState): void {
    byId<HTMLSelectElement>('map-metric').value = state.metric;
    byId<HTMLSelectElement>('map-range').value = state.range;
    byId<HTMLInputElement>('map-per10k').checked = state.per10k;
  }

  /** `live`: a redraw for new counts, with the map still on screen: no loading sign. */
  private async refresh(live = false): Promise<void> {
    const signal = this.reading.next();
    const { metric, per10k: perResidents, range: period } = this.state.get();
    // The boundaries and figures take a moment the first time, or after a change of choice.
    if (!live) this.map.showLoading(t('Đang tải…'), 0.6);
    try {
      await registerWardMaps();
      const range = rangeFor(period, '', '');
      const { wards } = await apiClient(this.session.token).stats.wards({ query: range, signal });
      if (signal.aborted) return;
      const own = this.session.user.role === 'ward_staff' ? this.session.user.wardCode : null;
      this.map.setOption(
        mapOptions(
          wards,
          { metric, perResidents, own, narrow: narrow() },
          { metric: METRIC_LABELS[metric], per10k: t('/10.000 dân'), noPopulation: t('chưa có số dân') },
          PAGE_LOOK,
        ),
      );
      this.map.hideLoading();
      this.showTable(wards, metric, perResidents);
      this.showPopulationNote(wards, perResidents);
      byId('map-error').textContent = '';
    } catch (error) {
      if (isAborted(error, signal)) return;
      this.map.hideLoading();
      if (error instanceof ApiError) byId('map-error').textContent = error.message;
      else this.onError(error);
    }
  }

  /** Per 10,000 residents: the populations' sources and dates, the estimates, and contributions not coverage. */
  private showPopulationNote(wards: WardCounts[], perResidents: boolean): void {
    const note = byId('map-population-note');
    note.hidden = !perResidents;
    if (!perResidents) return note.replaceChildren();
    const { sources, estimates, missing } = sourcesOf(wards.map((ward) => ward.population));
    note.replaceChildren(
      element(
        'p',
        { id: 'map-population-sources' },
        t('Dân số dùng để tính tỷ lệ:'),
        ' ',
        ...sources.flatMap(({ source, wards: count }, index) => [
          ...(index > 0 ? ['; '] : []),
          ...fill('{source} ({count} phường, xã)', { source, count: formatNumber(count) }),
        ]),
        '.',
        ...(estimates > 0
          ? [' ', ...fill('{count} phường, xã dùng số ước tính.', { count: formatNumber(estimates) })]
          : []),
        ...(missing > 0
          ? [' ', ...fill('{count} phường, xã chưa có số dân: không có tỷ lệ.', { count: formatNumber(missing) })]
          : []),
      ),
      element('p', { id: 'map-contributions-note', textContent: t(CONTRIBUTIONS_NOTE) }),
    );
  }

  private showTable(wards: WardCounts[], metric: Metric, perResidents: boolean): void {
    const sorted = [...wards].sort(
      (a, b) =>
        (perResidents ? (b.per10k?.[metric] ?? -1) - (a.per10k?.[metric] ?? -1) : b[metric] - a[metric]) ||
        byName(a.name, b.name),
    );
    this.map.table.show(
      [t('Phường, xã'), METRIC_LABELS[metric], ...(perResidents ? [t('/10.000 dân'), t('Dân số (nguồn, ngày)')] : [])],
      sorted.map((ward) => [
        mayRead(this.session.user, ward.wardCode)
          ? element('a', { href: wardOverview(ward.wardCode), textContent: ward.name })
          : ward.name,
        ward[metric],
        ...(perResidents
          ? [ward.per10k?.[metric] ?? '–', ward.population ? sourceOf(ward.population) : t('chưa có số dân')]
          : []),
      ]),
    );
  }
}
