import { connect } from 'node:net';
import { testDatabaseUrl, testPool } from '../support/services';

/** The embedded database's socket, spoken to badly: the bad client is dropped, the database stays. */
describe('embedded database socket', () => {
  it('drops a client whose message length cannot be, and serves the next one', async () => {
    const { port } = new URL(testDatabaseUrl());
    // A StartupMessage whose length (2) leaves out its own four bytes.
    const closed = await new Promise<boolean>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(Buffer.from([0, 0, 0, 2])));
      socket.on('error', () => undefined);
      socket.on('close', () => resolve(true));
      setTimeout(() => {
        socket.destroy();
        resolve(false);
      }, 3_000).unref();
    });
    expect(closed).toBe(true);

    const pool = testPool();
    try {
      const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });
});
