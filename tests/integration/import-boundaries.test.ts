import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const repo = join(__dirname, '../..');

/**
 * The import rules of eslint.config.mjs (no-restricted-imports), run by ESLint's Linter on
 * imports written into files of each place, so a pattern that stops matching is noticed.
 * ESLint's config is an ES module: a child node process reads it.
 */
function restricted(cases: { file: string; from: string }[]): boolean[] {
  const script = `
    import { Linter } from 'eslint';
    const config = (await import('./eslint.config.mjs')).default
      .filter((entry) => entry.files && entry.rules?.['no-restricted-imports']);
    const linter = new Linter({ cwd: process.cwd() });
    const cases = JSON.parse(process.argv[1]);
    console.log(JSON.stringify(cases.map(({ file, from }) =>
      linter.verify(\`import x from '\${from}';\\nexport default x;\\n\`, config, file)
        .some((message) => message.ruleId === 'no-restricted-imports'))));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(cases)], {
    cwd: repo,
    encoding: 'utf8',
  });
  return JSON.parse(out) as boolean[];
}

const refused = [
  // An app never imports another app.
  { file: 'apps/api/src/api.module.ts', from: '../../worker/src/worker.module' },
  { file: 'apps/api/src/stats/stats.service.ts', from: '../../../dashboard/src/format' },
  { file: 'apps/worker/src/main.ts', from: '../../api/src/config/api-config' },
  { file: 'apps/worker/src/x/y.ts', from: '../../../dashboard/src/format' },
  // A library never imports an app.
  { file: 'libs/database/src/pool.ts', from: '../../../apps/api/src/config/api-config' },
  { file: 'libs/contract/src/api.ts', from: '../../../apps/worker/src/config' },
  // Browser code: browser-safe entries only.
  { file: 'apps/kiosk/src/main.ts', from: '@kiosk-pulse/contract/validation' },
  { file: 'apps/kiosk/src/main.ts', from: '@kiosk-pulse/contract/events' },
  { file: 'apps/kiosk/src/main.ts', from: '@kiosk-pulse/database' },
  { file: 'apps/kiosk/src/main.ts', from: '@kiosk-pulse/kiosk-client/file-event-store' },
  { file: 'apps/kiosk/src/main.ts', from: 'node:fs' },
  { file: 'apps/kiosk/src/main.ts', from: 'crypto' },
  { file: 'apps/kiosk/src/main.ts', from: '../../../libs/contract/src' },
  { file: 'apps/kiosk/src/main.ts', from: '../../api/src/config/api-config' },
  // The dashboard too: the bare contract and kiosk-client entries, no Node, no server library.
  { file: 'apps/dashboard/src/views/analysis.ts', from: '@kiosk-pulse/contract/counts' },
  { file: 'apps/dashboard/src/main.ts', from: '@kiosk-pulse/contract/validation' },
  { file: 'apps/dashboard/src/charts/overview-charts.ts', from: '@kiosk-pulse/contract/events' },
  { file: 'apps/dashboard/src/api.ts', from: '@kiosk-pulse/database' },
  { file: 'apps/dashboard/src/live.ts', from: '@kiosk-pulse/redis' },
  { file: 'apps/dashboard/src/views/map.ts', from: '@kiosk-pulse/kiosk-client/file-event-store' },
  { file: 'apps/dashboard/src/main.ts', from: 'node:url' },
  { file: 'apps/dashboard/src/views/analysis.ts', from: 'path' },
  { file: 'apps/dashboard/src/api.ts', from: '../../../libs/contract/src/api' },
  { file: 'apps/dashboard/src/main.ts', from: '../../api/src/config/api-config' },
  // The dashboard reaches ECharts through charts/echarts.ts only.
  { file: 'apps/dashboard/src/views/map.ts', from: 'echarts/core' },
  { file: 'apps/dashboard/src/views/analysis.ts', from: 'echarts' },
  { file: 'apps/dashboard/src/charts/overview-charts.ts', from: 'echarts/charts' },
  { file: 'apps/dashboard/src/charts/analysis.options.ts', from: 'echarts/types/dist/shared' },
  // ... and the door keeps the browser's rule.
  { file: 'apps/dashboard/src/charts/echarts.ts', from: 'node:fs' },
  { file: 'apps/dashboard/src/charts/echarts.ts', from: '@kiosk-pulse/contract/counts' },
];
const allowed = [
  { file: 'apps/worker/src/main.ts', from: '@kiosk-pulse/database' },
  { file: 'apps/api/src/main.ts', from: '@kiosk-pulse/runtime' },
  { file: 'apps/api/src/stats/stats.service.ts', from: '../access/principal' },
  { file: 'apps/worker/src/main.ts', from: './worker-http' },
  { file: 'libs/database/src/pool.ts', from: '@kiosk-pulse/runtime' },
  { file: 'apps/kiosk/src/main.ts', from: '@kiosk-pulse/contract' },
  { file: 'apps/kiosk/src/main.ts', from: '@kiosk-pulse/kiosk-client' },
  { file: 'apps/kiosk/src/main.ts', from: './api' },
  { file: 'apps/kiosk/src/main.ts', from: 'echarts/core' },
  { file: 'apps/dashboard/src/views/analysis.ts', from: '@kiosk-pulse/contract' },
  { file: 'apps/dashboard/src/main.ts', from: '@kiosk-pulse/kiosk-client' },
  { file: 'apps/dashboard/src/live.ts', from: 'socket.io-client' },
  { file: 'apps/dashboard/src/views/map.ts', from: '../api' },
  { file: 'apps/dashboard/src/charts/echarts.ts', from: 'echarts/core' },
  { file: 'apps/dashboard/src/charts/echarts.ts', from: 'echarts/components' },
  { file: 'apps/dashboard/src/charts/echarts.ts', from: '@kiosk-pulse/contract' },
  { file: 'apps/dashboard/src/views/map.ts', from: '../charts/echarts' },
  { file: 'apps/dashboard/src/charts/overview-charts.ts', from: './echarts' },
  { file: 'scripts/simulate.ts', from: '../apps/api/src/config/api-config' },
];

describe('import boundaries (eslint.config.mjs)', () => {
  it('refuses what crosses a boundary and lets the rest through', () => {
    const results = restricted([...refused, ...allowed]);
    expect(results.map((refusedNow, i) => ({ ...[...refused, ...allowed][i], refused: refusedNow }))).toEqual([
      ...refused.map((entry) => ({ ...entry, refused: true })),
      ...allowed.map((entry) => ({ ...entry, refused: false })),
    ]);
  });
});
