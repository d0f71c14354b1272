/**
 * Takes the screenshots in docs/ from a running demo (`npm start -- --demo`), so they show a
 * day of realistic traffic rather than a test's handful of visits:
 *
 *   npm run screenshots                       # http://localhost:3000, secrets from ./data
 *   npm run screenshots -- --url http://localhost:3900 --data /tmp/demo-data
 *
 * Each view in Vietnamese and English, at a desk (1440 × 900), on a tablet (1024 × 768), on a
 * wall screen (1920 × 1080, `?wall=1`) and on a phone (390 × 844).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

const { values: options } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:3000' },
    data: { type: 'string', default: process.env.DATA_DIR ?? './data' },
    out: { type: 'string', default: 'docs' },
    ward: { type: 'string', default: '26740' },
  },
});

const LANGUAGES = ['vi', 'en'] as const;
type Language = (typeof LANGUAGES)[number];

const SIZES = {
  desk: { width: 1440, height: 900 },
  tablet: { width: 1024, height: 768 },
  wall: { width: 1920, height: 1080 },
  phone: { width: 390, height: 844 },
} as const;

/**
 * Name (without language), size, the address after the origin, and optionally a link to follow
 * from there (a campaign's page: its id is the demo's own) or a part of the page to scroll to
 * (a target ranking, under the admin's forms and the list).
 */
const SHOTS: [string, keyof typeof SIZES, string, { click?: string; scrollTo?: string }?][] = [
  ['dashboard', 'desk', '/#/'],
  ['ward', 'desk', `/?ward=${options.ward}#/`],
  ['analysis', 'desk', '/#/analysis'],
  // 30 days per 10,000 residents: the demo's history, and the populations' sources beside the rates.
  ['map', 'desk', '/?map.range=30d&map.per10k=1#/map'],
  ['fleet', 'desk', '/#/kiosks'],
  // The first ranking, drawn and tabled, under the admin's forms and the list of every target.
  ['targets', 'desk', '/#/targets', { scrollTo: '.target-ranking' }],
  // The demo's kiosk day at Khu phố 28 in Phường Tân Sơn Hòa, compared with ordinary days.
  ['campaigns', 'desk', '/#/campaigns', { click: '#campaigns-table tr:has-text("Khu phố 28") a' }],
  // The demo's alert rules and what they opened; then the reports: download, subscriptions, deliveries.
  ['alerts', 'desk', '/#/alerts'],
  ['reports', 'desk', '/#/reports'],
  ['tablet', 'tablet', '/#/'],
  ['wall', 'wall', '/?wall=1&every=3600#/'],
  ['phone', 'phone', '/#/'],
];

function adminPassword(): string {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  const file = join(options.data, 'demo-secrets.json');
  const secrets = JSON.parse(readFileSync(file, 'utf8')) as { adminPassword?: string };
  if (!secrets.adminPassword) throw new Error(`no adminPassword in ${file}: set ADMIN_PASSWORD`);
  return secrets.adminPassword;
}

async function signedInContext(browser: Browser, language: Language, size: keyof typeof SIZES) {
  const context = await browser.newContext({ viewport: SIZES[size], locale: language === 'vi' ? 'vi-VN' : 'en-GB' });
  await context.addInitScript((chosen) => localStorage.setItem('kioskPulse.language', chosen), language);
  const page = await context.newPage();
  await page.goto(`${options.url}/`);
  await page.fill('#login-username', process.env.ADMIN_USERNAME ?? 'admin');
  await page.fill('#login-password', adminPassword());
  await page.click('#login-submit');
  await page.waitForSelector('#current-user:not(:empty)');
  await page.close();
  return context;
}

async function shoot(
  context: BrowserContext,
  name: string,
  path: string,
  then: { click?: string; scrollTo?: string } = {},
): Promise<void> {
  const page = await context.newPage();
  await page.goto(`${options.url}${path}`);
  await page.waitForLoadState('networkidle');
  if (then.click) {
    await page.locator(then.click).first().click();
    await page.waitForLoadState('networkidle');
  }
  // Its top at the top of the screen (a part taller than the screen would be centred).
  if (then.scrollTo)
    await page
      .locator(then.scrollTo)
      .first()
      .evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(1_500); // the charts' entrance animation
  await page.screenshot({ path: join(options.out, `${name}.png`) });
  await page.close();
  console.log(`${options.out}/${name}.png`);
}

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    for (const language of LANGUAGES) {
      for (const [name, size, path, follow] of SHOTS) {
        const context = await signedInContext(browser, language, size);
        await shoot(context, language === 'vi' ? name : `${name}-en`, path, follow);
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
