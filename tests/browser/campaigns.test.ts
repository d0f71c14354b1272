/// <reference lib="dom" />
// Some callbacks below run in the page, where the DOM is.
import { randomUUID } from 'node:crypto';
import type { Campaign, CampaignComparison, CampaignFigures } from '@kiosk-pulse/contract';
import { kioskClock } from '@kiosk-pulse/demo';
import type { Page } from 'playwright-core';
import { seriousViolations } from '../support/axe';
import { artifact, useDashboard, type Person } from '../support/browser';
import { takeCanvasText, waitForCanvasText } from '../support/canvas-text';
import { call } from '../support/http';
import { SAI_GON, afterFrames, cityDay, createKiosk, createUser, post, shown } from './fixtures';

/** `count` visits at `at` (ms), a second apart, aged 60–64 so an age mix would have something to show. */
const visitsAt = (at: number, count: number): object[] =>
  Array.from({ length: count }, (_, index) => ({
    id: randomUUID(),
    type: 'visit_started',
    occurredAt: kioskClock(at + index * 1_000),
    ageGroup: '60_64',
    helperRole: 'youth_volunteer',
  }));

/** A rate of the API (two decimals) as the page writes it in Vietnamese, worked out apart from it. */
const rate = (value: number | null): string =>
  value === null ? '–' : new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(value);

/** The cells of one line of the comparison table: the campaign's hours, ordinary days, the ward's other kiosks. */
const line = (page: Page, key: string): Promise<string[]> =>
  page.$$eval(`#campaign-table tr[data-line="${key}"] td`, (cells) => cells.map((cell) => cell.textContent ?? ''));

/** Kiosk days and campaigns (issue 17): recorded in the page, listed, compared, marked on the trend charts. */
describe('campaigns', () => {
  const test = useDashboard();
  let staff: Person;
  let official: Person;
  let staffToken: string;
  const kiosks: Record<'first' | 'second' | 'other', { id: string; key: string }> = {} as never;
  const today = cityDay(0);
  const name = 'Ngày hội Đại đoàn kết (thử)';

  beforeAll(async () => {
    staff = await createUser(test.url, 'staff.campaigns', 'ward_staff', SAI_GON);
    official = await createUser(test.url, 'official.campaigns', 'city_official', null);
    staffToken = (await call<{ token: string }>(`${test.url}/api/v1/auth/login`, { token: null, json: staff })).body
      .token;
    kiosks.first = await createKiosk(test.url, SAI_GON, 'Kiosk Khu phố 28 – 1');
    kiosks.second = await createKiosk(test.url, SAI_GON, 'Kiosk Khu phố 28 – 2');
    kiosks.other = await createKiosk(test.url, SAI_GON, 'Kiosk UBND phường');
    // Today, the campaign's day: a few minutes ago, and never before the city day began.
    const dayStart = Date.parse(`${today}T00:00:00+07:00`);
    const recently = Math.max(Date.now() - 10 * 60_000, dayStart + 60_000);
    await post(test.url, kiosks.first.key, visitsAt(recently, 6));
    await post(test.url, kiosks.second.key, visitsAt(recently, 2));
    await post(test.url, kiosks.other.key, visitsAt(recently, 3));
    // An ordinary day three days before, inside the opening hours the comparison counts.
    await post(test.url, kiosks.first.key, visitsAt(Date.parse(`${cityDay(-3)}T10:00:00+07:00`), 4));
  }, 60_000);

  const listed = async (token: string): Promise<Campaign[]> => {
    const reply = await call<Campaign[]>(`${test.url}/api/v1/campaigns`, { token });
    expect(reply.status).toBe(200);
    return reply.body;
  };

  it('lets ward staff record a campaign, lists it, draws its comparison as the API gives it, and marks it on the overview', async () => {
    const page = await test.open(staff, { viewport: { width: 1280, height: 900 }, canvasText: true });
    await page.click('#nav-campaigns');
    await page.waitForSelector('#campaigns:not([hidden]) #campaigns-table');
    // Ward staff record their own ward's: the ward is theirs, its kiosks to tick.
    expect(await page.$eval('#campaign-ward', (select) => (select as HTMLSelectElement).value)).toBe(SAI_GON);
    await page.fill('#campaign-name', name);
    await page.fill('#campaign-place', 'Khu phố 28');
    await page.fill('#campaign-start', `${today}T00:00`);
    await page.fill('#campaign-end', `${today}T23:30`);
    await page.check(`input[name="campaign-kiosk"][value="${kiosks.first.id}"]`);
    await page.check(`input[name="campaign-kiosk"][value="${kiosks.second.id}"]`);
    await page.click('#campaign-submit');
    await page.waitForSelector(`#campaign-form-status:has-text("Đã ghi")`);

    const [campaign] = await listed(staffToken);
    expect(campaign).toEqual(
      expect.objectContaining({
        name,
        wardCode: SAI_GON,
        place: 'Khu phố 28',
        recordedBy: 'user:staff.campaigns',
      }),
    );
    expect([...campaign.kioskIds].sort()).toEqual([kiosks.first.id, kiosks.second.id].sort());
    // The form's hours are the city's.
    expect(Date.parse(campaign.startsAt)).toBe(Date.parse(`${today}T00:00:00+07:00`));
    expect(Date.parse(campaign.endsAt)).toBe(Date.parse(`${today}T23:30:00+07:00`));

    // Listed, with its place; its name opens its page.
    const row = page.locator(`#campaigns-table tr[data-campaign="${campaign.id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Khu phố 28');
    await row.locator('a').click();
    await page.waitForSelector('#campaign:not([hidden]) #campaign-table');
    expect(page.url()).toContain(`#/campaigns/${campaign.id}`);
    expect(await page.textContent('#campaign-title')).toBe(name);

    const comparison = (
      await call<CampaignComparison>(`${test.url}/api/v1/campaigns/${campaign.id}/comparison`, { token: staffToken })
    ).body;
    // What was sent: 8 visits at the campaign's kiosks today, 3 at the ward's other, 4 on an ordinary day.
    expect(comparison.campaignHours.visits).toBe(8);
    expect(comparison.wardOtherKiosks.visits).toBe(3);
    expect(comparison.ordinaryDays.visits).toBe(4);
    const sides: CampaignFigures[] = [comparison.campaignHours, comparison.ordinaryDays, comparison.wardOtherKiosks];
    expect(await line(page, 'visits')).toEqual(sides.map((side) => shown(side.visits)));
    expect(await line(page, 'visitsPerHour')).toEqual(sides.map((side) => rate(side.visitsPerHour)));
    expect(await line(page, 'hours')).toEqual(sides.map((side) => shown(side.hoursOpen)));
    expect(await line(page, 'outcomes')).toEqual(sides.map((side) => shown(side.outcomes)));
    // The API gives totals only (docs/privacy.md): the page says the age mix is not published.
    expect(comparison.campaignHours.share60Plus).toBeNull();
    expect(await line(page, 'share60Plus')).toEqual(['không công bố', 'không công bố', 'không công bố']);
    expect(await page.textContent('#campaign-privacy')).toContain('docs/privacy.md');
    expect(await page.textContent('#campaign-definition')).toBe(comparison.definition.vi);
    // The chart: a bar a side, each labelled with its visits per hour.
    await waitForCanvasText(page, 'campaign-chart', (text) => text === rate(comparison.campaignHours.visitsPerHour));
    await afterFrames(page, 300);
    await page.screenshot({ path: artifact('campaign-page-1280.png'), fullPage: true });
    expect({ view: 'campaign', violations: await seriousViolations(page) }).toEqual({
      view: 'campaign',
      violations: [],
    });

    // The overview's hourly chart marks it, named over its hours.
    await takeCanvasText(page);
    await page.click('#nav-overview');
    await waitForCanvasText(page, 'chart-hourly', (text) => text === name);
    await page.context().close();
  }, 120_000);

  it('lets ward staff change and delete a campaign from its page', async () => {
    const [campaign] = await listed(staffToken);
    const page = await test.open(staff, { viewport: { width: 1280, height: 900 } });
    await page.goto(`${test.url}/#/campaigns/${campaign.id}`);
    await page.waitForSelector('#campaign:not([hidden]) #campaign-table');
    await page.click('#campaign-actions button:has-text("Sửa")');
    await page.waitForSelector('#campaigns:not([hidden]) #campaign-cancel:not([hidden])');
    expect(await page.inputValue('#campaign-name')).toBe(name);
    expect(await page.inputValue('#campaign-start')).toBe(`${today}T00:00`);
    await page.fill('#campaign-name', `${name} – đổi tên`);
    await page.click('#campaign-submit');
    await page.waitForSelector(`#campaign-form-status:has-text("Đã lưu thay đổi")`);
    const [changed] = await listed(staffToken);
    expect(changed).toEqual({ ...campaign, name: `${name} – đổi tên` });

    await page.click(`#campaigns-table tr[data-campaign="${campaign.id}"] a`);
    await page.waitForSelector('#campaign:not([hidden]) #campaign-table');
    await page.click('#campaign-actions button:has-text("Xóa")');
    await page.click('dialog.modal button[value="confirm"]');
    await page.waitForSelector('#campaigns:not([hidden]) #campaigns-table');
    await page.waitForSelector(`#campaigns-table tr[data-campaign="${campaign.id}"]`, { state: 'detached' });
    expect(await listed(staffToken)).toEqual([]);
    await page.context().close();
  }, 90_000);

  it('shows city officials the campaigns without the form', async () => {
    const reply = await call<Campaign>(`${test.url}/api/v1/campaigns`, {
      token: staffToken,
      json: {
        name: 'Ngày hội thứ hai',
        wardCode: SAI_GON,
        startsAt: `${today}T08:00:00+07:00`,
        endsAt: `${today}T11:00:00+07:00`,
        kioskIds: [kiosks.first.id],
      },
    });
    expect(reply.status).toBe(201);
    const page = await test.open(official, { viewport: { width: 390, height: 844 } });
    await page.click('#nav-campaigns');
    await page.waitForSelector(`#campaigns-table tr[data-campaign="${reply.body.id}"]`);
    expect(await page.isHidden('#campaign-form')).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.click(`#campaigns-table tr[data-campaign="${reply.body.id}"] a`);
    await page.waitForSelector('#campaign:not([hidden]) #campaign-table');
    expect(await page.$$('#campaign-actions button')).toHaveLength(0);
    await page.context().close();
  }, 60_000);
});
