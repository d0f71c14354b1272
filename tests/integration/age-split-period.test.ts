import type { Pool } from 'pg';
import { loadApiConfig } from '../../apps/api/src/config/api-config';
import { AgeSplitRepository } from '../../apps/api/src/privacy/age-split.repository';
import { AgeSplitService } from '../../apps/api/src/privacy/age-split.service';
import { resetDatabase, testPool } from '../support/services';

const service = (pool: Pool, period: 'day' | 'week') =>
  new AgeSplitService(new AgeSplitRepository(pool), {
    ...loadApiConfig({ JWT_SECRET: 'test-jwt-secret-0123456789abcdefghijklmnop' }),
    ageSplitDelayMs: 0,
    ageSplitPeriod: period,
  });

/* The same events published per day and per week could be subtracted from each other. */
describe('the period of the age splits', () => {
  let pool: Pool;
  beforeAll(async () => {
    pool = testPool();
    await resetDatabase(pool);
  });
  afterAll(async () => {
    await resetDatabase(pool);
    await pool.end();
  });

  it('cannot change once something was published under another', async () => {
    await expect(service(pool, 'week').onModuleInit()).resolves.toBeUndefined();
    const days = service(pool, 'day');
    await days.split(new Date('2026-11-01T00:00:00+07:00'), new Date('2026-11-03T00:00:00+07:00'));
    await expect(days.onModuleInit()).resolves.toBeUndefined();
    await expect(service(pool, 'week').onModuleInit()).rejects.toThrow(
      'AGE_SPLIT_PERIOD=week, but this database holds age splits published per day',
    );
  });
});
