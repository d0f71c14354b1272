/// <reference lib="dom" />
// Some callbacks below run in the page, where the DOM is.
import type { Page } from 'playwright-core';
import { useDashboard, type Person } from '../support/browser';
import { takeCanvasText, waitForCanvasText } from '../support/canvas-text';
import { CHANH_HIEP, createKiosk, createUser, post, SAI_GON, visits, waitForPeople } from './fixtures';

const TAN_SON_HOA = '26977'; // no kiosk

/** Current hour in the city, 0-23, computed apart from the dashboard's code. */
const cityHour = (): number =>
  Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', hourCycle: 'h23' }).format(),
  );

/** What a user is offered and told: scopes they may read, refusals, empty and loading states. */
describe('overview scope and states', () => {
  const test = useDashboard();
  let staff: Person;
  let official: Person;

  const open = async (user: Person, path = '/'): Promise<Page> => {
    const page = await test.open(user, { viewport: { width: 1440, height: 900 }, canvasText: true });
    if (path !== '/') {
      await page.goto(`${test.url}${path}`);
      await page.waitForSelector(`#current-user:has-text("${user.username}")`);
    }
    return page;
  };
  const options = (page: Page, select: string) =>
    page.$$eval(`${select} option:not([disabled])`, (items) => items.map((item) => (item as HTMLOptionElement).value));

  beforeAll(async () => {
    const saiGon = await createKiosk(test.url, SAI_GON, 'Nhà văn hóa khu phố 1');
    const chanhHiep = await createKiosk(test.url, CHANH_HIEP, 'UBND phường');
    staff = await createUser(test.url, 'ward.saigon', 'ward_staff', SAI_GON);
    official = await createUser(test.url, 'official', 'city_official', null);
    await post(test.url, saiGon.key, visits(4, Date.now(), '65_74'));
    await post(test.url, chanhHiep.key, visits(2, Date.now(), '31_44'));
    await waitForPeople(test.url, {}, 6);
  });

  it('offers ward staff only the city and their own ward, and links only their ward in the ranking', async () => {
    const page = await open(staff);
    await page.waitForSelector('#kpi-people:text-is("4")');
    expect(await options(page, '#ward')).toEqual(['', SAI_GON]);
    expect(await page.isVisible('#ward-filter')).toBe(false);
    await page.waitForSelector('#ranking a');
    const links = await page.$$eval('#ranking a', (anchors) => anchors.map((a) => a.getAttribute('href')));
    expect(links).toEqual([`/?ward=${SAI_GON}#/`]);
    await page.click('#nav-analysis');
    await page.waitForSelector('#analysis-people:text-is("4")');
    expect(await options(page, '#analysis-ward')).toEqual(['', SAI_GON]);
    await page.context().close();
  });

  it("says so when the server refuses another ward's page, and does not show it as live", async () => {
    const page = await open(staff, `/?ward=${CHANH_HIEP}#/`);
    await page.waitForSelector('#board-error:has-text("không có quyền")');
    await page.waitForSelector('#status[data-state="refused"]');
    expect(await page.textContent('#status')).not.toContain('Trực tiếp');
    expect(await page.textContent('#kpi-people')).toBe('–');
    expect(await options(page, '#ward')).toEqual(['', SAI_GON]);
    // Their own ward, chosen again, is live.
    await page.selectOption('#ward', SAI_GON);
    await page.waitForSelector('#status[data-state="live"]');
    await page.waitForSelector('#kpi-people:text-is("4")');
    expect(await page.textContent('#board-error')).toBe('');
    await page.context().close();
  });

  it('links every ward for a city official, and says when a ward has no kiosk', async () => {
    const page = await open(official);
    await page.waitForSelector('#kpi-people:text-is("6")');
    await page.waitForSelector('#ranking a');
    expect(await page.$$eval('#ranking tr', (rows) => rows.every((row) => row.querySelector('a')))).toBe(true);
    await page.selectOption('#ward', TAN_SON_HOA);
    await page.waitForSelector('#board-note:has-text("chưa có kiosk")');
    await page.waitForSelector('#kpi-people:text-is("0")');
    await page.click('#nav-analysis');
    await page.selectOption('#analysis-ward', TAN_SON_HOA);
    await page.waitForSelector('#analysis-kiosks td.empty');
    await page.context().close();
  });

  it('draws today up to the hour under way, people and guides on axes of their own', async () => {
    const page = await open(official);
    const drawn = await waitForCanvasText(page, 'chart-hourly', (text) => text === 'Lượt hướng dẫn, tài khoản');
    expect(drawn.some((item) => item.text === 'Lượt người')).toBe(true);
    await page.waitForSelector('#chart-hourly-table tbody tr', { state: 'attached' });
    const before = cityHour();
    const rows = await page.$$eval('#chart-hourly-table tbody tr', (trs) => trs.length);
    const after = cityHour();
    // 00h to the hour under way, not one hour more.
    expect([before + 1, after + 1]).toContain(rows);
    await takeCanvasText(page);
    await page.context().close();
  });
});
