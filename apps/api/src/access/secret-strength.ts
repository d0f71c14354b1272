import { z } from 'zod';

/*
 * A secret made up by hand ("aaaa…", "changeme-changeme", a run like "abcdef…") can be guessed
 * whatever its length. The estimate is the Shannon entropy of the secret's characters, and of
 * the steps between neighbouring characters (which sees through runs), times its length: a
 * rough upper bound on what a guesser needs, low for anything regular. Random values pass with
 * a wide margin: 24 random hex digits estimate 61 to 100 bits, base64 more.
 */
const MIN_BITS = 56;

function entropyPerSymbol(symbols: readonly (string | number)[]): number {
  const counts = new Map<string | number, number>();
  for (const symbol of symbols) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / symbols.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** About how many bits of chance a secret holds (0 for one character repeated or a plain run). */
export function estimatedSecretBits(secret: string): number {
  const chars = [...secret];
  const codes = chars.map((char) => char.codePointAt(0) as number);
  const steps = codes.slice(1).map((code, i) => code - codes[i]);
  return Math.min(chars.length * entropyPerSymbol(chars), steps.length * entropyPerSymbol(steps));
}

/** "abcabcabc": a shorter string said again and again. */
const isRepetition = (secret: string): boolean => (secret + secret).indexOf(secret, 1) < secret.length;

/** Why a secret is too weak to accept, or undefined when it will do. */
export function secretWeakness(secret: string): string | undefined {
  if (/\s/.test(secret)) return 'must not contain spaces or line breaks';
  if (isRepetition(secret) || estimatedSecretBits(secret) < MIN_BITS)
    return 'is too easy to guess (repeated or regular characters); use a random value such as `openssl rand -base64 32`';
  return undefined;
}

/** A setting that holds a secret: at least `minLength` characters of a random-looking value. */
export const secretSetting = (minLength: number, whenMissing?: string) =>
  z
    .string(whenMissing ? { error: whenMissing } : undefined)
    .min(minLength, `must be at least ${minLength} characters`)
    .superRefine((secret, context) => {
      const weakness = secret.length >= minLength ? secretWeakness(secret) : undefined;
      if (weakness) context.addIssue({ code: 'custom', message: weakness });
    });
