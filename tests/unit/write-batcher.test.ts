import { WriteBatcher } from '../../libs/ingest-writer/src/write-batcher';

describe('WriteBatcher', () => {
  it('writes items added together as one batch once the wait is over', async () => {
    const batches: number[][] = [];
    const batcher = new WriteBatcher<number>(
      async (items) => void batches.push(items),
      () => 1,
      100,
      10,
    );
    await Promise.all([batcher.add(1), batcher.add(2), batcher.add(3)]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('writes as soon as a batch is full, by weight', async () => {
    const batches: number[][] = [];
    const batcher = new WriteBatcher<number>(
      async (items) => void batches.push(items),
      (item) => item,
      10,
      60_000,
    );
    await Promise.all([batcher.add(4), batcher.add(6), batcher.add(7), batcher.add(3)]);
    expect(batches).toEqual([
      [4, 6],
      [7, 3],
    ]);
  });

  it('fails every item of a failed batch, or only those the writer names', async () => {
    const failing = new WriteBatcher<number>(
      async () => Promise.reject(new Error('down')),
      () => 1,
      2,
      10,
    );
    await expect(Promise.all([failing.add(1), failing.add(2)])).rejects.toThrow('down');

    const partial = new WriteBatcher<number>(
      async (items) => items.map((item) => (item === 2 ? new Error('bad item') : undefined)),
      () => 1,
      3,
      10,
    );
    const results = await Promise.allSettled([partial.add(1), partial.add(2), partial.add(3)]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
