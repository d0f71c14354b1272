/// <reference lib="dom" />
// Some callbacks below run in the page, where the DOM is.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { ADMIN_TOKEN } from '../support/app';
import { artifact, useDashboard } from '../support/browser';
import { call } from '../support/http';
import {
  CHANH_HIEP,
  cityDay,
  createKiosk,
  createUser,
  DAY,
  post,
  SAI_GON,
  shown,
  visits,
  waitForPeople,
} from './fixtures';

/** The analysis view over ranges and wards, against the API's answers for the same query; its CSV files. */
describe('dashboard analysis', () => {
  const test = useDashboard();
  let page: Page;

  const api = async (path: string, query: Record<string, string>) =>
    (await call(`${test.url}/api/v1/stats/${path}?${new URLSearchParams(query)}`)).body;

  /** The CSV file as the API sends it, byte-order mark included (a text() read would drop it). */
  const apiCsv = async (path: string, query: Record<string, string>) => {
    const response = await fetch(
      `${test.url}/api/v1/stats/${path}?${new URLSearchParams({ ...query, format: 'csv' })}`,
      {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      },
    );
    return Buffer.from(await response.arrayBuffer()).toString('utf8');
  };

  /** The three headline numbers on the page are the API's for the query; returns the API's answer. */
  async function expectHeadlines(query: Record<string, string>, people: number) {
    const summary = await api('summary', query);
    expect(summary.peopleReached).toBe(people);
    await page.waitForSelector(`#analysis-people:text-is("${shown(people)}")`, { timeout: 15_000 });
    expect(await page.textContent('#analysis-guides')).toBe(shown(summary.guidesCompleted));
    expect(await page.textContent('#analysis-accounts')).toBe(shown(summary.accountsRegistered));
    return summary;
  }

  beforeAll(async () => {
    const saiGon = await createKiosk(test.url, SAI_GON, 'Nhà văn hóa khu phố 1');
    const chanhHiep = await createKiosk(test.url, CHANH_HIEP, 'UBND phường');
    const official = await createUser(test.url, 'official', 'city_official', null);
    const now = Date.now();
    await post(test.url, saiGon.key, [
      ...visits(5, now, '65_74'),
      ...visits(4, now - 3 * DAY, '60_64', 'public_services'),
      ...visits(6, now - 12 * DAY, '75_plus', 'scam_awareness'),
    ]);
    await post(test.url, chanhHiep.key, visits(2, now, '31_44'));
    // Three of the city's outcomes (Kế hoạch 31/KH-UBND) recorded three days ago.
    await post(
      test.url,
      saiGon.key,
      ['vneid_level2_activated', 'vneid_level2_activated', 'bdhvs_certified'].map((outcome) => ({
        id: crypto.randomUUID(),
        type: 'outcome_recorded',
        occurredAt: new Date(now - 3 * DAY).toISOString(),
        outcome,
      })),
    );
    await waitForPeople(test.url, { from: cityDay(-29), to: cityDay(1) }, 17);
    page = await test.open(official, { acceptDownloads: true });
    await page.click('#nav-analysis');
  });

  it('shows the city’s outcomes of the range as the API counts them', async () => {
    await page.selectOption('#analysis-range', '30d');
    const { byOutcome } = await api('summary', { from: cityDay(-29), to: cityDay(1) });
    expect(byOutcome).toMatchObject({ vneid_level2_activated: 2, bdhvs_certified: 1, smart_device_set_up: 0 });
    // The chart's table (shown on request) holds what the bars draw.
    await page.waitForFunction(() =>
      [...document.querySelectorAll('#analysis-outcome-table tbody tr')].some(
        (row) => [...row.children].map((cell) => cell.textContent).join('|') === 'Kích hoạt VNeID mức 2|2',
      ),
    );
    const rows = await page.$$eval('#analysis-outcome-table tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td, th')].map((cell) => cell.textContent)),
    );
    expect(rows).toHaveLength(8);
    expect(rows).toContainEqual(['Chứng nhận Bình dân học vụ số', '1']);
    expect(rows).toContainEqual(['Thiết lập thiết bị thông minh', '0']);
  });

  it("shows the API's figures for each range and ward", async () => {
    for (const [range, from, people] of [
      ['today', cityDay(0), 7],
      ['7d', cityDay(-6), 11],
      ['30d', cityDay(-29), 17],
    ] as const) {
      await page.selectOption('#analysis-range', range);
      await expectHeadlines({ from, to: cityDay(1) }, people);
    }
    // The trend's table: day by day what the API's time series says.
    const { points } = await api('timeseries', {
      metric: 'peopleReached',
      bucket: 'day',
      from: cityDay(-29),
      to: cityDay(1),
    });
    await page.waitForFunction(
      (expected) =>
        [...document.querySelectorAll('#analysis-trend-table tbody td')].map((cell) => cell.textContent).join(',') ===
        expected,
      (points as { value: number }[]).map((point) => String(point.value)).join(','),
    );
    await page.screenshot({ path: artifact('analysis.png'), fullPage: true });

    await page.selectOption('#analysis-ward', CHANH_HIEP);
    await expectHeadlines({ from: cityDay(-29), to: cityDay(1), wardCode: CHANH_HIEP }, 2);
    await page.selectOption('#analysis-ward', '');

    // A range of its own: the single day twelve days ago.
    await page.selectOption('#analysis-range', 'custom');
    await page.fill('#analysis-from', cityDay(-12));
    await page.fill('#analysis-to', cityDay(-12));
    await expectHeadlines({ from: cityDay(-12), to: cityDay(-11) }, 6);
  });

  it('downloads the CSV of the range and ward on screen, as the API writes it', async () => {
    await page.selectOption('#analysis-range', '7d');
    await page.selectOption('#analysis-ward', SAI_GON);
    const query = { from: cityDay(-6), to: cityDay(1), wardCode: SAI_GON };
    await expectHeadlines(query, 9);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv-summary')]);
    const file = readFileSync(await download.path(), 'utf8');
    const fromApi = await apiCsv('summary', query);
    expect(file).toBe(fromApi);
    expect(file.startsWith('\ufeffBảng,Mục,Giá trị,Kỳ trước,')).toBe(true);
    expect(file).toContain('Tổng,Lượt người được hỗ trợ,9,');
    expect(download.suggestedFilename()).toBe(`summary_${SAI_GON}_${cityDay(-6)}_${cityDay(0)}.csv`);

    // The ward comparison is the whole city's whatever the scope.
    const [wards] = await Promise.all([page.waitForEvent('download'), page.click('#csv-wards')]);
    const wardsFile = readFileSync(await wards.path(), 'utf8');
    expect(wardsFile).toBe(await apiCsv('wards', { from: query.from, to: query.to }));
    expect(wardsFile).toMatch(/Phường Sài Gòn.*,9,/);
  });
});
