/**
 * `npm start [-- --demo ...]`: checks the settings first, builds the server and the dashboard
 * only when their sources changed since the last build, then runs the built api in this process
 * (as `node dist/apps/api/apps/api/src/main.js` would, with the same arguments).
 *
 * A build takes about 30 s; the hash of the sources a few tens of milliseconds.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '@kiosk-pulse/runtime';
import { checkDatabaseUrl } from '@kiosk-pulse/database';
import { startConfig } from '../apps/api/src/start-config';
import { builtFrom, recordBuild, sourcesHash } from './build-stamp';

const ROOT = join(__dirname, '..');

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  // Wrong settings are told at once, not after a build.
  const { config } = startConfig(args, process.env);
  if (config.databaseUrl) await checkDatabaseUrl(config.databaseUrl, (problem) => new ConfigError([problem]));

  const sources = sourcesHash(ROOT);
  if (builtFrom(ROOT, sources)) {
    console.log('build up to date (sources unchanged since the last build)');
  } else {
    console.log('sources changed since the last build (or none yet): building');
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
    // The sources as they were when the build started.
    recordBuild(ROOT, sources);
  }
  await import(pathToFileURL(join(ROOT, 'dist/apps/api/apps/api/src/main.js')).href);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
