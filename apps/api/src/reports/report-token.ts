import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { REPORT_LANGUAGES, REPORT_PERIODS, REPORT_SCOPES } from '@kiosk-pulse/contract';

/** How long the report page's credential holds: long enough for Chromium to load and draw one report. */
export const REPORT_TOKEN_TTL_MS = 3 * 60_000;

/** What a print credential lets its bearer read: one report, and nothing else. */
const printClaims = z.strictObject({
  purpose: z.literal('report-print'),
  scope: z.enum(REPORT_SCOPES),
  wardCode: z
    .string()
    .regex(/^\d{5}$/)
    .nullable(),
  period: z.enum(REPORT_PERIODS),
  start: z.iso.date(),
  language: z.enum(REPORT_LANGUAGES),
  generatedAt: z.number().int().positive(),
  exp: z.number().int().positive(),
  jti: z.uuid(),
});
export type PrintClaims = z.output<typeof printClaims>;

/**
 * The key print credentials are signed with: derived from JWT_SECRET for this one purpose, so a
 * print credential is never a sign-in token (nor the other way round), and no new secret has
 * to be set. Short-lived and scoped to one report; the admin token is never handed to Chromium.
 */
const keyOf = (secret: string) => createHmac('sha256', secret).update('kiosk-pulse report print v1').digest();

const encode = (value: Buffer | string) => Buffer.from(value).toString('base64url');

export function signPrintToken(
  secret: string,
  claims: Omit<PrintClaims, 'purpose' | 'exp' | 'jti'>,
  now = Date.now(),
): string {
  const body = encode(
    JSON.stringify({ ...claims, purpose: 'report-print', exp: now + REPORT_TOKEN_TTL_MS, jti: randomUUID() }),
  );
  return `${body}.${encode(createHmac('sha256', keyOf(secret)).update(body).digest())}`;
}

/** The claims of a genuine, unexpired print credential; undefined for anything else. */
export function verifyPrintToken(secret: string, token: string | undefined, now = Date.now()): PrintClaims | undefined {
  if (typeof token !== 'string' || token.length > 1_000) return undefined;
  const [body, signature, ...rest] = token.split('.');
  if (!body || !signature || rest.length > 0) return undefined;
  const expected = createHmac('sha256', keyOf(secret)).update(body).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const claims = printClaims.safeParse(parsed);
  return claims.success && claims.data.exp > now ? claims.data : undefined;
}
