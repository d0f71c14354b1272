import { z } from 'zod';

// Control characters and invisible formatting (bidi overrides and isolates, zero-width marks)
// make a label read differently from what it holds: "\u202Eevil" shows as "live".
const HIDDEN_CHARACTERS = /[\p{Cc}\p{Cf}]/u;

/** Free text a person names something with (a kiosk label, a token name): one visible line. */
export const displayText = (maxLength: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(maxLength, `must be at most ${maxLength} characters`)
    .refine((text) => !HIDDEN_CHARACTERS.test(text), 'must not contain control or text-direction characters')
    .transform((text) => text.normalize('NFC'));
