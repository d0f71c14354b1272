import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type AliasOptions } from 'vite';
import { kioskPwa } from './build/pwa';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const require = createRequire(import.meta.url);
// The @kiosk-pulse/* aliases come from the root tsconfig.json's paths, as the dashboard's do.
const { viteAliases } = require('../../scripts/path-aliases.cjs') as { viteAliases: () => AliasOptions };
const { version } = require('../../package.json') as { version: string };

export default defineConfig({
  root: here,
  // Relative, so that the built files work wherever they are served (the api serves them at /kiosk/).
  base: './',
  resolve: { alias: viteAliases() },
  define: { __APP_VERSION__: JSON.stringify(version) },
  plugins: [kioskPwa()],
  build: {
    outDir: resolve(repo, 'dist/kiosk'),
    emptyOutDir: true,
    // Browsers that run the app know modulepreload; the polyfill would only add weight.
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
