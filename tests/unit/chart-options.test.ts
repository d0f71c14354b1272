import type { TimeseriesPoint, WardCounts } from '@kiosk-pulse/contract';
import { writeAgeCount } from '../../apps/dashboard/src/age-counts';
import {
  HOURS,
  heatmapOptions,
  rankedWards,
  trendOptions,
  wardsOptions,
} from '../../apps/dashboard/src/charts/analysis.options';
import {
  ageBreakdownData,
  breakdownData,
  breakdownOptions,
  type AgeCountText,
} from '../../apps/dashboard/src/charts/breakdown.options';
import { fillBuckets } from '../../apps/dashboard/src/charts/chart-series';
import { PALETTE, type ChartLook } from '../../apps/dashboard/src/charts/chart-style';
import { CON_DAO_MAP, MAINLAND_MAP, mapOptions } from '../../apps/dashboard/src/charts/map.options';
import { hourlyData, hourlyFrame } from '../../apps/dashboard/src/charts/overview.options';

// A wall screen's look: type half as large again, and figures written so a test can tell that
// they went through the page's formatter and not ECharts' own.
const look: ChartLook = {
  textSize: (px) => Math.round(px * 1.5),
  formatValue: (value) => (typeof value === 'number' ? `#${value}` : '–'),
};

const ward = (wardCode: string, name: string, peopleReached: number, per10k: number | null = null): WardCounts => ({
  wardCode,
  name,
  peopleReached,
  guidesCompleted: 0,
  accountsRegistered: 0,
  peopleReached60Plus: null,
  population: null,
  per10k:
    per10k === null
      ? null
      : { peopleReached: per10k, guidesCompleted: 0, accountsRegistered: 0, peopleReached60Plus: null },
});

describe('chart options (pure builders)', () => {
  it('lays breakdown bars across, first label on top, figures in the page style and a wall-sized type', () => {
    const option: any = breakdownOptions(['Dưới 14', '14–15'], PALETTE[1], look);
    expect(option.color).toEqual([PALETTE[1]]);
    expect(option.yAxis).toMatchObject({ type: 'category', data: ['Dưới 14', '14–15'], inverse: true });
    expect(option.yAxis.axisLabel.fontSize).toBe(18);
    expect(option.series[0].label.position).toBe('right');
    expect(option.series[0].label.formatter({ value: 2500 })).toBe('#2500');
    expect(option.xAxis.axisLabel.formatter(7)).toBe('#7');
  });

  it('draws a partly hidden age count to its lower bound, lighter and hatched, and a hidden one as a label alone', () => {
    const text: AgeCountText = {
      write: (count) => writeAgeCount(count, { number: look.formatValue, hidden: 'ẩn' }),
      note: (count) => (typeof count === 'number' ? undefined : count.atLeast === 0 ? 'hidden' : 'partly hidden'),
    };
    const option: any = ageBreakdownData([12, { atLeast: 7 }, { atLeast: 0 }, 0], text);
    const [exact, partly, hidden, zero] = option.series[0].data;
    expect([exact, zero]).toEqual([12, 0]);
    expect(partly).toMatchObject({
      value: 7,
      written: '≥ #7',
      note: 'partly hidden',
      label: { show: true, position: 'right', formatter: '≥ #7', opacity: 1 },
    });
    // Told apart by more than colour: lighter, and hatched.
    expect(partly.itemStyle.opacity).toBeLessThan(1);
    expect(partly.itemStyle.decal).toMatchObject({ symbol: 'rect' });
    expect(hidden).toMatchObject({ value: 0, note: 'hidden', label: { formatter: 'ẩn' } });

    // The tooltip gives a partly hidden bar as labelled and why, not its length as a count.
    const tooltip = (breakdownOptions(['75+'], PALETTE[0], look) as any).tooltip.formatter;
    expect(tooltip([{ name: '75+', value: 7, marker: '', data: partly }])).toBe('75+: ≥ #7<br/>partly hidden');
    expect(tooltip([{ name: '65–74', value: 0, marker: '', data: hidden }])).toBe('65–74: ẩn<br/>hidden');
    expect(tooltip([{ name: '16–30', value: 12, marker: '', data: 12 }])).toBe('16–30: #12');
    // Names are text, not HTML.
    expect(tooltip([{ name: '<b>', value: 1, marker: '', data: 1 }])).toBe('&#60;b&#62;: #1');
  });

  it('gives guide bars their counts as they are', () => {
    expect(breakdownData([3, 0, 12])).toEqual({ series: [{ data: [3, 0, 12] }] });
  });

  it("draws today's hours up to the one under way, that one lighter, people as bars on their own axis", () => {
    const frame: any = hourlyFrame(['Lượt người', 'Lượt hướng dẫn, tài khoản'], look);
    expect(frame.yAxis.map((axis: any) => axis.name)).toEqual(['Lượt người', 'Lượt hướng dẫn, tài khoản']);

    // 02:30 in the city: hours 00:00, 01:00 and 02:00, the last under way; nothing sent for 01:00.
    const now = new Date('2026-12-04T19:30:00Z');
    const today = { from: '2026-12-05', to: '2026-12-06' };
    const sent = (values: [string, number][]): TimeseriesPoint[] => values.map(([t, value]) => ({ t, value }));
    const people = fillBuckets(
      sent([
        ['2026-12-04T17:00:00.000Z', 3],
        ['2026-12-04T19:00:00.000Z', 2],
      ]),
      'hour',
      today,
      now,
    );
    const guides = fillBuckets(sent([['2026-12-04T17:00:00.000Z', 1]]), 'hour', today, now);
    const option: any = hourlyData(
      ['00:00', '01:00', '02:00'],
      [
        { name: 'Lượt người', points: people },
        { name: 'Hướng dẫn', points: guides },
      ],
    );
    expect(option.xAxis.data).toEqual(['00:00', '01:00', '02:00']);
    expect(option.series.map((series: any) => [series.type, series.yAxisIndex])).toEqual([
      ['bar', 0],
      ['line', 1],
    ]);
    expect(option.series[0].data).toEqual([3, 0, { value: 2, itemStyle: { opacity: 0.55 } }]);
    expect(option.series[1].data).toEqual([1, 0, { value: 0, itemStyle: { opacity: 0.55 } }]);
    // Lines told apart by dash as well as colour.
    expect(option.series[1].lineStyle.type).toBe('dashed');
  });

  it('names each trend bar by its full date in the tooltip, its figure in the page style', () => {
    const points = [
      { t: '2026-12-03T17:00:00.000Z', value: 4, partial: false },
      { t: '2026-12-04T17:00:00.000Z', value: 9, partial: false },
    ];
    const option: any = trendOptions(
      points,
      { axisLabels: ['04/12', '05/12'], fullLabels: ['04/12/2026', '05/12/2026'] },
      look,
    );
    expect(option.xAxis.data).toEqual(['04/12', '05/12']);
    expect(option.series[0].data).toEqual([4, 9]);
    expect(option.tooltip.formatter([{ dataIndex: 1, value: 9 }])).toBe('05/12/2026<br/>#9');
  });

  it('draws the day under way lighter on the trend, as the overview draws its hour under way', () => {
    // 7 days to 5 December, at 10:00 on the 5th in the city: the 5th is under way.
    const points = fillBuckets(
      [
        { t: '2026-12-03T17:00:00.000Z', value: 4 },
        { t: '2026-12-04T17:00:00.000Z', value: 2, partial: true },
      ],
      'day',
      { from: '2026-11-29', to: '2026-12-06' },
      new Date('2026-12-05T03:00:00Z'),
    );
    const labels = points.map((point) => point.t);
    const option: any = trendOptions(points, { axisLabels: labels, fullLabels: labels }, look);
    expect(option.series[0].data).toEqual([0, 0, 0, 0, 0, 4, { value: 2, itemStyle: { opacity: 0.55 } }]);
  });

  it('ranks the 25 wards that reached the most people, and adds the highlighted one wherever it stands', () => {
    const wards = Array.from({ length: 30 }, (_, i) => ward(`w${i}`, `Phường W${i}`, 100 - i));
    expect(rankedWards(wards, 'w29').map((w) => w.wardCode)).toEqual([
      ...Array.from({ length: 25 }, (_, i) => `w${i}`),
      'w29',
    ]);
    expect(rankedWards(wards, 'w3')).toHaveLength(25);

    const option: any = wardsOptions(wards, 'w29', { value: 85.5, label: 'Trung vị' }, look);
    expect(option.xAxis.data[0]).toBe('W0');
    expect(option.series[0].data[25]).toEqual({ value: 71, itemStyle: { color: PALETTE[1] } });
    expect(option.series[0].data[0].itemStyle.color).toBe(PALETTE[0]);
    expect(option.series[0].markLine.data).toEqual([{ yAxis: 85.5 }]);
    expect(option.series[0].markLine.label.formatter).toBe('Trung vị: #85.5');
    expect((wardsOptions(wards, null, null, look) as any).series[0].markLine).toBeUndefined();
  });

  it('puts each heatmap cell at its hour and weekday, Monday on top, the legend up to the largest', () => {
    const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
    const option: any = heatmapOptions(
      [
        { weekday: 1, hour: 9, value: 4 },
        { weekday: 7, hour: 23, value: 11 },
      ],
      weekdays,
      look,
    );
    expect(option.series[0].data).toEqual([
      [9, 0, 4],
      [23, 6, 11],
    ]);
    expect(option.xAxis.data).toEqual(HOURS);
    expect(option.yAxis).toMatchObject({ data: weekdays, inverse: true });
    expect(option.visualMap).toMatchObject({ min: 0, max: 11, text: ['#11', '#0'] });
    expect(option.tooltip.formatter({ value: [23, 6, 11] })).toBe('Sun 23:00<br/>#11');
    // Nothing counted: the legend still runs from 0 to 1, not 0 to 0.
    expect((heatmapOptions([], weekdays, look) as any).visualMap.max).toBe(1);
  });

  it('colours the map by the rate per 10,000, leaves a ward without population as no data, and escapes names', () => {
    const wards = [ward('26740', 'Phường <Bến> Thành', 40, 12.5), ward('26734', 'Phường Sài Gòn', 90)];
    const labels = { metric: 'Lượt người', per10k: '/10.000 dân', noPopulation: 'chưa có số dân' };
    const option: any = mapOptions(
      wards,
      { metric: 'peopleReached', perResidents: true, own: '26740', narrow: false },
      labels,
      look,
    );
    expect(option.series.map((series: any) => series.map)).toEqual([MAINLAND_MAP, CON_DAO_MAP]);
    const [own, other] = option.series[0].data;
    expect(own).toMatchObject({ name: '26740', value: 12.5, count: 40, itemStyle: { borderWidth: 3 } });
    expect(own.label).toMatchObject({ show: true, formatter: 'Phường <Bến> Thành', fontSize: 20 });
    expect(other).toEqual({ name: '26734', value: null, ward: 'Phường Sài Gòn', count: 90 });
    expect(option.visualMap).toMatchObject({ max: 12.5, left: 'right', text: ['#12.5', '#0'] });
    expect(option.tooltip.formatter({ data: own })).toBe(
      'Phường &#60;Bến&#62; Thành<br/>Lượt người: #40<br/>/10.000 dân: #12.5',
    );
    expect(option.tooltip.formatter({ data: other })).toBe(
      'Phường Sài Gòn<br/>Lượt người: #90<br/>/10.000 dân: chưa có số dân',
    );

    const counts: any = mapOptions(
      wards,
      { metric: 'peopleReached', perResidents: false, own: null, narrow: true },
      labels,
      look,
    );
    expect(counts.series[0].data.map((item: any) => item.value)).toEqual([40, 90]);
    expect(counts.visualMap).toMatchObject({ max: 90, orient: 'horizontal', top: 0 });
    expect(counts.tooltip.formatter({ data: counts.series[0].data[1] })).toBe('Phường Sài Gòn<br/>Lượt người: #90');
  });
});
