import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The embedded database keeps its data, and TimescaleDB keeps working, across restarts. */
describe('embedded TimescaleDB on a data folder', () => {
  it('keeps events and refreshes aggregates after a restart', async () => {
    const { stdout } = await run(join(__dirname, '../../node_modules/.bin/tsx'), [
      join(__dirname, '../support/embedded-restart-probe.ts'),
    ]);
    expect(JSON.parse(stdout)).toEqual({ first: 1, second: 2 });
  });
});
