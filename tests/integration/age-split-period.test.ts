import { ageSplitConfig, ageSplitService, useEmptyDatabase } from '../support/age-splits';

/* The same events published per day and per week could be subtracted from each other. */
describe('the period of the age splits', () => {
  const database = useEmptyDatabase();
  const service = (period: 'day' | 'week') => ageSplitService(database.pool, ageSplitConfig(period, 0));

  it('cannot change once something was published under another', async () => {
    await expect(service('week').onModuleInit()).resolves.toBeUndefined();
    const days = service('day');
    await days.split(new Date('2026-11-01T00:00:00+07:00'), new Date('2026-11-03T00:00:00+07:00'));
    await expect(days.onModuleInit()).resolves.toBeUndefined();
    await expect(service('week').onModuleInit()).rejects.toThrow(
      'AGE_SPLIT_PERIOD=week, but this database holds age splits published per day',
    );
  });
});
