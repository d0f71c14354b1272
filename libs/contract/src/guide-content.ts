import { z } from 'zod';
import { GUIDES } from './events';

/*
 * A self-service guide as ward staff write it (apps/kiosk/guides/*.json): one screen per step,
 * Vietnamese first with English beside it. Checked here so that a correction cannot break the
 * kiosk app: the app reads only files this schema accepts.
 */
const words = z.strictObject({ vi: z.string().min(1).max(400), en: z.string().min(1).max(400) });

export const guideContentSchema = z.strictObject({
  id: z.string().regex(/^[a-z_]+$/),
  guide: z.enum(GUIDES),
  /** Up by one with each change. */
  version: z.number().int().min(1),
  title: words,
  steps: z.array(words).min(1).max(12),
  quiz: z
    .array(
      z
        .strictObject({
          question: words,
          choices: z.array(words).min(2).max(4),
          /** The index of the right choice. */
          answer: z.number().int().min(0),
          why: words,
        })
        .refine((question) => question.answer < question.choices.length, {
          message: 'answer must be the index of one of the choices',
        }),
    )
    .max(10)
    .optional(),
});

export type GuideContent = z.infer<typeof guideContentSchema>;
