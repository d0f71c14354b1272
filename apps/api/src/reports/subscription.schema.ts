import { z } from 'zod';
import { DELIVERY_STATUSES, REPORT_SCHEDULES } from '@kiosk-pulse/contract';
import { REPORT_FORMATS, REPORT_LANGUAGES, REPORT_SCOPES } from '@kiosk-pulse/contract/reports';
import { wardCode } from '../wards/ward-code';

export const subscriptionBody = z
  .strictObject({
    email: z.email({ error: 'must be an e-mail address' }).max(254).describe('Where the reports are sent.'),
    scope: z.enum(REPORT_SCOPES).describe('city (city officials and admins) or ward.'),
    wardCode: wardCode.optional().describe('The ward, with scope=ward; ward staff name their own.'),
    schedule: z
      .enum(REPORT_SCHEDULES)
      .describe(
        'weekly: Monday 06:00 for Monday–Sunday just ended; monthly: the 1st at 06:00 for the month before; half-yearly: 1 January and 1 July at 06:00. City time (Asia/Ho_Chi_Minh).',
      ),
    language: z.enum(REPORT_LANGUAGES).default('vi').describe('vi (default) or en.'),
    formats: z
      .array(z.enum(REPORT_FORMATS))
      .min(1, 'name at least one of pdf, xlsx')
      .max(2)
      .refine((formats) => new Set(formats).size === formats.length, 'names a format twice')
      .default(['pdf'])
      .describe('The files attached: pdf, xlsx or both.'),
  })
  .superRefine((value, ctx) => {
    if (value.scope === 'ward' && value.wardCode === undefined)
      ctx.addIssue({ code: 'custom', message: 'scope=ward needs a wardCode', path: ['wardCode'] });
    if (value.scope === 'city' && value.wardCode !== undefined)
      ctx.addIssue({ code: 'custom', message: 'scope=city takes no wardCode', path: ['wardCode'] });
  });

export const deliveriesQuery = z.strictObject({
  status: z.enum(DELIVERY_STATUSES).optional().describe('Only the deliveries of this status.'),
});
