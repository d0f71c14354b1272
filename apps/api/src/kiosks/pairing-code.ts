import { createHmac, randomInt } from 'node:crypto';

/** Digits and capitals that cannot be mistaken for one another: no 0/O, no 1/I/L. */
export const PAIRING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const LENGTH = 8;

/** How long a pairing code may be used: enough to walk to the tablet, too short to be kept. */
export const PAIRING_CODE_TTL_MS = 10 * 60_000;

/** A new code from crypto randomness, as stored and compared: eight characters, no dash. */
export const generatePairingCode = (): string =>
  Array.from({ length: LENGTH }, () => PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)]).join('');

/** As people read it: "K7MQ-9TXA". */
export const formatPairingCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;

/** The code as typed or scanned, without case, spaces or dashes: undefined when it cannot be one. */
export function normalisePairingCode(typed: string): string | undefined {
  // Phones' keyboards put in other dashes (‐ ‑ – —) as readily as the hyphen.
  const code = typed.replace(/[\s\-\u2010-\u2015]/g, '').toUpperCase();
  return code.length === LENGTH && [...code].every((character) => PAIRING_ALPHABET.includes(character))
    ? code
    : undefined;
}

/**
 * What is stored instead of the code. Eight characters are only about 40 bits, which a plain hash
 * would give back to anyone reading the table within seconds; keyed with the server's secret, a
 * copy of the database alone tells nothing.
 */
export const hashPairingCode = (normalised: string, secret: string): Buffer =>
  createHmac('sha256', secret).update(`kiosk-pairing:${normalised}`).digest();
