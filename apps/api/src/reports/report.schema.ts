import { z } from 'zod';
import { REPORT_FORMATS, REPORT_LANGUAGES, REPORT_PERIODS, REPORT_SCOPES } from '@kiosk-pulse/contract';
import { wardCode } from '../wards/ward-code';

const fields = {
  scope: z.enum(REPORT_SCOPES).describe('city: the whole city; ward: one ward, named in `ward`.'),
  ward: wardCode.optional().describe('Official 5-digit code of the ward (scope=ward only).'),
  period: z
    .enum(REPORT_PERIODS)
    .describe(
      'week: Monday 00:00 to the next Monday 00:00; month; half-year: January–June or July–December. City time (Asia/Ho_Chi_Minh).',
    ),
  start: z.iso
    .date({ error: 'must be a city day YYYY-MM-DD' })
    .describe('A city day (YYYY-MM-DD) in the period: the report is of the whole period that holds it.'),
  lang: z.enum(REPORT_LANGUAGES).default('vi').describe('Language of the report: vi (default) or en.'),
};

const scopeRule = (value: { scope: string; ward?: string }, ctx: z.RefinementCtx) => {
  if (value.scope === 'ward' && value.ward === undefined)
    ctx.addIssue({ code: 'custom', message: 'scope=ward needs a ward', path: ['ward'] });
  if (value.scope === 'city' && value.ward !== undefined)
    ctx.addIssue({ code: 'custom', message: 'scope=city takes no ward', path: ['ward'] });
};

export const reportQuery = z.strictObject(fields).superRefine(scopeRule);

export const reportFileQuery = z
  .strictObject({ ...fields, format: z.enum(REPORT_FORMATS).describe('pdf (A4, printed by Chromium) or xlsx.') })
  .superRefine(scopeRule);
