import { summarizeProfile } from '../../bench/profile-summary';

describe('the CPU profile summary', () => {
  it('sums self time by package and by function, as shares of the busy time', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 9 });
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(idle)', '') },
        { id: 2, callFrame: frame('parse', 'file:///app/node_modules/ajv/dist/core.js') },
        { id: 3, callFrame: frame('writeEvents', 'file:///app/libs/ingest-writer/src/events.repository.ts') },
        { id: 4, callFrame: frame('compile', 'file:///app/node_modules/@nestjs/core/index.js') },
      ],
      // A sample lasts until the next one: the first delta comes before any, the last sample has none.
      samples: [1, 2, 2, 3, 4, 1],
      timeDeltas: [999, 400, 100, 100, 100, 300],
    };
    expect(summarizeProfile(profile, 3)).toEqual({
      idlePercent: 40,
      packages: [
        { name: '@nestjs/core', percent: 50 },
        { name: 'ajv', percent: 33.3 },
        { name: 'kiosk-pulse', percent: 16.7 },
      ],
      functions: [
        { name: 'compile @nestjs/core/index.js:10', percent: 50 },
        { name: 'parse ajv/dist/core.js:10', percent: 33.3 },
        { name: 'writeEvents libs/ingest-writer/src/events.repository.ts:10', percent: 16.7 },
      ],
    });
  });
});
