import { z } from 'zod';
import { AUDIT_KINDS } from '@kiosk-pulse/contract';
import { instant } from '../stats/stats-range';
import { wardCode } from '../wards/ward-code';

/** GET /api/v1/audit's query: a page, newest first, of the entries that match every filter given. */
export const auditQuery = z
  .strictObject({
    limit: z.coerce.number().int().min(1).max(500).default(100).describe('Entries per page, 1 to 500.'),
    before: z.coerce.number().int().min(1).optional().describe('Older than this entry id: the last one seen.'),
    actor: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('Who: user:<username>, token:<name>, admin-token or anonymous.'),
    action: z
      .string()
      .regex(/^[a-z_]+(\.[a-z_-]+)+$/, 'must be an action such as kiosk.create or stats.read')
      .max(64)
      .optional()
      .describe('One action, e.g. stats.read, stats.export, kiosk.create.'),
    kind: z
      .enum(AUDIT_KINDS)
      .optional()
      .describe('changes: changes and sign-ins; reads: reads and exports of figures (stats.read, stats.export).'),
    wardCode: wardCode
      .optional()
      .describe('Entries about this ward. Ward staff: their own ward, the default; any other is refused.'),
    from: instant.optional().describe('From this instant, included: a city day YYYY-MM-DD or ISO-8601 with an offset.'),
    to: instant.optional().describe('Up to this instant, excluded, in the same forms.'),
  })
  .refine((query) => !query.from || !query.to || query.from < query.to, {
    message: '"to" must be after "from"',
    path: ['to'],
  });

export type AuditFilter = z.output<typeof auditQuery>;
