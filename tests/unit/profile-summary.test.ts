import { summarizeProfile } from '../../bench/profile-summary';

describe('the CPU profile summary', () => {
  it('sums self time by package and by function, as shares of the whole', () => {
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
      packages: [
        { name: '(idle)', percent: 40 },
        { name: '@nestjs/core', percent: 30 },
        { name: 'ajv', percent: 20 },
      ],
      functions: [
        { name: '(idle)', percent: 40 },
        { name: 'compile @nestjs/core/index.js:10', percent: 30 },
        { name: 'parse ajv/dist/core.js:10', percent: 20 },
      ],
    });
  });
});
