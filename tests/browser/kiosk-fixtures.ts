/// <reference lib="dom" />
// Some callbacks below run in the page, where the DOM is.
import type { KioskPairingCode } from '@kiosk-pulse/contract';
import type { Page } from 'playwright-core';
import { seriousViolations } from '../support/axe';
import { artifact } from '../support/browser';
import { call } from '../support/http';

/** The sizes the kiosk app is used at: a phone, a 10" tablet upright and on its side. */
export const PHONE = { width: 390, height: 844 };
export const TABLET_PORTRAIT = { width: 800, height: 1280 };
export const TABLET = { width: 1280, height: 800 };
const SIZES = { phone: PHONE, 'tablet-portrait': TABLET_PORTRAIT, tablet: TABLET } as const;

/** A pairing code for a kiosk, as an admin asks the API for one. */
export async function pairingCode(url: string, kioskId: string): Promise<KioskPairingCode> {
  const reply = await call<KioskPairingCode>(`${url}/api/v1/kiosks/${kioskId}/pairing-code`, { method: 'POST' });
  expect(reply.status).toBe(201);
  return reply.body;
}

/**
 * The screen at each size: no horizontal scroll, no serious axe finding, targets of 48 px, and a
 * screenshot (test-artifacts/dashboard/kiosk-app-<name>-<size>.png) at the phone's and the tablet's.
 */
export async function checkScreen(page: Page, name: string): Promise<void> {
  for (const [size, viewport] of Object.entries(SIZES)) {
    await page.setViewportSize(viewport);
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect({ name, size, ...widths, fits: widths.scroll <= widths.client }).toMatchObject({ fits: true });
    const small = await page.$$eval('button, input', (elements) =>
      elements
        .map((element) => ({ text: element.textContent || element.id, box: element.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0 && (box.height < 48 || box.width < 48))
        .map(({ text }) => text),
    );
    expect({ name, size, small }).toEqual({ name, size, small: [] });
    expect({ name, size, violations: await seriousViolations(page) }).toEqual({ name, size, violations: [] });
    if (size !== 'tablet-portrait') {
      await page.screenshot({ path: artifact(`kiosk-app-${name}-${size}.png`), fullPage: true });
    }
  }
  await page.setViewportSize(PHONE);
}

/** No Vietnamese left in English, but for names (a kiosk's, a ward's) and the language's own name. */
export async function expectEnglishOnly(page: Page, name: string): Promise<void> {
  const text = await page.evaluate(() => {
    const copy = document.body.cloneNode(true) as HTMLElement;
    for (const element of copy.querySelectorAll('[translate="no"], [lang="vi"], noscript')) element.remove();
    return copy.innerText;
  });
  expect({ name, vietnamese: text.match(/\S*[^ -~–—‘’“”…✓○●\s]\S*/gu) ?? [] }).toEqual({ name, vietnamese: [] });
}
