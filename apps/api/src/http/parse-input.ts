import { BadRequestException } from '@nestjs/common';
import type { z } from 'zod';

/** Parses request input with a zod schema; a problem is a 400 naming each bad field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) =>
    issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
  );
  throw new BadRequestException(problems.join('; '));
}
