import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from './app';
import { recordCanvasText } from './canvas-text';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots and figures the browser tests leave behind (git-ignored); current ones go to docs/. */
export const ARTIFACTS = join(__dirname, '../../test-artifacts/dashboard');

/** Debian's Chromium, headless; .ci/run installs it when it is missing. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** The path of an artefact, its directory made if need be. */
export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/** Signs in through the dashboard's own form and waits for the signed-in page. */
export async function signInAs(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.fill('#login-username', username);
  await page.fill('#login-password', password);
  await page.click('#login-submit');
  await page.waitForSelector(`#current-user:has-text("${username}")`);
}

export interface Person {
  username: string;
  password: string;
}

/** A fresh browser profile: Playwright's context options (1400 x 1000 unless `viewport` says), and these. */
export interface PageOptions extends BrowserContextOptions {
  /** Record the texts charts draw on their canvases (see canvas-text.ts). */
  canvasText?: boolean;
  /** The dashboard's language, as a person who picked it has it kept (Vietnamese unless told). */
  language?: 'vi' | 'en';
}

/**
 * The first page of a fresh browser profile (a context of its own: close it with
 * `page.context().close()`), not yet on the dashboard.
 */
export async function newPage(browser: Browser, options: PageOptions = {}): Promise<Page> {
  const { canvasText, language, ...contextOptions } = options;
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, ...contextOptions });
  if (canvasText) await recordCanvasText(context);
  if (language === 'en') await context.addInitScript(() => localStorage.setItem('kioskPulse.language', 'en'));
  return context.newPage();
}

/** The app and Chromium of a browser test's describe block; used in its hooks and tests only. */
export interface DashboardSuite {
  readonly app: TestApp;
  readonly url: string;
  readonly browser: Browser;
  /** A fresh profile's page, not signed in yet (routes and listeners go on it first). */
  page(options?: PageOptions): Promise<Page>;
  signIn(page: Page, person: Person): Promise<void>;
  /** A fresh profile's page, signed in as `person`. */
  open(person: Person, options?: PageOptions): Promise<Page>;
}

/**
 * Call first in a describe block: starts the whole app (startTestApp, with these options) and
 * Chromium before the block's own beforeAll, and stops both after its tests.
 */
export function useDashboard(options?: Parameters<typeof startTestApp>[0]): DashboardSuite {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    app = await startTestApp(options);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the dashboard suite is not started: use it in hooks and tests');
    return value;
  };
  const suite: DashboardSuite = {
    get app() {
      return started(app);
    },
    get url() {
      return started(app).url;
    },
    get browser() {
      return started(browser);
    },
    page: (options) => newPage(suite.browser, options),
    signIn: (page, person) => signInAs(page, suite.url, person.username, person.password),
    async open(person, options) {
      const page = await suite.page(options);
      await suite.signIn(page, person);
      return page;
    },
  };
  return suite;
}
