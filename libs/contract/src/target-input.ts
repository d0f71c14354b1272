import { z } from 'zod';
import { AGE_GROUPS } from './events';
import { TARGET_INDICATORS, type TargetIndicator } from './targets';

/*
 * What POST and PATCH /api/v1/targets take, as the one description of it: the api validates with
 * these schemas (apps/api/src/targets/target.schema.ts) and the contract's types are inferred from
 * them. A schema (zod) module: the browser index exports its types only.
 */

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

export const targetIndicator = z
  .enum(TARGET_INDICATORS)
  .meta({ description: '`visits`, or one of the outcomes kiosks record.' }) as z.ZodType<
  TargetIndicator,
  TargetIndicator
>;

/** A string checked (and perhaps normalized) by the api's own rule: a ward code, a person's text. */
type Text = z.ZodType<string, string>;

/**
 * The target bodies, with the api's checks of a ward code and of a note (free text) plugged in:
 * those rules are the api's, shared by every feature, and stay there.
 */
export function targetBodies<Ward extends Text, Note extends Text>(checks: { wardCode: Ward; note: Note }) {
  const target = z.number().int().positive().max(MAX_TARGET).meta({ description: 'The count to reach, in lượt.' });
  const note = checks.note.nullable();
  const create = z.strictObject({
    indicator: targetIndicator,
    ageGroups: z
      .array(z.enum(AGE_GROUPS))
      .min(1)
      .max(AGE_GROUPS.length)
      .nullable()
      .meta({ description: 'Visits only: the age groups counted (60+: 60_64, 65_74, 75_plus); null: every visit.' })
      .optional(),
    wardCode: checks.wardCode.nullable().optional().meta({ description: 'null or absent: a city-wide target.' }),
    teamId: z.uuid().nullable().optional().meta({ description: 'Count only this team’s kiosks.' }),
    target,
    startDay: cityDayText,
    deadline: cityDayText,
    note: note.optional(),
  });
  const update = z
    .strictObject({
      target: target.optional(),
      startDay: cityDayText.optional(),
      deadline: cityDayText.optional(),
      note: note.optional(),
    })
    .refine((value) => Object.values(value).some((field) => field !== undefined), { message: 'nothing to change' });
  return { create, update };
}

type TargetBodies = ReturnType<typeof targetBodies<Text, Text>>;

/** What POST /api/v1/targets takes. */
export type TargetInput = z.input<TargetBodies['create']>;

/** What PATCH /api/v1/targets/:id takes: any of the figure, the period and the note. */
export type TargetChange = z.input<TargetBodies['update']>;
