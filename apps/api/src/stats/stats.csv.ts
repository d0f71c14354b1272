import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import {
  AGE_GROUPS,
  CITY_TIME_ZONE,
  GUIDES,
  OUTCOMES,
  RATINGS,
  addCityDays,
  cityDay,
  type AgeCount,
  type AgeSplit,
  type Funnel,
  type Heatmap,
  type HeatmapCell,
  type KioskFigures,
  type KiosksFigures,
  type Metric,
  type PublishedFunnel,
  type PublishedGuideSteps,
  type StatsSummary,
  type Timeseries,
  type TimeseriesPoint,
  type WardCounts,
  type WardFigures,
} from '@kiosk-pulse/contract';
import type { CsvTable } from './csv';
import { CSV_LABELS, type CsvLanguage } from './csv-labels';
import { relativeChange } from './period';

/*
 * The stats as tables for people: headers and labels in the chosen language, times in the
 * city's zone, fractions as percentages and durations in minutes, each to one decimal (the
 * unit in the header). Numbers keep a plain "." decimal so spreadsheets read them as numbers.
 */

/** The three headline figures in the order the dashboard shows them: people first. */
const TABLE_METRICS: readonly Metric[] = ['peopleReached', 'guidesCompleted', 'accountsRegistered'];

const inCity = (instant: Date | string): TZDate => new TZDate(new Date(instant).getTime(), CITY_TIME_ZONE);

/** An instant as ISO 8601 with the city's offset: 2026-12-04T09:00:00+07:00. */
export const cityIso = (instant: Date | string): string => format(inCity(instant), "yyyy-MM-dd'T'HH:mm:ssXXX");

/** The city hour an instant falls in: 2026-12-04 09:00. */
export const cityHour = (instant: Date | string): string => format(inCity(instant), 'yyyy-MM-dd HH:00');

/** The city day an instant falls in: 2026-12-04. */
const cityDayOf = (instant: Date | string): string => format(inCity(instant), 'yyyy-MM-dd');

/** A fraction as a percentage to one decimal (0.3333 -> 33.3); blank when there is none. */
export const percent = (fraction: number | null): number | null =>
  fraction === null ? null : Math.round(fraction * 1000) / 10;

/** Milliseconds as minutes to one decimal; blank when there are none. */
export const minutes = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 6_000) / 10);

/** An age count as a cell: the number, or "hidden" / "≥ n" where some day hid it. */
export const ageCell = (lang: CsvLanguage, count: AgeCount): number | string =>
  typeof count === 'number'
    ? count
    : count.atLeast === 0
      ? CSV_LABELS[lang].hidden
      : CSV_LABELS[lang].atLeast(count.atLeast);

/** The city days an age split covers, written 2026-11-28 – 2026-12-04. */
const splitDays = (lang: CsvLanguage, split: Pick<AgeSplit, 'from' | 'to'>): string =>
  split.from === null || split.to === null
    ? CSV_LABELS[lang].ageSplit.none
    : `${split.from} – ${addCityDays(split.to, -1)}`;

/**
 * The totals and guides of `current` beside those of `previous`, and the age split of the
 * range's published days with the days it covers.
 */
export function summaryCsv(
  lang: CsvLanguage,
  current: Record<Metric, number> & Pick<StatsSummary, 'byGuide' | 'byOutcome' | 'byRating'>,
  ageSplit: AgeSplit,
  previous: Record<Metric, number>,
): CsvTable {
  const l = CSV_LABELS[lang];
  return {
    header: [l.summary.table, l.summary.item, l.summary.value, l.summary.previous, l.summary.change],
    rows: [
      ...TABLE_METRICS.map((metric) => [
        l.summaryTables.total,
        l.metric[metric],
        current[metric],
        previous[metric],
        percent(relativeChange(current[metric], previous[metric])),
      ]),
      [l.summaryTables.ageGroup, l.ageSplit.days, splitDays(lang, ageSplit), null, null],
      [l.summaryTables.ageGroup, l.ageSplit.total, ageSplit.total, null, null],
      ...AGE_GROUPS.map((group) => [
        l.summaryTables.ageGroup,
        l.ageGroup[group],
        ageSplit.from === null ? null : ageCell(lang, ageSplit.byAgeGroup[group]),
        null,
        null,
      ]),
      ...GUIDES.map((guide) => [l.summaryTables.guide, l.guide[guide], current.byGuide[guide], null, null]),
      ...OUTCOMES.map((outcome) => [
        l.summaryTables.outcome,
        l.outcome[outcome],
        current.byOutcome[outcome],
        null,
        null,
      ]),
      ...RATINGS.map((rating) => [l.summaryTables.rating, l.rating[rating], current.byRating[rating], null, null]),
    ],
  };
}

/** One row per bucket: its start as an instant, the city hour or day it is, the value, and whether it is still open. */
export function timeseriesCsv(
  lang: CsvLanguage,
  metric: Metric,
  bucket: 'hour' | 'day',
  points: TimeseriesPoint[],
): CsvTable {
  const l = CSV_LABELS[lang];
  return {
    header: [l.timeseries.start, l.timeseries[bucket], l.metric[metric], l.timeseries.partial],
    rows: points.map((point) => [
      cityIso(point.t),
      bucket === 'hour' ? cityHour(point.t) : cityDayOf(point.t),
      point.value,
      point.partial ? l.yes : '',
    ]),
  };
}

/** Withheld figures (another ward's 60+ count for ward staff) and missing rates are blank cells. */
export function wardsCsv(lang: CsvLanguage, wards: WardCounts[]): CsvTable {
  const l = CSV_LABELS[lang];
  const columns: [string, (ward: WardCounts) => unknown][] = [
    [l.wards.code, (ward) => ward.wardCode],
    [l.wards.name, (ward) => ward.name],
    ...TABLE_METRICS.map((metric): [string, (ward: WardCounts) => unknown] => [
      l.metric[metric],
      (ward) => ward[metric],
    ]),
    [
      l.wards.reached60Plus,
      (ward) => (ward.peopleReached60Plus === null ? null : ageCell(lang, ward.peopleReached60Plus)),
    ],
    [l.wards.population, (ward) => ward.population?.total],
    [l.wards.population60Plus, (ward) => ward.population?.aged60Plus],
    ...TABLE_METRICS.map((metric): [string, (ward: WardCounts) => unknown] => [
      l.wards.per10k[metric],
      (ward) => ward.per10k?.[metric],
    ]),
    [l.wards.reached60PlusPer10k, (ward) => ward.per10k?.peopleReached60Plus],
    [l.wards.source, (ward) => ward.population?.source],
    [l.wards.asOf, (ward) => ward.population?.asOf],
  ];
  return {
    header: columns.map(([name]) => name),
    rows: wards.map((ward) => columns.map(([, value]) => value(ward))),
  };
}

export function heatmapCsv(lang: CsvLanguage, metric: Metric, cells: HeatmapCell[]): CsvTable {
  const l = CSV_LABELS[lang];
  return {
    header: [l.heatmap.weekday, l.heatmap.hour, l.metric[metric]],
    rows: cells.map((cell) => [l.weekdays[cell.weekday - 1], `${String(cell.hour).padStart(2, '0')}:00`, cell.value]),
  };
}

/** Each guide over all ages, then (the city's funnel) by age group over the published days. */
export function funnelCsv(lang: CsvLanguage, guides: PublishedFunnel[]): CsvTable {
  const l = CSV_LABELS[lang];
  const line = (guide: PublishedFunnel, group: string, steps: PublishedGuideSteps) => [
    l.guide[guide.guide],
    group,
    ageCell(lang, steps.started),
    ageCell(lang, steps.completed),
    ageCell(lang, steps.abandoned),
    percent(steps.completionRate),
    minutes(steps.medianDurationMs),
    minutes(steps.p90DurationMs),
  ];
  const f = l.funnel;
  return {
    header: [f.guide, f.ageGroup, f.started, f.completed, f.abandoned, f.completionRate, f.median, f.p90],
    rows: guides.flatMap((guide) => [
      line(guide, l.allAges, guide),
      ...(guide.byAgeGroup === null
        ? []
        : AGE_GROUPS.map((group) =>
            line(guide, l.ageGroup[group], (guide.byAgeGroup as PublishedFunnel['byAgeGroup'] & object)[group]),
          )),
    ]),
  };
}

export function kiosksCsv(lang: CsvLanguage, kiosks: KioskFigures[]): CsvTable {
  const l = CSV_LABELS[lang];
  return {
    header: [
      l.kiosks.id,
      l.kiosks.label,
      l.kiosks.wardCode,
      ...TABLE_METRICS.map((metric) => l.metric[metric]),
      ...GUIDES.map((guide) => l.kiosks.byGuide(l.guide[guide])),
    ],
    rows: kiosks.map((kiosk) => [
      kiosk.kioskId,
      kiosk.label,
      kiosk.wardCode,
      ...TABLE_METRICS.map((metric) => kiosk[metric]),
      ...GUIDES.map((guide) => kiosk.byGuide[guide]),
    ]),
  };
}

/** A download: the file's name and its table. */
export interface CsvFile {
  name: string;
  table: CsvTable;
}

/** The city days an answer's [from, to) covers, for its file name: 2026-12-01_2026-12-07. */
const days = (answer: { from: string; to: string }) =>
  `${cityDay(Date.parse(answer.from))}_${cityDay(Date.parse(answer.to) - 1)}`;

const scope = (wardCode: string | null) => wardCode ?? 'city';

/*
 * Each endpoint's answer as the file `format=csv` downloads: laid out from the very answer the
 * JSON gives, so the spreadsheet shows nothing the JSON hides.
 */

export const summaryFile = (lang: CsvLanguage, summary: StatsSummary): CsvFile => ({
  name: `summary_${scope(summary.wardCode)}_${days(summary)}.csv`,
  table: summaryCsv(lang, summary, summary.ageSplit, summary.previous),
});

export const timeseriesFile = (lang: CsvLanguage, series: Timeseries): CsvFile => ({
  name: `${series.metric}_${series.bucket}_${scope(series.wardCode)}_${days(series)}.csv`,
  table: timeseriesCsv(lang, series.metric, series.bucket, series.points),
});

export const wardsFile = (lang: CsvLanguage, figures: WardFigures): CsvFile => ({
  name: `wards_${days(figures)}.csv`,
  table: wardsCsv(lang, figures.wards),
});

export const heatmapFile = (lang: CsvLanguage, heatmap: Heatmap): CsvFile => ({
  name: `${heatmap.metric}_by_hour_${scope(heatmap.wardCode)}_${days(heatmap)}.csv`,
  table: heatmapCsv(lang, heatmap.metric, heatmap.cells),
});

export const funnelFile = (lang: CsvLanguage, funnel: Funnel): CsvFile => ({
  name: `guides_${scope(funnel.wardCode)}_${days(funnel)}.csv`,
  table: funnelCsv(lang, funnel.guides),
});

export const kiosksFile = (lang: CsvLanguage, figures: KiosksFigures): CsvFile => ({
  name: `kiosks_${scope(figures.wardCode)}_${days(figures)}.csv`,
  table: kiosksCsv(lang, figures.kiosks),
});
