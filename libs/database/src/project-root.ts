import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository root, found by walking up from this file: the same code runs from
 * libs/ (tests, tsx scripts) and from dist/ (built apps), at different depths.
 */
export function projectRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'kiosk-pulse'
    ) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the kiosk-pulse project root above ' + __dirname);
    dir = parent;
  }
}
