import { REPORT_TOKEN_TTL_MS, signPrintToken, verifyPrintToken } from '../../apps/api/src/reports/report-token';

const SECRET = 'test-jwt-secret-0123456789abcdefghijklmnop';
const claims = {
  scope: 'ward' as const,
  wardCode: '26740',
  period: 'week' as const,
  start: '2026-11-02',
  language: 'vi' as const,
  generatedAt: Date.parse('2026-11-09T01:00:00Z'),
};

describe('the report page’s print credential', () => {
  const now = Date.parse('2026-11-09T01:00:00Z');
  const token = signPrintToken(SECRET, claims, now);

  it('names the one report it was signed for, for a few minutes', () => {
    expect(verifyPrintToken(SECRET, token, now + 1_000)).toMatchObject({ ...claims, purpose: 'report-print' });
    expect(verifyPrintToken(SECRET, token, now + REPORT_TOKEN_TTL_MS + 1)).toBeUndefined();
  });

  it('is refused when changed, signed with another secret, or of another make', () => {
    const [body, signature] = token.split('.');
    const other = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), wardCode: '26743' }),
    ).toString('base64url');
    expect(verifyPrintToken(SECRET, `${other}.${signature}`, now)).toBeUndefined();
    expect(verifyPrintToken(`${SECRET}x`, token, now)).toBeUndefined();
    expect(verifyPrintToken(SECRET, `${token}.x`, now)).toBeUndefined();
    expect(verifyPrintToken(SECRET, undefined, now)).toBeUndefined();
    // A sign-in token (a JWT) signed with the same secret is not a print credential.
    expect(verifyPrintToken(SECRET, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', now)).toBeUndefined();
  });
});
