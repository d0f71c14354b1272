import type { Pool } from 'pg';
import { measureRawInsert } from '../../bench/raw-insert';
import { resetDatabase, testPool } from '../support/services';

/*
 * The benchmark's raw-insert figure must be the rows it really stored: with two writers at once,
 * each batch's count has to reach the total (issue 18 saw half of the rows reported).
 */
describe('bench: raw insert', () => {
  let pool: Pool;

  beforeAll(async () => {
    pool = testPool();
    await resetDatabase(pool);
  });

  afterAll(async () => {
    await pool.end();
  });

  it('reports as inserted exactly the rows added to the events table, with two writers', async () => {
    const count = async (): Promise<number> =>
      (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0].n;
    const before = await count();

    const result = await measureRawInsert(pool, { seconds: 2, batch: 200, connections: 2 });

    const added = (await count()) - before;
    expect(added).toBeGreaterThan(200);
    expect(result.inserted).toBe(added);
  });
});
