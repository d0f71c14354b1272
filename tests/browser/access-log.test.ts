/// <reference lib="dom" />
// Some callbacks below run in the page, where the DOM is.
import type { AuditEntry } from '@kiosk-pulse/contract';
import type { Page } from 'playwright-core';
import { seriousViolations } from '../support/axe';
import { artifact, useDashboard, type Person } from '../support/browser';
import { call } from '../support/http';
import { CHANH_HIEP, SAI_GON, cityDay, createUser } from './fixtures';

// Letters only Vietnamese uses (with its tone marks and đ): no English word has them.
const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

/** Days read, fixed and past: the range a read names is what the page must show. */
const WEEK = { from: '2026-11-02', to: '2026-11-09' };
/** The ward staff's one-day reads: 1 to 22 October 2026, one a day, oldest first. */
const STAFF_DAYS = Array.from({ length: 22 }, (_, index) => `2026-10-${String(index + 1).padStart(2, '0')}`);

interface Row {
  id: number;
  time: string;
  who: string;
  role: string;
  what: string;
  scope: string;
  range: string;
}

/** An instant as the dashboard writes it in Vietnamese (04/12/2026 20:23), worked out apart from it. */
const cityTime = (at: string): string =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(new Date(at))
    .replace(', ', ' ');

/** Who looked at the figures (`#/access`): the audit log's reads and exports, by role. */
describe('who looked at the figures', () => {
  const test = useDashboard();
  let admin: Person;
  let official: Person;
  let staff: Person;
  const tokens: Record<string, string> = {};
  /** The official's reads and export, as the API lists them. */
  const seen = {} as Record<'ward' | 'city' | 'export' | 'staffExport', AuditEntry>;
  /** Every ward's name: data, the same in either language. */
  let wardNames: string[] = [];

  const login = async (person: Person): Promise<string> =>
    (await call<{ token: string }>(`${test.url}/api/v1/auth/login`, { token: null, json: person })).body.token;

  /** A read of figures with `token`: answered, so recorded. */
  async function read(token: string, path: string, query: Record<string, string>): Promise<void> {
    const reply = await call(`${test.url}/api/v1/stats/${path}?${new URLSearchParams(query)}`, { token });
    expect({ path, status: reply.status }).toEqual({ path, status: 200 });
  }

  /** The audit log's reads as `token` may list them, newest first. */
  const reads = async (query: Record<string, string> = {}, token?: string): Promise<AuditEntry[]> => {
    const reply = await call<AuditEntry[]>(
      `${test.url}/api/v1/audit?${new URLSearchParams({ kind: 'reads', limit: '500', ...query })}`,
      { token },
    );
    expect(reply.status).toBe(200);
    return reply.body;
  };

  /** Reads are written in batches about once a second: waits until `count` of them match. */
  async function waitForReads(query: Record<string, string>, count: number): Promise<AuditEntry[]> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const found = await reads(query);
      if (found.length >= count) return found;
      if (Date.now() > deadline) throw new Error(`${found.length} reads match ${JSON.stringify(query)}, not ${count}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * Waits until at least `count` reads match and no more have come for four seconds: the overview
   * a person lands on reads its figures, and its charts again a few seconds later (throttled to
   * one reading in 3 s), each written with the next batch.
   */
  async function settled(query: Record<string, string>, count: number): Promise<AuditEntry[]> {
    let found = await waitForReads(query, count);
    for (let quiet = Date.now(); Date.now() - quiet < 4_000;) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const now = await reads(query);
      if (now.length !== found.length) [found, quiet] = [now, Date.now()];
    }
    return found;
  }

  beforeAll(async () => {
    admin = await createUser(test.url, 'admin.city', 'admin', null);
    official = await createUser(test.url, 'official.lan', 'city_official', null);
    staff = await createUser(test.url, 'staff.sg', 'ward_staff', SAI_GON);
    tokens.official = await login(official);
    tokens.staff = await login(staff);
    wardNames = (await call<{ name: string }[]>(`${test.url}/api/v1/wards`)).body
      .map((ward) => ward.name)
      .sort((a, b) => b.length - a.length);

    // The ward staff first, one day at a time, then a CSV of a month: the oldest entries.
    for (const day of STAFF_DAYS) {
      const to = STAFF_DAYS[STAFF_DAYS.indexOf(day) + 1] ?? '2026-10-23';
      await read(tokens.staff, 'summary', { wardCode: SAI_GON, from: day, to });
    }
    await read(tokens.staff, 'summary', { wardCode: SAI_GON, from: '2026-09-01', to: '2026-10-01', format: 'csv' });
    await waitForReads({ actor: 'user:staff.sg' }, STAFF_DAYS.length + 1);
    // Then the city official: a ward, the city, and a CSV of the Sài Gòn ward's kiosks.
    await read(tokens.official, 'summary', { wardCode: CHANH_HIEP, ...WEEK });
    await read(tokens.official, 'funnel', WEEK);
    await read(tokens.official, 'kiosks', { wardCode: SAI_GON, ...WEEK, format: 'csv' });
    const byOfficial = await waitForReads({ actor: 'user:official.lan' }, 3);
    expect(byOfficial.map((entry) => [entry.action, entry.targetType, entry.targetId])).toEqual([
      ['stats.export', 'ward', SAI_GON],
      ['stats.read', 'city', 'city'],
      ['stats.read', 'ward', CHANH_HIEP],
    ]);
    [seen.export, seen.city, seen.ward] = byOfficial;
    [seen.staffExport] = await reads({ actor: 'user:staff.sg', action: 'stats.export' });
  }, 60_000);

  /** The rows on screen, once the list has been drawn for the filters sent. */
  const rows = (page: Page): Promise<Row[]> =>
    page.$$eval('#access-table tbody tr[data-id]', (trs) =>
      trs.map((tr) => {
        const cell = (index: number) => (tr as HTMLTableRowElement).cells[index].textContent?.trim() ?? '';
        return {
          id: Number((tr as HTMLElement).dataset.id),
          time: cell(0),
          who: cell(1),
          role: cell(2),
          what: cell(3),
          scope: cell(4),
          range: cell(5),
        };
      }),
    );

  /** Sets the filters, sends them and waits for the rows of `expected` (ids, newest first). */
  async function filter(
    page: Page,
    values: { actor?: string; action?: string; ward?: string; from?: string; to?: string },
    expected: number[],
  ): Promise<Row[]> {
    await page.fill('#access-actor', values.actor ?? '');
    await page.selectOption('#access-action', values.action ?? '');
    if (values.ward !== undefined) await page.selectOption('#access-ward', values.ward);
    await page.fill('#access-from', values.from ?? '');
    await page.fill('#access-to', values.to ?? '');
    await page.click('#access-form button[type=submit]');
    return shows(page, expected);
  }

  /** Waits until the table lists exactly `expected` (ids, in order), and returns its rows. */
  async function shows(page: Page, expected: number[]): Promise<Row[]> {
    await page
      .waitForFunction(
        (ids) =>
          [...document.querySelectorAll<HTMLElement>('#access-table tbody tr[data-id]')]
            .map((tr) => Number(tr.dataset.id))
            .join() === ids.join(),
        expected,
        { timeout: 10_000 },
      )
      .catch(() => undefined);
    const shown = await rows(page);
    expect(shown.map((row) => row.id)).toEqual(expected);
    return shown;
  }

  const ids = (entries: AuditEntry[]): number[] => entries.map((entry) => entry.id);

  it('shows an admin every read and export, and filters them by who, ward, what and day', async () => {
    const page = await test.open(admin);
    await page.waitForSelector('#nav-access:not([hidden])');
    // The overview the admin lands on reads figures too: written before the list is read.
    await settled({ actor: 'user:admin.city' }, 1);
    await page.click('#nav-access');
    await page.waitForSelector('#access-log:not([hidden]) #access-table tbody tr[data-id]');
    expect(await page.$$eval('#access-ward option', (options) => options.length)).toBeGreaterThan(100);
    expect(await page.isDisabled('#access-ward')).toBe(false);

    // Unfiltered, newest first: the official's three (and the admin's own reads of the overview
    // since, if any) head the list.
    const all = await reads();
    const first = await shows(page, ids(all).slice(0, 20));
    const row = (entry: AuditEntry) => first.find((shown) => shown.id === entry.id);
    expect(row(seen.ward)).toEqual({
      id: seen.ward.id,
      time: cityTime(seen.ward.at),
      who: 'official.lan',
      role: 'Cán bộ thành phố',
      what: 'Xem: tổng số',
      scope: 'Phường Chánh Hiệp',
      range: '02/11/2026 – 08/11/2026',
    });
    expect(row(seen.city)).toMatchObject({ what: 'Xem: tỷ lệ hoàn thành hướng dẫn', scope: 'Toàn thành phố' });
    expect(row(seen.export)).toMatchObject({
      who: 'official.lan',
      what: 'Tải CSV: số liệu theo từng kiosk',
      scope: 'Phường Sài Gòn',
      range: '02/11/2026 – 08/11/2026',
    });
    // Never a figure: only the day numbers of the dates and times are digits.
    for (const shown of first) expect(`${shown.who}${shown.what}${shown.scope}`).not.toMatch(/\d/);
    await page.screenshot({ path: artifact('view-access-log.png') });
    expect({ view: 'access log', violations: await seriousViolations(page) }).toEqual({
      view: 'access log',
      violations: [],
    });

    // By who: a bare user name, or as the log writes it.
    const official3 = [seen.export.id, seen.city.id, seen.ward.id];
    await filter(page, { actor: 'official.lan' }, official3);
    await filter(page, { actor: 'user:official.lan' }, official3);
    await filter(page, { actor: 'nobody' }, []);
    expect(await page.textContent('#access-table tbody')).toContain('Không có lượt xem số liệu nào khớp bộ lọc.');

    // By ward: Chánh Hiệp has the official's one read; Sài Gòn has no read of another ward, nor the city.
    await filter(page, { ward: CHANH_HIEP }, [seen.ward.id]);
    const saiGon = await reads({ wardCode: SAI_GON });
    expect(ids(saiGon)).toContain(seen.export.id);
    const saiGonRows = await filter(page, { ward: SAI_GON }, ids(saiGon).slice(0, 20));
    expect(new Set(saiGonRows.map((shown) => shown.scope))).toEqual(new Set(['Phường Sài Gòn']));

    // By what: the two CSV exports; one of them the ward staff's, of a month.
    await filter(page, { ward: '', action: 'stats.export' }, [seen.export.id, seen.staffExport.id]);
    const [staffExport] = await filter(page, { action: 'stats.export', actor: 'staff.sg' }, [seen.staffExport.id]);
    expect(staffExport).toMatchObject({
      who: 'staff.sg',
      role: 'Cán bộ phường/xã',
      what: 'Tải CSV: tổng số',
      scope: 'Phường Sài Gòn',
      range: '01/09/2026 – 30/09/2026',
    });

    // By day (the days of the reads, both included): none long ago; all of them around today.
    await filter(page, { from: cityDay(-10), to: cityDay(-5) }, []);
    await filter(page, { from: cityDay(-1), to: cityDay(1) }, ids(all).slice(0, 20));
    // A range the server refuses is said on the page, with the server's own words.
    await page.fill('#access-from', cityDay(-1));
    await page.fill('#access-to', cityDay(-3));
    await page.click('#access-form button[type=submit]');
    await page.waitForSelector('#access-error:has-text("Dữ liệu không hợp lệ")');
    expect(await page.textContent('#access-error')).toContain('"to" must be after "from"');
    expect(await rows(page)).toEqual([]);

    // 22 one-day reads by the ward staff: 20 a page, newest first.
    const staffRange = (index: number) =>
      `${STAFF_DAYS[index].slice(8)}/${STAFF_DAYS[index].slice(5, 7)}/${STAFF_DAYS[index].slice(0, 4)}`;
    const staffReads = await reads({ actor: 'user:staff.sg', action: 'stats.read' });
    expect(staffReads).toHaveLength(22);
    await page.click('#access-form button[type=reset]');
    await shows(page, ids(all).slice(0, 20));
    expect(await page.inputValue('#access-from')).toBe('');
    const newest = await filter(page, { actor: 'staff.sg', action: 'stats.read' }, ids(staffReads).slice(0, 20));
    expect(newest.map((shown) => shown.range)).toEqual(
      STAFF_DAYS.map((_, index) => staffRange(21 - index)).slice(0, 20),
    );
    expect(await page.textContent('#access-page')).toBe('Trang 1');
    expect(await page.isDisabled('#access-newer')).toBe(true);
    await page.click('#access-older');
    const older = await shows(page, ids(staffReads).slice(20));
    expect(older.map((shown) => shown.range)).toEqual([staffRange(1), staffRange(0)]);
    expect(await page.textContent('#access-page')).toBe('Trang 2');
    expect(await page.isDisabled('#access-older')).toBe(true);
    await page.click('#access-newer');
    await shows(page, ids(staffReads).slice(0, 20));
    expect(await page.textContent('#access-page')).toBe('Trang 1');
    // New filters start again from the newest page.
    await page.click('#access-older');
    await shows(page, ids(staffReads).slice(20));
    await filter(page, { actor: 'staff.sg', action: 'stats.export' }, [seen.staffExport.id]);
    expect(await page.textContent('#access-page')).toBe('Trang 1');
    await page.context().close();
  }, 90_000);

  it('shows ward staff the reads of their own ward only, and no other ward to pick', async () => {
    const page = await test.open(staff);
    // The ward's overview the staff land on reads figures too: written before the list is read.
    await settled({ actor: 'user:staff.sg' }, STAFF_DAYS.length + 2);
    await page.evaluate(() => (location.hash = '#/access'));
    await page.waitForSelector('#access-log:not([hidden]) #access-table tbody tr[data-id]');
    expect(await page.isDisabled('#access-ward')).toBe(true);
    expect(
      await page.$$eval('#access-ward option', (options) =>
        options.map((option) => (option as HTMLOptionElement).value),
      ),
    ).toEqual([SAI_GON]);
    expect(await page.textContent('#access-scope')).toContain('Phường Sài Gòn');
    await page.screenshot({ path: artifact('view-access-log-ward-staff.png') });

    const own = await reads({}, tokens.staff);
    expect(own.every((entry) => entry.targetType === 'ward' && entry.targetId === SAI_GON)).toBe(true);
    const shown = await shows(page, ids(own).slice(0, 20));
    expect(new Set(shown.map((row) => row.scope))).toEqual(new Set(['Phường Sài Gòn']));
    // Another's read of their ward is theirs to see; the same person's reads of another ward and the city are not.
    await filter(page, { actor: 'official.lan' }, [seen.export.id]);
    await filter(page, { action: 'stats.export' }, [seen.export.id, seen.staffExport.id]);
    await page.context().close();
  }, 60_000);

  it('is not a city official’s page: the address shows the overview', async () => {
    const page = await test.open(official);
    expect(await page.isHidden('#nav-access')).toBe(true);
    await page.evaluate(() => (location.hash = '#/access'));
    await page.waitForSelector('#board:not([hidden])');
    expect(await page.isHidden('#access-log')).toBe(true);
    expect(await page.getAttribute('#nav-overview', 'aria-current')).toBe('page');
    // The overview's reads are written before the next test lists the official's.
    await settled({ actor: 'user:official.lan' }, 4);
    await page.context().close();
  });

  it('speaks English after the language button', async () => {
    const page = await test.open(admin);
    await page.click('#lang');
    await page.waitForSelector('#lang:text-is("VI")');
    await page.waitForSelector('#current-user:has-text("admin.city")');
    await page.click('#nav-access');
    await page.waitForSelector('#access-log:not([hidden]) #access-table tbody tr[data-id]');
    expect(await page.textContent('#nav-access')).toBe('Who looked at the figures');
    const byOfficial = ids(await reads({ actor: 'user:official.lan' }));
    const shown = await filter(page, { actor: 'official.lan' }, byOfficial);
    const exported = shown.find((row) => row.id === seen.export.id);
    const city = shown.find((row) => row.id === seen.city.id);
    expect(exported).toMatchObject({
      role: 'City official',
      what: 'CSV export: figures by kiosk',
      scope: 'Phường Sài Gòn',
      range: '2 Nov 2026 – 8 Nov 2026',
    });
    expect(city).toMatchObject({ what: 'Read: guide completion', scope: 'Whole city' });
    const strip = (text: string) => wardNames.reduce((rest, name) => rest.split(name).join(' '), text);
    const visible = async () =>
      strip(await page.$eval('#access-log', (main) => (main as HTMLElement).innerText)) +
      (await page.$$eval('#access-log [placeholder], #access-log [aria-label]', (all) =>
        all.map((element) => `${element.getAttribute('placeholder')} ${element.getAttribute('aria-label')}`).join(),
      ));
    expect((await visible()).match(new RegExp(VIETNAMESE.source, 'gi'))).toBeNull();

    await filter(page, { actor: 'nobody' }, []);
    expect(await page.textContent('#access-table tbody')).toBe('No reads of figures match the filters.');
    await page.fill('#access-from', cityDay(-1));
    await page.fill('#access-to', cityDay(-3));
    await page.click('#access-form button[type=submit]');
    await page.waitForSelector('#access-error:has-text("Invalid data")');
    expect((await visible()).match(new RegExp(VIETNAMESE.source, 'gi'))).toBeNull();
    await page.context().close();
  }, 60_000);
});
