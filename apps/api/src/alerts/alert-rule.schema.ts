import { z } from 'zod';
import { ALERT_KINDS, type AlertKind, type AlertParams } from '@kiosk-pulse/contract';
import { wardCode } from '../wards/ward-code';

/** The most recipients one rule's e-mail goes to: a ward's team, not a mailing list. */
export const MAX_ALERT_RECIPIENTS = 20;

const clock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a city time HH:MM (00:00-23:59)')
  .meta({ description: 'City time (Asia/Ho_Chi_Minh), HH:MM.' });

const span = z.strictObject({ from: clock, to: clock }).refine((value) => value.from !== value.to, {
  message: 'from and to must differ (to before from crosses midnight)',
});

/*
 * Each kind's parameters with their defaults. The defaults are the issue's: a kiosk silent for 30
 * minutes in Mon-Sat 07:30-17:00; visits below 40% of the median of the same hour of the 4 weeks
 * before, when that median is at least 10.
 */
export const silentKioskParams = z.strictObject({
  // From one minute: a kiosk day's organisers may want to hear at once.
  silentMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  openingHours: z
    .strictObject({
      days: z
        .array(z.number().int().min(1).max(7))
        .min(1)
        .max(7)
        .refine((days) => new Set(days).size === days.length, 'must not name a day twice')
        .meta({ description: 'ISO weekdays, 1 Monday to 7 Sunday.' }),
      from: clock,
      to: clock,
    })
    .refine((value) => value.from < value.to, { message: 'opening hours must end after they start', path: ['to'] })
    .default({ days: [1, 2, 3, 4, 5, 6], from: '07:30', to: '17:00' }),
});

export const behindPaceParams = z.strictObject({
  targetId: z.uuid().optional().meta({ description: 'Only this target; every target of the ward when absent.' }),
});

export const suddenDropParams = z.strictObject({
  dropPercent: z.number().min(1).max(99).default(40),
  minMedian: z.number().int().min(1).max(100_000).default(10),
  weeks: z.number().int().min(2).max(8).default(4),
});

export const PARAMS_BY_KIND: Record<AlertKind, z.ZodType<AlertParams>> = {
  silent_kiosk: silentKioskParams,
  behind_pace: behindPaceParams,
  sudden_drop: suddenDropParams,
};

/** A rule's parameters checked against its kind, the defaults filled in; a problem is named. */
export function parseParams(
  kind: AlertKind,
  params: unknown,
): { ok: true; value: AlertParams } | { ok: false; problem: string } {
  const result = PARAMS_BY_KIND[kind].safeParse(params ?? {});
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problem: result.error.issues.map((issue) => `params.${issue.path.join('.')}: ${issue.message}`).join('; '),
  };
}

/** Only http and https: a webhook is a chat service or a ward's own server, never a file or other scheme. */
const webhookUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' })
  .max(2_000)
  .nullable()
  .meta({
    description:
      'Where the signed JSON is POSTed (http or https; internal addresses are refused unless ALERT_WEBHOOK_ALLOWED_HOSTS allows them).',
  });

const emailTo = z
  .array(z.email('must be e-mail addresses'))
  .max(MAX_ALERT_RECIPIENTS)
  .refine((list) => new Set(list.map((address) => address.toLowerCase())).size === list.length, 'must not repeat')
  .meta({ description: 'Who the e-mail goes to.' });

const params = z.record(z.string(), z.unknown()).meta({ description: 'The kind’s parameters; defaults filled in.' });

export const createRuleBody = z.strictObject({
  wardCode,
  kind: z.enum(ALERT_KINDS),
  enabled: z.boolean().default(true),
  params: params.optional(),
  quietHours: span.nullable().optional().meta({ description: 'City time; no alert opens or is sent in it.' }),
  emailTo: emailTo.default([]),
  webhookUrl: webhookUrl.optional(),
});

export const updateRuleBody = z
  .strictObject({
    enabled: z.boolean().optional(),
    params: params.optional(),
    quietHours: span.nullable().optional(),
    emailTo: emailTo.optional(),
    webhookUrl: webhookUrl.optional(),
  })
  .refine((value) => Object.values(value).some((field) => field !== undefined), { message: 'nothing to change' });

export const rulesQuery = z.strictObject({
  wardCode: wardCode.optional().meta({ description: 'Only this ward’s rules.' }),
});

export const alertsQuery = z.strictObject({
  status: z.enum(['open', 'resolved']).optional().meta({ description: 'Open or resolved incidents only.' }),
  wardCode: wardCode.optional().meta({ description: 'Only this ward’s incidents.' }),
  limit: z.coerce.number().int().min(1).max(500).default(100).meta({ description: 'At most this many, newest first.' }),
});
