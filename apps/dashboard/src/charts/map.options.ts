import type { Metric, WardCounts } from '@kiosk-pulse/contract';
import { TEXT, escapeHtml, type ChartLook } from './chart-style';
import type { ChartOption, TooltipParams } from './echarts';

/** The maps registerMap is given: the mainland, and Côn Đảo far out to sea as an inset. */
export const MAINLAND_MAP = 'hcmc-mainland';
export const CON_DAO_MAP = 'hcmc-con-dao';

export interface MapChoices {
  metric: Metric;
  /** Coloured by the metric per 10,000 residents, not by the count. */
  perResidents: boolean;
  /** The ward that stands out (ward staff's own), if any. */
  own: string | null;
  /** A phone held upright: the legend goes above the map, off the coast. */
  narrow: boolean;
}

export interface MapLabels {
  metric: string;
  per10k: string;
  noPopulation: string;
}

interface WardItem {
  name: string;
  value: number | null;
  ward: string;
  count: number;
}

/**
 * The 168 units coloured by a metric. Côn Đảo lies far out to sea, so it is drawn as an inset and
 * the mainland fills the frame. Regions are matched by unit code (nameProperty), not by name.
 */
export function mapOptions(wards: WardCounts[], choices: MapChoices, labels: MapLabels, look: ChartLook): ChartOption {
  const { metric, perResidents, own } = choices;
  const data = wards.map((ward) => ({
    name: ward.wardCode,
    value: perResidents ? (ward.per10k?.[metric] ?? null) : ward[metric],
    ward: ward.name,
    count: ward[metric],
    // The user's own ward stands out by its outline and its name, whatever its colour.
    ...(ward.wardCode === own
      ? {
          itemStyle: { borderColor: '#E69F00', borderWidth: 3 },
          label: {
            show: true,
            formatter: ward.name,
            color: '#fff',
            fontSize: look.textSize(13),
            fontWeight: 'bold' as const,
          },
        }
      : {}),
  }));
  const max = Math.max(1, ...data.map((item) => item.value ?? 0));
  const series = (map: string, box: object, roam: boolean) => ({
    type: 'map' as const,
    map,
    nameProperty: 'code',
    // Wheel or pinch zooms, dragging moves; the reset button brings the whole city back.
    roam,
    scaleLimit: { min: 1, max: 12 },
    // A ward without a population has null per 10,000: ECharts draws it as no data, in the
    // area's own colour, though its types know no null.
    data: data as { name: string; value: number }[],
    ...box,
    itemStyle: { borderColor: '#0f1720', borderWidth: 0.5, areaColor: '#2c3a47' },
    emphasis: { label: { show: false }, itemStyle: { areaColor: '#E69F00' } },
  });
  return {
    tooltip: {
      formatter: (params: TooltipParams) => {
        const item = [params].flat()[0]?.data as WardItem | undefined;
        if (!item) return '';
        const count = `${escapeHtml(item.ward)}<br/>${labels.metric}: ${look.formatValue(item.count)}`;
        if (!perResidents) return count;
        return `${count}<br/>${labels.per10k}: ${item.value === null ? labels.noPopulation : look.formatValue(item.value)}`;
      },
    },
    visualMap: {
      min: 0,
      max,
      seriesIndex: [0, 1],
      ...(choices.narrow
        ? { orient: 'horizontal', left: 'center', top: 0, itemWidth: 14, itemHeight: 120 }
        : { left: 'right', bottom: 20 }),
      // The legend's ends say what the lightest and the darkest shade count.
      text: [look.formatValue(max), look.formatValue(0)],
      textStyle: { color: TEXT, fontSize: look.textSize(13) },
      inRange: { color: ['#deebf7', '#56B4E9', '#0072B2'] },
    },
    series: [
      series(
        MAINLAND_MAP,
        choices.narrow
          ? { left: '22%', right: 4, top: 48, bottom: 4 }
          : { left: '18%', right: '10%', top: 10, bottom: 10 },
        true,
      ),
      series(CON_DAO_MAP, { left: '2%', bottom: 20, width: '14%', height: '18%' }, false),
    ],
    graphic: [
      {
        type: 'text',
        left: '2%',
        bottom: '21%',
        style: { text: 'Đặc khu Côn Đảo', fill: '#9fb0bf', fontSize: look.textSize(13) },
      },
    ],
  };
}
