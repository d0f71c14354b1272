import { z } from 'zod';
import { METRICS, WARD_SORTS } from '@kiosk-pulse/contract';
import { cityDayStart, cityDayToInstant, nextCityDayStart } from '@kiosk-pulse/contract/time';
import { wardCode } from '../wards/ward-code';
import { CSV_LANGUAGES } from './csv-labels';

const HOUR = 3_600_000;
/** The longest range one request may ask for. */
export const MAX_RANGE_DAYS = 400;
export const MAX_HOURLY_DAYS = 93;

/** A city day (YYYY-MM-DD, its start in Asia/Ho_Chi_Minh) or an ISO-8601 timestamp with an offset. */
export const instant = z.union(
  [
    z.iso.date().transform((day) => cityDayToInstant(day)),
    z.iso.datetime({ offset: true }).transform((text) => new Date(text)),
  ],
  { error: 'must be a date (YYYY-MM-DD, a city day) or an ISO-8601 timestamp with an offset' },
);

const from = instant
  .optional()
  .describe(
    'Start, included: a city day YYYY-MM-DD (its midnight in Asia/Ho_Chi_Minh) or an ISO-8601 timestamp with an offset. Default: today.',
  );
const to = instant
  .optional()
  .describe('End, excluded, in the same forms. Default: the end of the day `from` falls on, or of today.');

const rangeFields = {
  from,
  to,
  format: z
    .enum(['json', 'csv'])
    .default('json')
    .describe('csv: the same table as a UTF-8 (with BOM) spreadsheet download.'),
  lang: z
    .enum(CSV_LANGUAGES)
    .default('vi')
    .describe('Language of the CSV headers and labels (vi: Vietnamese, en: English); JSON is the same in both.'),
};
const wardField = {
  wardCode: wardCode.optional().describe('Official 5-digit code of one ward; absent: the whole city.'),
};
const metric = z.enum(METRICS).describe('peopleReached (visits started), guidesCompleted or accountsRegistered.');

/** Fills in the range (by default from the start of today to the end of today, city time) and checks it. */
function resolveRange<T extends { from?: Date; to?: Date }>(value: T, ctx: z.RefinementCtx) {
  const now = Date.now();
  const from = value.from ?? cityDayStart(now);
  const to = value.to ?? nextCityDayStart(Math.max(now, from.getTime()));
  if (to.getTime() <= from.getTime()) {
    ctx.addIssue({ code: 'custom', message: '"to" must be after "from"', path: ['to'] });
  } else if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 24 * HOUR) {
    ctx.addIssue({ code: 'custom', message: `the range may span at most ${MAX_RANGE_DAYS} days`, path: ['to'] });
  }
  return { ...value, from, to };
}

export const summaryQuery = z.strictObject({ ...rangeFields, ...wardField }).transform(resolveRange);

export const wardsQuery = z
  .strictObject({
    ...rangeFields,
    sort: z
      .enum(WARD_SORTS)
      .default('peopleReached')
      .describe(
        'Order of the wards: by this count or rate per 10,000 residents, highest first (wards without a rate last), then by name, then by code.',
      ),
  })
  .transform(resolveRange);

export const heatmapQuery = z.strictObject({ metric, ...rangeFields, ...wardField }).transform(resolveRange);

export const funnelQuery = summaryQuery;

export const timeseriesQuery = z
  .strictObject({
    metric,
    bucket: z.enum(['hour', 'day']).describe('One point per hour, or per city day.'),
    ...rangeFields,
    ...wardField,
  })
  .transform(resolveRange)
  .refine(
    (value) => value.bucket === 'day' || value.to.getTime() - value.from.getTime() <= MAX_HOURLY_DAYS * 24 * HOUR,
    {
      message: `an hourly series may span at most ${MAX_HOURLY_DAYS} days; use bucket=day`,
      path: ['bucket'],
    },
  );
