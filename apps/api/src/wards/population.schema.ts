import { z } from 'zod';
import { POPULATION_GROUPS } from '@kiosk-pulse/contract';

/* What the population endpoints take (apps/api/src/wards/wards.controller.ts), also read by the OpenAPI document. */

const source = z.string().trim().min(1, 'say where the figure comes from').max(200);

export const populationBody = z
  .strictObject({
    total: z.number().int().positive(),
    aged60Plus: z.number().int().nonnegative().nullable().default(null),
    source,
    asOf: z.iso.date(),
    estimate: z.boolean().default(false).describe('The residents’ figure is an estimate.'),
    aged60PlusEstimate: z.boolean().default(false).describe('The 60+ figure is an estimate.'),
  })
  .refine((value) => value.aged60Plus === null || value.aged60Plus <= value.total, {
    message: 'cannot exceed total',
    path: ['aged60Plus'],
  });

/** A figure of one group; adults 18+ and people 60+ have no official per-ward figure, so they are estimates unless said otherwise. */
export const populationFigureBody = z
  .strictObject({
    group: z.enum(POPULATION_GROUPS).describe('residents, adults18Plus (aged 18 and over) or aged60Plus.'),
    population: z.number().int().positive().max(10_000_000),
    source,
    asOf: z.iso.date().describe('The date the figure describes (YYYY-MM-DD): it is used from this day on.'),
    estimate: z.boolean().optional().describe('Default: false for residents, true for adults18Plus and aged60Plus.'),
  })
  .transform((value) => ({ ...value, estimate: value.estimate ?? value.group !== 'residents' }));
