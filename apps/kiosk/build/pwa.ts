/// <reference types="node" />
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { iconPng } from './icon';

const ICON_SIZES = [192, 512];

/** The web app manifest: what an installed kiosk app is called and looks like. */
function manifest(): string {
  return JSON.stringify(
    {
      name: 'Kiosk Pulse — Điểm hỗ trợ chuyển đổi số',
      short_name: 'Kiosk Pulse',
      description: 'Ghi nhận lượt người dân được hỗ trợ tại kiosk chuyển đổi số của phường, xã.',
      lang: 'vi',
      start_url: './',
      scope: './',
      display: 'standalone',
      orientation: 'any',
      background_color: '#ffffff',
      theme_color: '#0b4f8a',
      icons: [
        ...ICON_SIZES.map((size) => ({ src: `icon-${size}.png`, sizes: `${size}x${size}`, type: 'image/png' })),
        { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    null,
    2,
  );
}

/**
 * Makes the kiosk app installable: the manifest, its icons (drawn at build time) and a service
 * worker that keeps every file of the build, so the app starts offline after its first visit.
 */
export function kioskPwa(): Plugin {
  const files = (): Record<string, string | Buffer> => ({
    'manifest.webmanifest': manifest(),
    ...Object.fromEntries(ICON_SIZES.map((size) => [`icon-${size}.png`, iconPng(size)])),
  });
  return {
    name: 'kiosk-pwa',
    enforce: 'post',
    configureServer(server) {
      const served = files();
      server.middlewares.use((request, response, next) => {
        const name = request.url?.split('?')[0].split('/').pop() ?? '';
        if (!(name in served)) return next();
        response.setHeader('content-type', name.endsWith('.png') ? 'image/png' : 'application/manifest+json');
        response.end(served[name]);
      });
    },
    generateBundle(_options, bundle) {
      const extra = files();
      for (const [fileName, source] of Object.entries(extra)) this.emitFile({ type: 'asset', fileName, source });
      const contents = new Map<string, string | Uint8Array>(Object.entries(extra));
      for (const [name, output] of Object.entries(bundle)) {
        if (!name.endsWith('.map')) contents.set(name, output.type === 'chunk' ? output.code : output.source);
      }
      const shell = ['./', ...[...contents.keys()].sort()];
      // The cache is named after the build's contents: any change is a new cache.
      const hash = createHash('sha256');
      for (const name of shell.slice(1)) hash.update(name).update(contents.get(name) ?? '');
      const worker = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'service-worker.js'), 'utf8')
        .replace('__VERSION__', hash.digest('hex').slice(0, 16))
        .replace('__SHELL__', JSON.stringify(shell));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: worker });
    },
  };
}
