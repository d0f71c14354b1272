import { z } from 'zod';
import {
  AGE_GROUPS,
  TARGET_INDICATORS,
  canonicalAgeGroups,
  type AgeGroup,
  type TargetIndicator,
} from '@kiosk-pulse/contract';
import { displayText } from '../http/display-text';
import { wardCode } from '../wards/ward-code';

/** The largest target one row may set: far above any ward's year (it catches a mistyped figure). */
export const MAX_TARGET = 10_000_000;

/** A real calendar day written YYYY-MM-DD. */
export function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

export const cityDayText = z
  .string()
  .refine(isCalendarDay, 'must be a city day written YYYY-MM-DD')
  .meta({ description: 'A city day (Asia/Ho_Chi_Minh), YYYY-MM-DD.' });

const indicator = z
  .enum(TARGET_INDICATORS)
  .meta({ description: '`visits`, or one of the outcomes kiosks record.' }) as z.ZodType<TargetIndicator>;
const ageGroups = z
  .array(z.enum(AGE_GROUPS))
  .min(1)
  .max(AGE_GROUPS.length)
  .nullable()
  .meta({ description: 'Visits only: the age groups counted (60+: 60_64, 65_74, 75_plus); null: every visit.' });
const note = displayText(200).nullable();
const target = z.number().int().positive().max(MAX_TARGET).meta({ description: 'The count to reach, in lượt.' });

const fields = {
  indicator,
  ageGroups: ageGroups.optional(),
  wardCode: wardCode.nullable().optional().meta({ description: 'null or absent: a city-wide target.' }),
  teamId: z.uuid().nullable().optional().meta({ description: 'Count only this team’s kiosks.' }),
  target,
  startDay: cityDayText,
  deadline: cityDayText,
  note: note.optional(),
};

export const createTargetBody = z.strictObject(fields);

export const updateTargetBody = z
  .strictObject({
    target: target.optional(),
    startDay: cityDayText.optional(),
    deadline: cityDayText.optional(),
    note: note.optional(),
  })
  .refine((value) => Object.values(value).some((field) => field !== undefined), { message: 'nothing to change' });

export const targetsQuery = z.strictObject({
  wardCode: wardCode.optional().meta({ description: 'Only this ward’s targets (and the city’s).' }),
  indicator: indicator.optional(),
});

export const teamBody = z.strictObject({
  name: displayText(100),
  wardCode: wardCode.nullable().optional().meta({ description: 'null or absent: a team of the city.' }),
  kioskIds: z.array(z.uuid()).max(500),
});

export const updateTeamBody = z
  .strictObject({ name: displayText(100).optional(), kioskIds: z.array(z.uuid()).max(500).optional() })
  .refine((value) => value.name !== undefined || value.kioskIds !== undefined, { message: 'nothing to change' });

/** A target as it is stored: every optional field settled, age groups in their canonical order. */
export interface TargetFields {
  indicator: TargetIndicator;
  ageGroups: AgeGroup[] | null;
  wardCode: string | null;
  teamId: string | null;
  target: number;
  startDay: string;
  deadline: string;
  note: string | null;
}

export function targetFields(input: z.output<typeof createTargetBody>): TargetFields {
  return {
    indicator: input.indicator,
    ageGroups: input.ageGroups ? canonicalAgeGroups(input.ageGroups) : null,
    wardCode: input.wardCode ?? null,
    teamId: input.teamId ?? null,
    target: input.target,
    startDay: input.startDay,
    deadline: input.deadline,
    note: input.note ?? null,
  };
}

/** What is wrong with a target's fields taken together, each problem with the field it is on. */
export function targetProblems(fields: TargetFields): { field: keyof TargetFields; message: string }[] {
  const problems: { field: keyof TargetFields; message: string }[] = [];
  if (fields.ageGroups && fields.indicator !== 'visits')
    problems.push({ field: 'ageGroups', message: 'age groups are for visits only: outcomes are counted whole' });
  if (fields.deadline < fields.startDay)
    problems.push({
      field: 'deadline',
      message: `the deadline ${fields.deadline} is before the start ${fields.startDay}`,
    });
  return problems;
}

/** The key two targets of the same indicator, scope and period share (the table's unique constraint). */
export function scopeKey(fields: TargetFields): string {
  return [
    fields.indicator,
    fields.ageGroups?.join('+') ?? '*',
    fields.wardCode ?? 'city',
    fields.teamId ?? '-',
    fields.startDay,
    fields.deadline,
  ].join('|');
}
