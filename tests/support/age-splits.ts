import type { Pool } from 'pg';
import { loadApiConfig, type ApiConfig } from '../../apps/api/src/config/api-config';
import { AgeSplitRepository } from '../../apps/api/src/privacy/age-split.repository';
import { AgeSplitService } from '../../apps/api/src/privacy/age-split.service';
import { resetDatabase, testPool } from './services';

/** The api's default settings, with the age splits' period and publication delay a test wants. */
export function ageSplitConfig(ageSplitPeriod: 'day' | 'week', ageSplitDelayMs: number): ApiConfig {
  return {
    ...loadApiConfig({ JWT_SECRET: 'test-jwt-secret-0123456789abcdefghijklmnop' }),
    ageSplitDelayMs,
    ageSplitPeriod,
  };
}

/** The age-split service over `pool`, as the api builds it. */
export const ageSplitService = (pool: Pool, config: ApiConfig): AgeSplitService =>
  new AgeSplitService(new AgeSplitRepository(pool), config);

/**
 * Call first in a describe block of the age-split tests: a pool on this jest worker's embedded
 * database, emptied before the block's tests and again after them (a published period would
 * otherwise stay for the next file), then closed so the next file can connect.
 */
export function useEmptyDatabase(): { readonly pool: Pool } {
  let pool: Pool | undefined;
  beforeAll(async () => {
    pool = testPool();
    await resetDatabase(pool);
  });
  afterAll(async () => {
    if (!pool) return;
    await resetDatabase(pool);
    await pool.end();
  });
  return {
    get pool() {
      if (!pool) throw new Error('the database is not open yet: use the pool in hooks and tests');
      return pool;
    },
  };
}
