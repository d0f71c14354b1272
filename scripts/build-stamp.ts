import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// What the build reads: the apps and libraries, and the files that say how they are built.
const SOURCES = [
  'apps',
  'libs',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'nest-cli.json',
  'scripts/path-aliases.cjs',
];
// What `npm start` needs of a build.
const BUILT = [
  'dist/apps/api/apps/api/src/main.js',
  'dist/apps/worker/apps/worker/src/main.js',
  'dist/dashboard/index.html',
  'dist/kiosk/index.html',
];
const STAMP = 'dist/build-sources.sha256';

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => name !== 'node_modules')
    .flatMap((name) => files(join(path, name)));
}

/** One hash of every source file's path and content (times do not count: a checkout sets them). */
export function sourcesHash(root: string): string {
  const hash = createHash('sha256');
  const all = SOURCES.flatMap((source) => files(join(root, source)))
    .map((file) => relative(root, file))
    .sort();
  for (const file of all)
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(root, file)))
      .update('\0');
  return hash.digest('hex');
}

/** Whether the build under root/dist is whole and was made from sources with this hash. */
export function builtFrom(root: string, sources: string): boolean {
  if (!BUILT.every((file) => existsSync(join(root, file)))) return false;
  const stamp = join(root, STAMP);
  return existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === sources;
}

export function recordBuild(root: string, sources: string): void {
  writeFileSync(join(root, STAMP), `${sources}\n`);
}

// `tsx scripts/build-stamp.ts`, run by npm after every `npm run build`: the sources as built.
if (require.main === module) recordBuild(join(__dirname, '..'), sourcesHash(join(__dirname, '..')));
