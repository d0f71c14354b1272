import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');

export default defineConfig({
  root: here,
  base: '/',
  resolve: { alias: { '@kiosk-pulse/contract': resolve(repo, 'libs/contract/src') } },
  build: {
    outDir: resolve(repo, 'dist/dashboard'),
    emptyOutDir: true,
    // ECharts is most of the bundle, about 200 KB gzipped: a chunk of its own, loaded by the
    // views that draw (import('./charts')), never on the page's first path.
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});
