// The `@kiosk-pulse/*` import aliases live in one place: `compilerOptions.paths` of the root
// tsconfig.json. jest (moduleNameMapper) and Vite (resolve.alias) take theirs from here, and the
// dashboard's tsconfig extends the root one; tsx and the Nest build read tsconfig.json themselves.
// Add a library there and nowhere else.
const { readFileSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');
const ts = require('typescript');

const repo = resolve(__dirname, '..');

/** The root tsconfig's paths, as [alias, absolute target] pairs; a `*` in both marks a wildcard. */
function tsconfigPaths(tsconfigFile = join(repo, 'tsconfig.json')) {
  const text = readFileSync(tsconfigFile, 'utf8');
  const { config, error } = ts.parseConfigFileTextToJson(tsconfigFile, text);
  if (error) throw new Error(`${tsconfigFile}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  const paths = (config.compilerOptions && config.compilerOptions.paths) || {};
  const pairs = Object.entries(paths).map(([alias, targets]) => {
    if (!Array.isArray(targets) || targets.length !== 1) {
      throw new Error(`${tsconfigFile}: paths["${alias}"] must have exactly one target`);
    }
    if (alias.includes('*') !== targets[0].includes('*')) {
      throw new Error(`${tsconfigFile}: paths["${alias}"] must have a * on both sides or on neither`);
    }
    return [alias, resolve(dirname(tsconfigFile), targets[0])];
  });
  // Exact aliases first, then wildcards by the longest prefix, as TypeScript resolves them.
  return pairs.sort(([a], [b]) => Number(a.includes('*')) - Number(b.includes('*')) || b.length - a.length);
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** An alias as a regular expression and its target with `$1` for the wildcard. */
function rule(alias, target) {
  if (!alias.includes('*')) return { find: new RegExp(`^${escape(alias)}$`), replacement: target };
  const [before, after] = alias.split('*');
  return { find: new RegExp(`^${escape(before)}(.*)${escape(after)}$`), replacement: target.replace('*', '$1') };
}

/** jest's moduleNameMapper. */
function jestModuleNameMapper() {
  return Object.fromEntries(
    tsconfigPaths().map(([alias, target]) => {
      const { find, replacement } = rule(alias, target);
      return [find.source, replacement];
    }),
  );
}

/** Vite's resolve.alias. */
function viteAliases() {
  return tsconfigPaths().map(([alias, target]) => rule(alias, target));
}

module.exports = { tsconfigPaths, jestModuleNameMapper, viteAliases };
