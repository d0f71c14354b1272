import { startTestApp } from '../support/app';
import { call } from '../support/http';
import { testPool } from '../support/services';

/*
 * Reads wait in memory for up to a second before they are written (audit/read-audit.ts): the
 * ones still waiting when the app stops must be written before its pool ends, not lost.
 */
describe('the audit of reads, when the app stops', () => {
  it('writes the reads still waiting in memory before the database pool ends', async () => {
    // Written only after a minute's wait or at shutdown: none of these reads is written before the close.
    const audit = { retentionMonths: 12, flushAfterMs: 60_000, flushAtEntries: 200, recordReads: true };
    const test = await startTestApp({ config: { audit } });
    const reads = 3;
    for (let read = 0; read < reads; read++) {
      expect((await call(`${test.url}/api/v1/stats/summary`)).status).toBe(200);
    }
    await test.close();
    const pool = testPool();
    try {
      const { rows } = await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'stats.read' AND details->>'view' = 'summary'`,
      );
      expect(rows[0].n).toBe(reads);
    } finally {
      await pool.end();
    }
  });
});
