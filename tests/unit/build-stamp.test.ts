import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtFrom, recordBuild, sourcesHash } from '../../scripts/build-stamp';

/** What `npm start` compares to decide whether to build. */
describe('the build stamp', () => {
  let root: string;
  const write = (file: string, text: string) => {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kp-stamp-'));
    write('apps/api/src/main.ts', 'main');
    write('libs/contract/src/index.ts', 'contract');
    write('package-lock.json', '{}');
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('changes with any source and with the lock file, not with times or node_modules', () => {
    const first = sourcesHash(root);
    utimesSync(join(root, 'apps/api/src/main.ts'), new Date(0), new Date(0));
    write('apps/api/node_modules/x/index.js', 'ignored');
    write('README.md', 'not built');
    expect(sourcesHash(root)).toBe(first);
    write('libs/contract/src/index.ts', 'contract changed');
    const second = sourcesHash(root);
    expect(second).not.toBe(first);
    write('libs/contract/src/new.ts', '');
    expect(sourcesHash(root)).not.toBe(second);
    write('package-lock.json', '{"lockfileVersion": 3}');
    expect(sourcesHash(root)).not.toBe(second);
  });

  it('takes a build as current only when it is whole and made from the same sources', () => {
    const sources = sourcesHash(root);
    write('dist/apps/api/apps/api/src/main.js', '');
    write('dist/apps/worker/apps/worker/src/main.js', '');
    expect(builtFrom(root, sources)).toBe(false);
    recordBuild(root, sources);
    expect(builtFrom(root, sources)).toBe(false); // no dashboard yet
    write('dist/dashboard/index.html', '');
    expect(builtFrom(root, sources)).toBe(false); // no kiosk app yet
    write('dist/kiosk/index.html', '');
    expect(builtFrom(root, sources)).toBe(true);
    write('apps/api/src/main.ts', 'main changed');
    expect(builtFrom(root, sourcesHash(root))).toBe(false);
  });
});
