import { z } from 'zod';
import { AGE_GROUPS, OUTCOMES, TARGET_INDICATORS, TARGET_STATUSES } from '@kiosk-pulse/contract';

/*
 * The public view's answer as a schema, for its OpenAPI document (and for the tests, which check
 * real answers against it): the same shape as the contract's PublicView.
 */

const count = z
  .union([
    z.number().int().min(0).multipleOf(5),
    z.strictObject({ below: z.number().int() }),
    z.strictObject({ atLeast: z.number().int().min(0).multipleOf(5) }),
  ])
  .describe(
    'A multiple of 5 (randomly rounded), { below: 10 } for 1 to 9, or { atLeast: n } for a partly hidden age count (0: hidden).',
  );

const cityDay = z.iso.date().describe('A city day (Asia/Ho_Chi_Minh).');

export const publicViewSchema = z.strictObject({
  label: z.string(),
  scope: z.enum(['city', 'ward']),
  wardCode: z.string().nullable(),
  wardName: z.string().nullable(),
  asOf: z.iso.datetime(),
  today: z
    .strictObject({
      day: cityDay,
      peopleReached: z.number().int().min(0),
      guidesCompleted: z.number().int().min(0),
      accountsRegistered: z.number().int().min(0),
    })
    .describe('Today’s totals so far, exact.'),
  days: z
    .array(z.strictObject({ day: cityDay, peopleReached: count, guidesCompleted: count, accountsRegistered: count }))
    .describe('The 30 city days before today.'),
  ageSplit: z
    .strictObject({
      period: z.enum(['day', 'week']),
      from: cityDay.nullable(),
      to: cityDay.nullable(),
      byAgeGroup: z.strictObject(Object.fromEntries(AGE_GROUPS.map((group) => [group, count]))),
    })
    .describe('People reached per age group over the published days of those 30 (threshold 10).'),
  outcomes: z
    .strictObject(Object.fromEntries(OUTCOMES.map((outcome) => [outcome, count])))
    .describe('The city’s outcomes (Kế hoạch 31/KH-UBND, Bình dân học vụ số) over the 30 days.'),
  wards: z
    .array(z.strictObject({ wardCode: z.string(), name: z.string(), peopleReached: count }))
    .describe('People reached per ward over the 30 days; a ward’s link: its own ward only.'),
  targets: z
    .array(
      z.strictObject({
        indicator: z.enum(TARGET_INDICATORS),
        ageGroups: z.array(z.enum(AGE_GROUPS)).nullable(),
        target: z.number().int().positive(),
        count,
        percent: z.number().min(0).nullable().describe('The shown count / target, in percent; null: no number shown.'),
        status: z
          .enum(TARGET_STATUSES)
          .nullable()
          .describe('null: an age group’s target under way, whose pace is not published.'),
        startDay: cityDay,
        deadline: cityDay,
        countedFrom: cityDay.nullable(),
        countedTo: cityDay.nullable().describe('Excluded, as in ageSplit.'),
      }),
    )
    .describe(
      'The scope’s own targets (a ward’s, or the city-wide ones). Counts are lượt (contributions), not coverage; an age group’s count is of its published periods.',
    ),
});
