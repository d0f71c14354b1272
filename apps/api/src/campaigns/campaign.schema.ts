import { z } from 'zod';
import { cityDayToInstant } from '@kiosk-pulse/contract/time';
import { displayText } from '../http/display-text';
import { isCalendarDay } from '@kiosk-pulse/contract/target-input';
import { wardCode } from '../wards/ward-code';

/** The longest campaign: a festival week and more; a longer one is a mistyped date. */
export const MAX_CAMPAIGN_DAYS = 31;
/** The most kiosks one campaign may list: far above any ward's fleet. */
export const MAX_CAMPAIGN_KIOSKS = 200;

const instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 date and time with its offset' })
  .meta({ description: 'An instant, ISO-8601 with its offset: 2025-11-09T07:00:00+07:00.' });

const kioskIds = z
  .array(z.uuid())
  .min(1, 'name at least one kiosk')
  .max(MAX_CAMPAIGN_KIOSKS)
  .refine((ids) => new Set(ids).size === ids.length, 'must not name a kiosk twice')
  .meta({ description: 'The kiosks taking part, all of the campaign’s ward.' });

const name = displayText(200).meta({ description: 'Ngày hội Đại đoàn kết, say.' });
const place = displayText(200).nullable().meta({ description: 'Where in the ward, as people name it: “Khu phố 28”.' });

/** The campaign's hours, in order and no longer than MAX_CAMPAIGN_DAYS, as a problem message (or none). */
export function hoursProblem(startsAt: string, endsAt: string): string | undefined {
  const start = Date.parse(startsAt);
  const end = Date.parse(endsAt);
  if (end <= start) return `endsAt: the end ${endsAt} is not after the start ${startsAt}`;
  if (end - start > MAX_CAMPAIGN_DAYS * 86_400_000) return `endsAt: a campaign lasts at most ${MAX_CAMPAIGN_DAYS} days`;
  return undefined;
}

const inOrder = (value: { startsAt?: string; endsAt?: string }, context: z.RefinementCtx) => {
  if (value.startsAt === undefined || value.endsAt === undefined) return;
  const problem = hoursProblem(value.startsAt, value.endsAt);
  if (problem) context.addIssue({ code: 'custom', path: ['endsAt'], message: problem.replace(/^endsAt: /, '') });
};

export const createCampaignBody = z
  .strictObject({ name, wardCode, place: place.optional(), startsAt: instant, endsAt: instant, kioskIds })
  .superRefine(inOrder);

export const updateCampaignBody = z
  .strictObject({
    name: name.optional(),
    place: place.optional(),
    startsAt: instant.optional(),
    endsAt: instant.optional(),
    kioskIds: kioskIds.optional(),
  })
  .refine((value) => Object.values(value).some((field) => field !== undefined), { message: 'nothing to change' })
  .superRefine(inOrder);

/** A range bound: an instant with its offset, or a city day (its start, Asia/Ho_Chi_Minh). */
const bound = z
  .string()
  .refine(
    (text) => isCalendarDay(text) || z.iso.datetime({ offset: true }).safeParse(text).success,
    'must be a city day YYYY-MM-DD or an ISO-8601 date and time with its offset',
  )
  .transform((text) => (isCalendarDay(text) ? cityDayToInstant(text) : new Date(text)));

export const campaignsQuery = z
  .strictObject({
    from: bound.optional().meta({ description: 'Campaigns ending after this (a city day: its start).' }),
    to: bound.optional().meta({ description: 'Campaigns starting before this (a city day: its start).' }),
    wardCode: wardCode.optional().meta({ description: 'Only this ward’s campaigns.' }),
  })
  .refine((value) => !value.from || !value.to || value.from < value.to, {
    path: ['to'],
    message: 'must be after from',
  });
