import type { Page } from 'playwright-core';
import { useDashboard } from '../support/browser';
import { call } from '../support/http';
import { createUser } from './fixtures';

const TAN_SON_HOA = '26977';

/** The ward search finds a ward however its name is typed, or by its code, and one match opens it. */
describe('ward search', () => {
  const test = useDashboard();
  let page: Page;

  beforeAll(async () => {
    const official = await createUser(test.url, 'official', 'city_official', null);
    page = await test.open(official);
  });

  it('folds accents and both tone-mark placements, and matches codes, in the API', async () => {
    for (const query of [
      'Tân Sơn Hoà', // the tone mark on the a, as many keyboards put it
      'Tân Sơn Hòa',
      'Tân Sơn Hoà'.normalize('NFD'),
      'tan son hoa',
      'son hoa',
      TAN_SON_HOA,
    ]) {
      const reply = await call<{ code: string }[]>(`${test.url}/api/v1/wards?q=${encodeURIComponent(query)}`);
      expect({ query, codes: reply.body.map((ward) => ward.code) }).toEqual({ query, codes: [TAN_SON_HOA] });
    }
    // A code's first digits find every ward whose code starts with them.
    const prefix = await call<{ code: string }[]>(`${test.url}/api/v1/wards?q=2697`);
    expect(prefix.body.map((ward) => ward.code)).toContain(TAN_SON_HOA);
    expect(prefix.body.every((ward) => ward.code.startsWith('2697'))).toBe(true);
  });

  it.each(['Tân Sơn Hoà', 'tan son hoa', 'son hoa', TAN_SON_HOA])(
    'opens Phường Tân Sơn Hòa from "%s" in the overview',
    async (query) => {
      await page.fill('#ward-filter', '');
      await page.selectOption('#ward', '');
      await page.waitForSelector('#scope-title:has-text("Toàn thành phố")');
      await page.fill('#ward-filter', query);
      await page.waitForFunction(
        (code) => document.querySelector<HTMLSelectElement>('#ward')?.value === code,
        TAN_SON_HOA,
      );
      await page.waitForSelector('#scope-title:has-text("Phường Tân Sơn Hòa")');
      expect(new URL(page.url()).searchParams.get('ward')).toBe(TAN_SON_HOA);
    },
  );

  it('narrows the list to the matches when there are several', async () => {
    await page.fill('#ward-filter', '');
    await page.selectOption('#ward', '');
    await page.fill('#ward-filter', 'tan son');
    await page.waitForFunction(() => document.querySelectorAll('#ward option').length < 10);
    const options = await page.$$eval('#ward option', (items) => items.map((item) => item.textContent ?? ''));
    expect(options).toEqual(expect.arrayContaining([expect.stringContaining('Tân Sơn Hòa')]));
    expect(options.slice(1).every((name) => name.includes('Tân Sơn'))).toBe(true);
    expect(await page.inputValue('#ward')).toBe('');
  });
});
