import { z } from 'zod';
import { canonicalAgeGroups, type AgeGroup, type TargetIndicator } from '@kiosk-pulse/contract';
import { targetBodies, targetIndicator } from '@kiosk-pulse/contract/target-input';
import { displayText } from '../http/display-text';
import { wardCode } from '../wards/ward-code';

export const { create: createTargetBody, update: updateTargetBody } = targetBodies({
  wardCode,
  note: displayText(200),
});

export const targetsQuery = z.strictObject({
  wardCode: wardCode.optional().meta({ description: 'Only this ward’s targets (and the city’s).' }),
  indicator: targetIndicator.optional(),
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
