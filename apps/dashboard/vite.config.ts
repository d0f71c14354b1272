import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type AliasOptions } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
// The @kiosk-pulse/* aliases come from the root tsconfig.json's paths, as jest's do.
const { viteAliases } = createRequire(import.meta.url)('../../scripts/path-aliases.cjs') as {
  viteAliases: () => AliasOptions;
};

export default defineConfig({
  root: here,
  base: '/',
  resolve: { alias: viteAliases() },
  build: {
    outDir: resolve(repo, 'dist/dashboard'),
    emptyOutDir: true,
    // ECharts is most of the bundle, about 200 KB gzipped: a chunk of its own, loaded by the
    // views that draw (import('./charts/overview-charts')), never on the page's first path.
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      // The dashboard, the public page of a share link (/share/#<token>), which signs no one in,
      // and the printable report page (/report/) Chromium prints to PDF.
      input: {
        dashboard: resolve(here, 'index.html'),
        share: resolve(here, 'share/index.html'),
        report: resolve(here, 'report/index.html'),
      },
      output: {
        // Named for what it holds: left to itself the bundler names the chunk after whichever
        // small module of the charts' code it happens to start from.
        manualChunks: (id) => (/[\\/]node_modules[\\/](echarts|zrender)[\\/]/.test(id) ? 'echarts' : undefined),
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});
