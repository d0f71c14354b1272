import type { PublicCount, PublicWard, WardCounts } from '@kiosk-pulse/contract';
import { PARTLY_HIDDEN_BAR } from '../charts/breakdown.options';
import { PALETTE, TEXT, axisText, escapeHtml, valueAxis, type ChartLook } from '../charts/chart-style';
import type { ChartOption, TooltipParams } from '../charts/echarts';
import { mapOptions } from '../charts/map.options';
import { barLength } from './public-counts';

/*
 * The public page's charts as options, without a page or ECharts: every count comes with how the
 * page writes it (`write`: "1.235", "<10", "≥ 15", "ẩn"), and a count that is not a plain figure
 * is drawn for what it is: no bar under 10, a lighter bar to its lower bound, none when hidden.
 */

/** One bar: its category's name and its count. */
export interface PublicBarInput {
  label: string;
  count: PublicCount;
}

type Write = (count: PublicCount) => string;

/** A bar as the series holds it: its length, and what it says (tooltip, label). */
interface PublicBar {
  value: number;
  written: string;
  itemStyle?: typeof PARTLY_HIDDEN_BAR;
  label?: object;
}

/**
 * A bar; one that is not a plain figure is drawn as the dashboard draws a partly hidden age count
 * (lighter, hatched), its label as clear as any (`label`: where and how it is written, where the
 * series writes no label of its own).
 */
function publicBar(count: PublicCount, write: Write, label: object = {}): PublicBar {
  const written = write(count);
  if (typeof count === 'number') return { value: count, written };
  return {
    value: barLength(count),
    written,
    itemStyle: PARTLY_HIDDEN_BAR,
    label: { opacity: 1, ...label },
  };
}

/** Each bar's category and how its count is written, never ECharts' own figure (a "<10" bar is 0 long). */
const tooltip = {
  trigger: 'axis' as const,
  formatter: (params: TooltipParams) => {
    const [bar] = [params].flat();
    const data = bar?.data as PublicBar | undefined;
    return bar && data ? `${escapeHtml(bar.name)}: ${escapeHtml(data.written)}` : '';
  },
};

/** People reached per day, a bar each; a day of 1 to 9 people has no bar, only "<10" written upwards. */
export function daysOptions(days: PublicBarInput[], write: Write, look: ChartLook): ChartOption {
  const small = { position: 'insideBottom', rotate: 90, align: 'left', verticalAlign: 'middle' };
  return {
    color: [PALETTE[0]],
    grid: { left: 8, right: 8, top: 12, bottom: 4, containLabel: true },
    tooltip,
    xAxis: { type: 'category', data: days.map((day) => day.label), axisLabel: axisText(look) },
    yAxis: valueAxis(look, { splitNumber: 4 }),
    series: [
      {
        type: 'bar',
        data: days.map((day) =>
          publicBar(day.count, write, {
            ...small,
            show: true,
            formatter: write(day.count),
            color: TEXT,
            fontSize: look.textSize(12),
          }),
        ),
      },
    ],
  };
}

/**
 * Bars across (first on top), each with its count written beside it, as a count below 10 or
 * hidden is written ("<10", "ẩn": no bar, only the word). `labelWidth`: names longer than that
 * many pixels go on two lines (an outcome's), so the bars keep their room.
 */
function barsOptions(
  bars: PublicBarInput[],
  write: Write,
  look: ChartLook,
  choices: { color: string; labelWidth?: number },
): ChartOption {
  const wrap =
    choices.labelWidth === undefined
      ? { overflow: 'none' as const }
      : { width: choices.labelWidth, overflow: 'break' as const, lineHeight: look.textSize(17) };
  return {
    color: [choices.color],
    // Room on the right for the longest figure, "≥ 1.235".
    grid: { left: 8, right: look.textSize(64), top: 4, bottom: 4, containLabel: true },
    tooltip,
    yAxis: {
      type: 'category',
      data: bars.map((bar) => bar.label),
      inverse: true,
      axisLabel: { ...axisText(look), interval: 0, ...wrap },
    },
    xAxis: valueAxis(look, { splitNumber: 3 }),
    series: [
      {
        type: 'bar',
        data: bars.map((bar) => publicBar(bar.count, write)),
        label: {
          show: true,
          position: 'right',
          color: TEXT,
          fontSize: look.textSize(14),
          formatter: (params: { data: unknown }) => (params.data as PublicBar).written,
        },
      },
    ],
  };
}

/** People per age group, bars across (first group on top), each with its count written beside it. */
export const agesOptions = (ages: PublicBarInput[], write: Write, look: ChartLook): ChartOption =>
  barsOptions(ages, write, look, { color: PALETTE[1] });

/**
 * The city's outcomes, bars across in the contract's order, as the age groups are drawn; their
 * names, long, wrap at `labelWidth` pixels where there is one (a narrow chart).
 */
export const outcomesOptions = (
  outcomes: PublicBarInput[],
  write: Write,
  look: ChartLook,
  labelWidth: number | undefined,
): ChartOption => barsOptions(outcomes, write, look, { color: PALETTE[2], labelWidth });

/** The map's choices that the public page makes. */
export interface PublicMapChoices {
  /** A ward's link: that ward, outlined and named; null: the city's, every ward shaded. */
  own: string | null;
  narrow: boolean;
  /** What the shading counts, for the tooltip. */
  metric: string;
  /** Where a ward's link looks (ward-boundaries.ts): the whole city when absent. */
  frame?: { centre: [number, number]; zoom: number };
}

/**
 * The wards shaded by people reached over 30 days (mapOptions, the dashboard's map), with the
 * public counts in the tooltip. A ward of 1 to 9 people is shaded as the lightest. The map does not
 * move: nobody zooms a big screen, and on a phone a drag scrolls the page.
 */
export function publicMapOptions(
  wards: PublicWard[],
  choices: PublicMapChoices,
  write: Write,
  look: ChartLook,
): ChartOption {
  // mapOptions shades by one metric of a ward's counts: the public view has people reached only.
  const shaded = wards.map((ward): WardCounts => ({
    wardCode: ward.wardCode,
    name: ward.name,
    peopleReached: barLength(ward.peopleReached),
    guidesCompleted: 0,
    accountsRegistered: 0,
    peopleReached60Plus: null,
    population: null,
    per10k: null,
  }));
  const counts = new Map(wards.map((ward) => [ward.wardCode, ward]));
  const base = mapOptions(
    shaded,
    { metric: 'peopleReached', perResidents: false, own: choices.own, narrow: choices.narrow },
    { metric: choices.metric, per10k: '', noPopulation: '' },
    look,
  );
  const [mainland, ...inset] = [base.series ?? []].flat().map((one) => ({ ...one, roam: false }));
  // A ward's own: the mainland closer, around it, and no inset over it.
  const series = choices.frame
    ? [{ ...mainland, center: choices.frame.centre, zoom: choices.frame.zoom }]
    : [mainland, ...inset];
  return {
    ...base,
    series,
    ...(choices.frame ? { graphic: [] } : {}),
    // One ward alone has nothing to be compared with: no scale.
    visualMap: { ...base.visualMap, seriesIndex: series.map((_, index) => index), show: choices.own === null },
    tooltip: {
      formatter: (params: TooltipParams) => {
        const ward = counts.get([params].flat()[0]?.name ?? '');
        return ward
          ? `${escapeHtml(ward.name)}<br/>${escapeHtml(choices.metric)}: ${escapeHtml(write(ward.peopleReached))}`
          : '';
      },
    },
  };
}
