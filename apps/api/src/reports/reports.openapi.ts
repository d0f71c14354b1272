import { z } from 'zod';
import { REPORT_TOKEN_HEADER } from '@kiosk-pulse/contract';
import { reportFileQuery, reportQuery } from './report.schema';

type JsonSchema = { properties?: Record<string, JsonSchema & { description?: string }>; required?: string[] };

/** Query parameters from the zod schema the endpoint validates with, so the two cannot drift apart. */
function queryParameters(schema: z.ZodType) {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: 'query', required: json.required?.includes(name) ?? false, description, schema: rest };
  });
}

const tags = ['reports'];
const security = [{ bearer: [] }];
const errors = {
  400: {
    description: 'A bad parameter, named in `message` (scope=ward without a ward, a day that is not YYYY-MM-DD…).',
  },
  401: { description: 'No valid token.' },
  403: { description: 'Ward staff asking for another ward, or for the city.' },
};
const contents =
  '{scope, wardCode, placeName, language, period, previousPeriod, generatedAt, suppression, countNote, totals, previous, change, ' +
  'median, againstMedian, byOutcome, previousByOutcome, ageSplit, sixtyPlus, days, guides, targets, kiosks, campaigns}. ' +
  'Totals exact; age-group counts as the stats endpoints publish them (small cells hidden: { atLeast }).';

/** The OpenAPI paths of /api/v1/reports, for the api's document (openapi.ts). */
export const reportsPaths = {
  '/api/v1/reports/data': {
    get: {
      tags,
      summary:
        'A ward’s or the city’s report over a week, month or half year (city time): its figures, as the report files hold them',
      security,
      parameters: queryParameters(reportQuery),
      responses: { 200: { description: contents }, ...errors },
    },
  },
  '/api/v1/reports/file': {
    get: {
      tags,
      summary:
        'The same report as a file: PDF (A4, printed by Chromium from the report page) or XLSX (one sheet per table)',
      security,
      parameters: queryParameters(reportFileQuery),
      responses: {
        200: {
          description: 'The file, as an attachment (Content-Disposition). Recorded in the audit log as an export.',
          content: {
            'application/pdf': { schema: { type: 'string', format: 'binary' } },
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
              schema: { type: 'string', format: 'binary' },
            },
          },
        },
        ...errors,
        503: { description: 'PDF only: Chromium (CHROMIUM_PATH) could not be started.' },
      },
    },
  },
  '/api/v1/reports/print': {
    get: {
      tags,
      summary:
        'The report page’s own read while Chromium prints it: the one report its short-lived print credential names',
      parameters: [
        {
          name: REPORT_TOKEN_HEADER,
          in: 'header',
          required: true,
          description: 'A print credential the api signed for one report, valid for a few minutes.',
          schema: { type: 'string' },
        },
      ],
      responses: { 200: { description: contents }, 401: { description: 'No valid print credential.' } },
    },
  },
};
