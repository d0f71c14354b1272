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

describe('WriteBatcher with two writes at once', () => {
  it('starts the next batch while one is being written, never more than two, and flush() waits for all', async () => {
    let writing = 0;
    let most = 0;
    const written: number[][] = [];
    const batcher = new WriteBatcher<number>(
      async (items) => {
        most = Math.max(most, ++writing);
        await new Promise((resolve) => setTimeout(resolve, 30));
        written.push(items);
        writing--;
      },
      () => 1,
      2,
      60_000,
      { concurrentWrites: 2 },
    );
    const adds = [1, 2, 3, 4, 5, 6].map((item) => batcher.add(item));
    await batcher.flush();
    expect(writing).toBe(0);
    expect(written.flat().sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(most).toBe(2);
    await Promise.all(adds);
  });

  it('writes a batch with an item that must follow earlier writes only after them', async () => {
    const log: string[] = [];
    const batcher = new WriteBatcher<string>(
      async (items) => {
        log.push(`start ${items.join()}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        log.push(`end ${items.join()}`);
      },
      () => 1,
      1,
      60_000,
      { concurrentWrites: 2, waitsForEarlier: (item) => item.startsWith('undo') },
    );
    await Promise.all([batcher.add('a'), batcher.add('undo a'), batcher.add('b')]);
    expect(log.indexOf('start undo a')).toBeGreaterThan(log.indexOf('end a'));
  });
});
