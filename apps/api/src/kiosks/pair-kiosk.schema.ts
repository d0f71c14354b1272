import { z } from 'zod';
import { normalisePairingCode } from './pairing-code';

/** What the kiosk app sends; the code as shown or scanned, case, spaces and the dash aside. */
export const pairKioskBody = z.strictObject({
  code: z
    .string()
    .max(40)
    .transform((typed, context) => {
      const code = normalisePairingCode(typed);
      if (code === undefined) {
        context.addIssue({
          code: 'custom',
          message: 'a pairing code is 8 letters and digits, written XXXX-XXXX (there is no 0, 1, I, L or O in one)',
        });
        return z.NEVER;
      }
      return code;
    })
    .meta({ description: 'As shown or scanned ("K7MQ-9TXA"); case, spaces and the dash do not matter.' }),
});
