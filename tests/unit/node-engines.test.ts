import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { minVersion, satisfies } from 'semver';

interface LockedPackage {
  engines?: { node?: string } | string[];
  dev?: boolean;
  optional?: boolean;
}

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockedPackage>;
};

describe('the Node version the project declares', () => {
  const oldest = minVersion(manifest.engines.node)!.version;

  it('is one every installed dependency supports (npm install prints no EBADENGINE)', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, locked]) => {
        const range = Array.isArray(locked.engines) ? undefined : locked.engines?.node;
        return range && !satisfies(oldest, range) ? [`${path.replace(/^.*node_modules\//, '')} needs ${range}`] : [];
      });
    expect(refusing).toEqual([]);
  });

  it('is the one the README names', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain(`Node.js ${oldest.replace(/\.0$/, '')} or newer`);
  });

  it('admits the Node running the tests', () => {
    expect(satisfies(process.version, manifest.engines.node)).toBe(true);
  });
});
