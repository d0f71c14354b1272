import type { WardCounts } from '@kiosk-pulse/contract/counts';
import { ApiError, getJson } from '../api';
import { ChartTable } from '../chart-table';
import { MapChart } from 'echarts/charts';
import { GeoComponent, GraphicComponent } from 'echarts/components';
import { chart, echarts } from '../charts';
import { byId, element } from '../dom';
import { LiveConnection, throttle } from '../live';
import { byName, formatNumber } from '../format';
import { t } from '../i18n';
import { textSize } from '../wall';
import type { Session } from '../session';
import { rangeFor } from '../ranges';
import { Latest, isAborted } from '../latest';
import { mayRead, wardOverview } from '../scopes';

// Only this view draws maps; it is loaded on its own when first opened.
echarts.use([MapChart, GeoComponent, GraphicComponent]);

const CON_DAO = '26732';

type Metric = 'peopleReached' | 'guidesCompleted' | 'accountsRegistered';

type GeoJson = { type: 'FeatureCollection'; features: { properties: { code: string; name: string } }[] };

const METRIC_LABELS: Record<string, string> = {
  peopleReached: t('Người dân được hỗ trợ'),
  guidesCompleted: t('Hướng dẫn hoàn thành'),
  accountsRegistered: t('Tài khoản VNeID'),
};

/** ECharts puts a tooltip's text in as HTML: a name is text. */
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** A phone held upright: the legend goes above the map, off the coast. */
const narrow = () => window.matchMedia('(max-width: 40rem)').matches;

/**
 * The 168 units coloured by a metric. Côn Đảo lies far out to sea, so it is drawn as an inset and
 * the mainland fills the frame. Regions are matched by unit code (nameProperty), not by name.
 */
export class MapView {
  private readonly map = chart('map-chart');
  // Also the keyboard's way into a ward: each name in it is a link.
  private readonly table = new ChartTable('map-chart', t('Bản đồ thành phố'));
  private registered: Promise<void> | undefined;
  private live: LiveConnection | undefined;
  private readonly refreshSoon = throttle(() => this.refresh(true), 3_000);
  private readonly reading = new Latest();

  constructor(
    private readonly session: Session,
    private readonly onError: (error: unknown) => void,
  ) {
    for (const id of ['map-metric', 'map-range', 'map-per10k']) byId(id).addEventListener('change', () => this.show());
    this.map.on('click', (event) => {
      const code = (event.data as { name?: string } | undefined)?.name;
      if (code && mayRead(session.user, code)) location.href = wardOverview(code);
    });
    // Drawn afresh: the whole city again, as first shown.
    byId('map-reset').addEventListener('click', () => {
      this.map.clear();
      void this.refresh();
    });
  }

  /** Today's map follows the city's live counts: each change on the socket redraws it, at most every 3 s. */
  show(): void {
    void this.refresh();
    if (byId<HTMLSelectElement>('map-range').value !== 'today') return this.hide();
    this.live ??= new LiveConnection(this.session.token, {
      onCounts: () => this.refreshSoon(),
      onStatus: (state) => {
        if (state === 'unauthorized') this.onError(new Error('unauthorized'));
      },
    });
  }

  hide(): void {
    this.live?.close();
    this.live = undefined;
    this.reading.cancel();
  }

  private register(): Promise<void> {
    this.registered ??= fetch('/hcmc-wards.geojson')
      .then((response) => response.json() as Promise<GeoJson>)
      .then((geo) => {
        const split = (keep: (code: string) => boolean) => ({
          ...geo,
          features: geo.features.filter((feature) => keep(feature.properties.code)),
        });
        echarts.registerMap('hcmc-mainland', split((code) => code !== CON_DAO) as never);
        echarts.registerMap('hcmc-con-dao', split((code) => code === CON_DAO) as never);
      });
    return this.registered;
  }

  /** `live`: a redraw for new counts, with the map still on screen: no loading sign. */
  private async refresh(live = false): Promise<void> {
    const signal = this.reading.next();
    // The boundaries and figures take a moment the first time, or after a change of choice.
    if (!live)
      this.map.showLoading('default', {
        text: t('Đang tải…'),
        color: '#56B4E9',
        textColor: '#e8eef4',
        maskColor: 'rgba(23, 34, 45, 0.6)',
      });
    try {
      await this.register();
      const metric = byId<HTMLSelectElement>('map-metric').value as Metric;
      const perResidents = byId<HTMLInputElement>('map-per10k').checked;
      const range = rangeFor(byId<HTMLSelectElement>('map-range').value, '', '');
      const { wards } = await getJson<{ wards: WardCounts[] }>(
        '/api/v1/stats/wards',
        this.session.token,
        range,
        signal,
      );
      if (signal.aborted) return;
      const own = this.session.user.role === 'ward_staff' ? this.session.user.wardCode : null;
      const value = (ward: WardCounts) => (perResidents ? (ward.per10k?.[metric] ?? null) : ward[metric]);
      const data = wards.map((ward) => ({
        name: ward.wardCode,
        value: value(ward),
        ward: ward.name,
        count: ward[metric],
        // The user's own ward stands out by its outline and its name, whatever its colour.
        ...(ward.wardCode === own
          ? {
              itemStyle: { borderColor: '#E69F00', borderWidth: 3 },
              label: { show: true, formatter: ward.name, color: '#fff', fontSize: textSize(13), fontWeight: 'bold' },
            }
          : {}),
      }));
      const max = Math.max(1, ...data.map((item) => item.value ?? 0));
      const series = (map: string, box: object, roam: boolean) => ({
        type: 'map',
        map,
        nameProperty: 'code',
        // Wheel or pinch zooms, dragging moves; the reset button brings the whole city back.
        roam,
        scaleLimit: { min: 1, max: 12 },
        data,
        ...box,
        itemStyle: { borderColor: '#0f1720', borderWidth: 0.5, areaColor: '#2c3a47' },
        emphasis: { label: { show: false }, itemStyle: { areaColor: '#E69F00' } },
      });
      const phone = narrow();
      this.map.setOption({
        tooltip: {
          formatter: (params: { data?: { ward: string; value: number | null; count: number } }) =>
            params.data
              ? `${escapeHtml(params.data.ward)}<br/>${METRIC_LABELS[metric]}: ${formatNumber(params.data.count)}` +
                (perResidents
                  ? `<br/>${t('/10.000 dân')}: ${
                      params.data.value === null ? t('chưa có số dân') : formatNumber(params.data.value)
                    }`
                  : '')
              : '',
        },
        visualMap: {
          min: 0,
          max,
          seriesIndex: [0, 1],
          ...(phone
            ? { orient: 'horizontal', left: 'center', top: 0, itemWidth: 14, itemHeight: 120 }
            : { left: 'right', bottom: 20 }),
          // The legend's ends say what the lightest and the darkest shade count.
          text: [formatNumber(max), formatNumber(0)],
          textStyle: { color: '#e8eef4', fontSize: textSize(13) },
          inRange: { color: ['#deebf7', '#56B4E9', '#0072B2'] },
        },
        series: [
          series(
            'hcmc-mainland',
            phone ? { left: '22%', right: 4, top: 48, bottom: 4 } : { left: '18%', right: '10%', top: 10, bottom: 10 },
            true,
          ),
          series('hcmc-con-dao', { left: '2%', bottom: 20, width: '14%', height: '18%' }, false),
        ],
        graphic: [
          {
            type: 'text',
            left: '2%',
            bottom: '21%',
            style: { text: 'Đặc khu Côn Đảo', fill: '#9fb0bf', fontSize: textSize(13) },
          },
        ],
      });
      this.map.hideLoading();
      this.showTable(wards, metric, perResidents);
      byId('map-error').textContent = '';
    } catch (error) {
      if (isAborted(error, signal)) return;
      this.map.hideLoading();
      if (error instanceof ApiError) byId('map-error').textContent = error.message;
      else this.onError(error);
    }
  }

  private showTable(wards: WardCounts[], metric: Metric, perResidents: boolean): void {
    const sorted = [...wards].sort(
      (a, b) =>
        (perResidents ? (b.per10k?.[metric] ?? -1) - (a.per10k?.[metric] ?? -1) : b[metric] - a[metric]) ||
        byName(a.name, b.name),
    );
    this.table.show(
      [t('Phường, xã'), METRIC_LABELS[metric], ...(perResidents ? [t('/10.000 dân')] : [])],
      sorted.map((ward) => [
        mayRead(this.session.user, ward.wardCode)
          ? element('a', { href: wardOverview(ward.wardCode), textContent: ward.name })
          : ward.name,
        ward[metric],
        ...(perResidents ? [ward.per10k?.[metric] ?? '–'] : []),
      ]),
    );
  }
}
