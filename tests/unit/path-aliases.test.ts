import { existsSync } from 'node:fs';
import { join } from 'node:path';

// The one place the @kiosk-pulse/* aliases are declared is tsconfig.json; jest and Vite derive theirs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const aliases = require('../../scripts/path-aliases.cjs') as {
  tsconfigPaths: () => [string, string][];
  jestModuleNameMapper: () => Record<string, string>;
  viteAliases: () => { find: RegExp; replacement: string }[];
};

const repo = join(__dirname, '../..');

function mapWith(rules: { find: RegExp; replacement: string }[], specifier: string): string | undefined {
  const rule = rules.find(({ find }) => find.test(specifier));
  return rule && specifier.replace(rule.find, rule.replacement);
}

describe('path aliases from tsconfig.json', () => {
  it('every alias points at a folder that exists', () => {
    const paths = aliases.tsconfigPaths();
    expect(paths.length).toBeGreaterThan(0);
    for (const [alias, target] of paths) {
      expect([alias, existsSync(target.replace(/\/\*$/, ''))]).toEqual([alias, true]);
    }
  });

  it('jest and Vite map a package entry and a deep import to the same files', () => {
    const jest = Object.entries(aliases.jestModuleNameMapper()).map(([find, replacement]) => ({
      find: new RegExp(find),
      replacement,
    }));
    const vite = aliases.viteAliases();
    for (const rules of [jest, vite]) {
      expect(mapWith(rules, '@kiosk-pulse/contract')).toBe(join(repo, 'libs/contract/src'));
      expect(mapWith(rules, '@kiosk-pulse/contract/events')).toBe(join(repo, 'libs/contract/src/events'));
      expect(mapWith(rules, '@kiosk-pulse/kiosk-client/file-event-store')).toBe(
        join(repo, 'libs/kiosk-client/src/file-event-store'),
      );
      expect(mapWith(rules, '@kiosk-pulse/contractual')).toBeUndefined();
      expect(mapWith(rules, 'other-package')).toBeUndefined();
    }
  });
});
