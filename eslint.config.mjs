import { builtinModules } from 'node:module';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// Which code may import which (the other half, no import cycles, is `depcruise` in `npm run lint`).
// Imports are matched as written, relative ones too, so each pattern also catches `../../x/src`.
const APP = /** @param {string} name */ (name) => `(^|/)(apps/${name}|${name}/src)(/|$)`;
const anyAppBut = /** @param {string} self */ (self) =>
  ['api', 'worker', 'dashboard', 'kiosk'].filter((name) => name !== self).map(APP);

/** An app never imports another app: what two apps share goes into a library. */
const appBoundary = (self) => ({
  files: [`apps/${self}/src/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: anyAppBut(self).map((regex) => ({
          regex,
          message: 'An app does not import another app: move what both need into libs/.',
        })),
      },
    ],
  },
});

/**
 * Code that runs in a browser: the browser-safe library entries only, no Node, no server library.
 * ESLint gives a file the options of the last config that sets a rule for it, not a merge: a
 * further import rule for the same files goes into this list, or it silently drops this one.
 */
const browserApp = (self, { files = [`apps/${self}/src/**/*.ts`], ignores = [], more = [] } = {}) => ({
  files,
  ignores,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: builtinModules.map((name) => ({ name, message: 'Browser code: no Node modules.' })),
        patterns: [
          ...anyAppBut(self).map((regex) => ({
            regex,
            message: 'An app does not import another app: move what both need into libs/.',
          })),
          {
            regex: '^node:',
            message: 'Browser code: no Node modules.',
          },
          {
            // Only the entries built for browsers: @kiosk-pulse/contract (not /validation, not a
            // file of it) and @kiosk-pulse/kiosk-client (not /file-event-store).
            regex: '^@kiosk-pulse/(?!(contract|kiosk-client)$)',
            message:
              'Browser code imports only @kiosk-pulse/contract and @kiosk-pulse/kiosk-client: no deep import, no server library.',
          },
          {
            regex: '(^|/)libs/',
            message: 'Import a library by its @kiosk-pulse/* name, not by a path.',
          },
          ...more,
        ],
      },
    ],
  },
});

/**
 * ECharts comes in through one door, charts/echarts.ts: it registers what the dashboard draws (so
 * the bundle holds only that) and hands the rest of the dashboard what it needs, types included.
 */
const ECHARTS_DOOR = 'apps/dashboard/src/charts/echarts.ts';
const echartsOnlyThroughTheDoor = {
  regex: '^echarts(/|$)',
  message: `ECharts is imported by ${ECHARTS_DOOR} only: take it from there.`,
};

/**
 * The public page of a share link (src/share/, its own Vite entry) signs no one in: of the
 * dashboard it imports the shared helpers only (charts, formatting, words, DOM, screen size), so
 * no signed-in code (API client, session, views) is in its bundle.
 */
const SHARE_PAGE = 'apps/dashboard/src/share/**/*.ts';
const sharedHelpersOnly = {
  regex: '^\\.\\./(?!(charts/|format$|age-counts$|i18n$|dom$|wall$))',
  message: 'The public page imports only the dashboard’s shared helpers: charts/, format, age-counts, i18n, dom, wall.',
};

export default tseslint.config(
  { ignores: ['dist/', 'data/', 'coverage/', 'node_modules/', 'test-artifacts/', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Type-aware: each file is checked with the tsconfig.json nearest to it (the root one, or the dashboard's).
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },
  {
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  appBoundary('api'),
  appBoundary('worker'),
  browserApp('kiosk'),
  browserApp('dashboard', { ignores: [ECHARTS_DOOR], more: [echartsOnlyThroughTheDoor] }),
  browserApp('dashboard', { files: [ECHARTS_DOOR] }),
  browserApp('dashboard', { files: [SHARE_PAGE], more: [echartsOnlyThroughTheDoor, sharedHelpersOnly] }),
  {
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(apps/[^/]+|(api|worker|dashboard|kiosk)/src)(/|$)',
              message: 'A library never imports an app: the app imports the library.',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
