/// <reference lib="dom" />
// Some callbacks below run in the page, where the DOM is.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { AGE_GROUPS, GUIDES, OUTCOMES, UNDO_WINDOW_MS } from '@kiosk-pulse/contract';
import type { BrowserContext, Page } from 'playwright-core';
import { artifact, useDashboard } from '../support/browser';
import { call } from '../support/http';
import { createKiosk } from './fixtures';
import { checkScreen, expectEnglishOnly, pairingCode as pairingCodeFor, PHONE, TABLET } from './kiosk-fixtures';

const BUILT = join(__dirname, '../../dist/kiosk');
const TAN_SON_HOA = '26977';
const TAN_DINH = '26737';
const BEN_THANH = '26743';
const SAI_GON = '26740';
const HOUR = 3_600_000;

interface Resident {
  age: (typeof AGE_GROUPS)[number];
  guides: (typeof GUIDES)[number][];
  account?: 1 | 2;
  /** The city's outcomes but VNeID level 2, which is the account toggle's. */
  outcomes?: (typeof OUTCOMES)[number][];
}

/** Every outcome a volunteer toggles itself: VNeID level 2 comes with the account activated. */
const TOGGLED_OUTCOMES = OUTCOMES.filter((outcome) => outcome !== 'vneid_level2_activated');

/**
 * The events the app records for a resident: the visit, each guide started and completed, the
 * account, each outcome (an account activated at level 2 is an outcome too).
 */
const eventsOf = (resident: Resident) =>
  1 +
  2 * resident.guides.length +
  (resident.account ? 1 : 0) +
  (resident.account === 2 ? 1 : 0) +
  (resident.outcomes?.length ?? 0);

/** A hundred residents of every age group, with one or two guides each and now and then an account. */
const RESIDENTS: Resident[] = Array.from({ length: 100 }, (_, i) => {
  const guides = [GUIDES[i % 5]];
  if (i % 6 === 5 && guides[0] !== 'scam_awareness') guides.push('scam_awareness');
  const outcomes = i % 3 === 0 ? [TOGGLED_OUTCOMES[(i / 3) % TOGGLED_OUTCOMES.length]] : [];
  return { age: AGE_GROUPS[i % 9], guides, account: i % 4 === 0 ? 1 : i % 10 === 3 ? 2 : undefined, outcomes };
});

/** Every file of the built app, for its weight. */
const builtFiles = (directory: string): string[] =>
  readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? builtFiles(path) : [path];
  });

/*
 * The kiosk app (apps/kiosk), built and served by the api at /kiosk/, in Chromium: paired by a
 * code the API made, recording residents in volunteer mode online, offline and across a reload,
 * the server refusing its key, and each screen at a phone's and a tablet's sizes.
 */
describe('the kiosk app', () => {
  // The test taps far faster than a volunteer: the per-kiosk bound on usage events would refuse them.
  const test = useDashboard({ config: { kioskUsageLimits: { perMinute: 100_000, perDay: 1_000_000 } } });

  const pairingCode = (kioskId: string) => pairingCodeFor(test.url, kioskId);
  const summary = async (wardCode: string, since: number) =>
    (
      await call(
        `${test.url}/api/v1/stats/summary?${new URLSearchParams({
          wardCode,
          from: new Date(since - HOUR).toISOString(),
          to: new Date(Date.now() + HOUR).toISOString(),
        })}`,
      )
    ).body;
  const waitForPeople = async (wardCode: string, since: number, expected: number) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const figures = await summary(wardCode, since);
      if (figures.peopleReached === expected || Date.now() > deadline) return figures;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const storedVisits = async (kioskId: string) => {
    const { rows } = await test.app.pool.query<{ age_group: string; visits: number }>(
      `SELECT age_group::text, count(*)::int AS visits FROM events
        WHERE kiosk_id = $1 AND type = 'visit_started' GROUP BY 1`,
      [kioskId],
    );
    return Object.fromEntries(rows.map((row) => [row.age_group, row.visits]));
  };
  const storedOutcomes = async (kioskId: string) => {
    const { rows } = await test.app.pool.query<{ outcome: string; count: number }>(
      `SELECT outcome::text, count(*)::int AS count FROM events
        WHERE kiosk_id = $1 AND type = 'outcome_recorded' AND helper_role IS NOT NULL AND age_group IS NOT NULL
        GROUP BY 1`,
      [kioskId],
    );
    return Object.fromEntries(rows.map((row) => [row.outcome, row.count]));
  };

  /*
   * Opens a pairing link in a fresh profile and picks the helper role: the start screen. The api
   * takes 10 pairing attempts a minute from one address; this file makes 9 in all.
   */
  const pairedPage = async (link: string, viewport = TABLET): Promise<Page> => {
    const page = await test.page({ viewport });
    await page.goto(link);
    await page.click('[data-role="youth_volunteer"]');
    await page.waitForSelector('#start');
    return page;
  };
  /** One resident in volunteer mode: Start, the age group, the toggles, Done; the taps it took. */
  const record = async (page: Page, resident: Resident): Promise<number> => {
    const taps = [
      '#start',
      `[data-age="${resident.age}"]`,
      ...resident.guides.map((guide) => `[data-guide="${guide}"]`),
      ...(resident.account ? [`[data-account="${resident.account}"]`] : []),
      ...(resident.outcomes ?? []).map((outcome) => `[data-outcome="${outcome}"]`),
      '#done',
    ];
    for (const tap of taps) await page.click(tap);
    await page.waitForSelector('#start');
    return taps.length;
  };
  const waitForPending = (page: Page, expected: number) =>
    page.waitForFunction(
      (count) => document.getElementById('status-pending')?.textContent?.match(/\d+/)?.[0] === String(count),
      expected,
      { timeout: 30_000 },
    );

  it('is installable: a manifest with its icons, a service worker, and under 100 KB of gzipped JavaScript', async () => {
    const redirect = await fetch(`${test.url}/kiosk`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/kiosk/');
    const manifest = await (await fetch(`${test.url}/kiosk/manifest.webmanifest`)).json();
    expect(manifest).toMatchObject({ short_name: 'Kiosk Pulse', start_url: './', display: 'standalone', lang: 'vi' });
    for (const icon of manifest.icons as { src: string; sizes: string }[]) {
      const png = Buffer.from(await (await fetch(`${test.url}/kiosk/${icon.src}`)).arrayBuffer());
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(icon.sizes);
    }
    const worker = await fetch(`${test.url}/kiosk/sw.js`);
    expect(worker.status).toBe(200);
    expect(worker.headers.get('content-type')).toMatch(/javascript/);

    const scripts = builtFiles(BUILT)
      .filter((path) => path.endsWith('.js'))
      .map((path) => {
        const bytes = readFileSync(path);
        return {
          file: path.slice(BUILT.length + 1),
          bytes: bytes.length,
          gzipped: gzipSync(bytes, { level: 9 }).length,
        };
      });
    const gzipped = scripts.reduce((sum, script) => sum + script.gzipped, 0);
    writeFileSync(artifact('kiosk-weight.json'), JSON.stringify({ scripts, gzipped }, null, 2));
    expect(scripts.some((script) => script.file.startsWith('assets/'))).toBe(true);
    expect(gzipped).toBeLessThan(100 * 1024);
  });

  it('pairs by the QR code’s link, takes the code out of the address, and refuses a used or malformed code', async () => {
    const kiosk = await createKiosk(test.url, TAN_DINH, 'Bàn hỗ trợ 1');
    const { url, code } = await pairingCode(kiosk.id);
    expect(url).toBe(`${test.url}/kiosk/#pair=${code}`);
    const page = await test.page({ viewport: PHONE });
    await page.goto(url);
    await page.waitForSelector('[data-role]');
    expect(page.url()).toBe(`${test.url}/kiosk/`);
    expect(await page.textContent('header')).toContain('Bàn hỗ trợ 1');
    expect(await page.textContent('header')).toContain('Phường Tân Định');
    const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('kioskPulse.kiosk.paired') ?? 'null'));
    expect(kept).toMatchObject({ kioskId: kiosk.id, label: 'Bàn hỗ trợ 1', wardCode: TAN_DINH });
    expect(kept.key).toMatch(/\S{20,}/);
    // The role is asked once: after a reload the start screen comes straight away.
    await page.click('[data-role="police"]');
    await page.reload();
    await page.waitForSelector('#start');

    // The same code again, typed on another device (lower case, no dash): refused, and said why.
    const other = await test.page({ viewport: PHONE });
    await other.goto(`${test.url}/kiosk/`);
    await other.fill('#pair-code', code.replace('-', '').toLowerCase());
    await other.click('#pair-submit');
    await other.waitForSelector('#pair-problem:has-text("đã hết hạn (10 phút) hoặc đã được dùng")');
    await other.fill('#pair-code', 'ABC-12');
    await other.click('#pair-submit');
    await other.waitForSelector('#pair-problem:has-text("8 chữ và số")');
    // A fresh code typed with its dash pairs.
    await other.fill('#pair-code', (await pairingCode(kiosk.id)).code);
    await other.click('#pair-submit');
    await other.waitForSelector('[data-role]');
    await page.context().close();
    await other.context().close();
  });

  it('records 100 residents, 20 of them offline and across a reload, and the server counts each once', async () => {
    const since = Date.now();
    const kiosk = await createKiosk(test.url, TAN_SON_HOA, 'Khu phố 28');
    const page = await pairedPage((await pairingCode(kiosk.id)).url);
    const context = page.context();
    await page.evaluate(() => navigator.serviceWorker.ready);

    for (const resident of RESIDENTS.slice(0, 40)) await record(page, resident);
    await waitForPending(page, 0);
    expect(await page.textContent('#status-connection')).toBe('Trực tuyến');

    await context.setOffline(true);
    for (const resident of RESIDENTS.slice(40, 50)) await record(page, resident);
    const heldBeforeReload = RESIDENTS.slice(40, 50).reduce((sum, resident) => sum + eventsOf(resident), 0);
    await waitForPending(page, heldBeforeReload);
    // Reloaded with no network: the service worker serves the app, the events are still there.
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await page.waitForSelector('#start');
    await waitForPending(page, heldBeforeReload);
    expect(await page.textContent('#status-connection')).toBe('Ngoại tuyến');
    for (const resident of RESIDENTS.slice(50, 60)) await record(page, resident);
    const heldOffline = RESIDENTS.slice(40, 60).reduce((sum, resident) => sum + eventsOf(resident), 0);
    await waitForPending(page, heldOffline);

    await context.setOffline(false);
    for (const resident of RESIDENTS.slice(60)) await record(page, resident);
    await waitForPending(page, 0);
    expect(await page.textContent('#status-last-sent')).toMatch(/^Gửi lần cuối: \d\d:\d\d$/);

    const figures = await waitForPeople(TAN_SON_HOA, since, 100);
    expect(figures.peopleReached).toBe(100);
    const guides = Object.fromEntries(
      GUIDES.map((guide) => [guide, RESIDENTS.filter((resident) => resident.guides.includes(guide)).length]),
    );
    expect(figures.byGuide).toEqual(guides);
    expect(figures.guidesCompleted).toBe(RESIDENTS.reduce((sum, resident) => sum + resident.guides.length, 0));
    expect(figures.accountsRegistered).toBe(RESIDENTS.filter((resident) => resident.account).length);
    // Today's age split is not published yet (docs/privacy.md): the stored visits say it.
    const ages = Object.fromEntries(
      AGE_GROUPS.map((age) => [age, RESIDENTS.filter((resident) => resident.age === age).length]),
    );
    expect(await storedVisits(kiosk.id)).toEqual(ages);
    const outcomes: Record<string, number> = {
      vneid_level2_activated: RESIDENTS.filter((resident) => resident.account === 2).length,
    };
    for (const resident of RESIDENTS)
      for (const outcome of resident.outcomes ?? []) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    expect(await storedOutcomes(kiosk.id)).toEqual(outcomes);
    const { rows } = await test.app.pool.query('SELECT DISTINCT helper_role::text FROM events WHERE kiosk_id = $1', [
      kiosk.id,
    ]);
    expect(rows).toEqual([{ helper_role: 'youth_volunteer' }]);
    await context.close();
  }, 120_000);

  it('starts with the network off after its first visit', async () => {
    const kiosk = await createKiosk(test.url, TAN_DINH, 'Bàn hỗ trợ 2');
    const page = await pairedPage((await pairingCode(kiosk.id)).url, PHONE);
    await page.evaluate(() => navigator.serviceWorker.ready);
    const context = page.context();
    await page.close();
    await context.setOffline(true);
    const offline = await context.newPage();
    const response = await offline.goto(`${test.url}/kiosk/`);
    expect(response?.fromServiceWorker()).toBe(true);
    await offline.waitForSelector('#start');
    expect(await offline.textContent('header')).toContain('Bàn hỗ trợ 2');
    // Recording works offline too.
    await record(offline, { age: '60_64', guides: ['vneid'], account: 2 });
    await waitForPending(offline, 5);
    await context.close();
  });

  it('records the common case in 4 taps, at once, without waiting for the network', async () => {
    const since = Date.now();
    const kiosk = await createKiosk(test.url, BEN_THANH, 'Bàn hỗ trợ 3');
    const page = await pairedPage((await pairingCode(kiosk.id)).url, PHONE);
    // The server takes its time: recording must not wait for it.
    let release: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/v1/events', async (route) => {
      await answered;
      await route.continue();
    });
    const times: number[] = [];
    for (const [age, rating] of [
      ['65_74', 3],
      ['75_plus', 2],
      ['60_64', undefined],
    ] as const) {
      const started = performance.now();
      const taps = await record(page, { age, guides: [], outcomes: ['portal_application_submitted'] });
      times.push(performance.now() - started);
      expect(taps).toBe(4);
      // "Hài lòng?" is the resident's, after Done, and may be left unanswered.
      if (rating) {
        await page.click(`[data-rating="${rating}"]`);
        await page.waitForSelector('#rating-thanks');
      }
    }
    expect(await page.textContent('#start-notice')).toContain('Hôm nay máy này đã ghi 3 lượt');
    await waitForPending(page, 8);
    release();
    await waitForPending(page, 0);
    const figures = await waitForPeople(BEN_THANH, since, 3);
    expect(figures.peopleReached).toBe(3);
    expect(figures.byRating).toEqual({ 1: 0, 2: 1, 3: 1 });
    expect(await storedOutcomes(kiosk.id)).toEqual({ portal_application_submitted: 3 });
    writeFileSync(artifact('kiosk-taps.json'), JSON.stringify({ taps: 4, millisecondsPerResident: times }, null, 2));
    // The app's share of a volunteer's 10 seconds: the taps themselves are the volunteer's.
    for (const time of times) expect(time).toBeLessThan(1_500);
    await page.context().close();
  });

  it('takes the last resident back within 2 minutes, offline too, and offers it no longer after', async () => {
    const since = Date.now();
    const kiosk = await createKiosk(test.url, SAI_GON, 'Bàn hỗ trợ 5');
    const page = await test.page({ viewport: TABLET });
    // The app's own clock, to be moved 2 minutes on without waiting for them.
    await page.clock.install();
    await page.goto((await pairingCode(kiosk.id)).url);
    await page.click('[data-role="police"]');
    await page.waitForSelector('#start');
    const context = page.context();
    const eventually = async <T>(read: () => Promise<T>, expected: T): Promise<T> => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const value = await read();
        if (JSON.stringify(value) === JSON.stringify(expected) || Date.now() > deadline) return value;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };

    const resident = (age: Resident['age']): Resident => ({
      age,
      guides: ['vneid'],
      account: 2,
      outcomes: ['smart_device_set_up'],
    });
    for (const age of ['31_44', '60_64', '75_plus'] as const) await record(page, resident(age));
    await waitForPending(page, 0);
    expect((await waitForPeople(SAI_GON, since, 3)).peopleReached).toBe(3);
    expect(await page.textContent('#last-visit')).toContain('75 trở lên');
    await page.click('#undo');
    await page.waitForSelector('#start-notice:has-text("Đã hoàn tác lượt vừa ghi.")');
    expect(await page.textContent('#start-notice')).toContain('Hôm nay máy này đã ghi 2 lượt');
    expect(await page.$('#undo')).toBeNull();
    await waitForPending(page, 0);
    expect((await waitForPeople(SAI_GON, since, 2)).peopleReached).toBe(2);
    expect(await eventually(() => storedVisits(kiosk.id), { '31_44': 1, '60_64': 1 })).toEqual({
      '31_44': 1,
      '60_64': 1,
    });
    expect(await storedOutcomes(kiosk.id)).toEqual({ vneid_level2_activated: 2, smart_device_set_up: 2 });

    // Offline, the undo waits in the queue behind the visit it takes back.
    await context.setOffline(true);
    await record(page, resident('16_30'));
    await page.click('#undo');
    await page.waitForSelector('#start-notice:has-text("Đã hoàn tác")');
    await waitForPending(page, 2 * eventsOf(resident('16_30')));
    await context.setOffline(false);
    await waitForPending(page, 0);
    // A resident after it, stored once the undo before it is: the offline visit is gone by then.
    await record(page, resident('45_59'));
    await waitForPending(page, 0);
    // A reload (or the tablet restarted) within the two minutes still offers the undo.
    await page.reload();
    await page.waitForSelector('#undo');
    expect(await page.textContent('#last-visit')).toContain('45–59');
    const expected = { '31_44': 1, '45_59': 1, '60_64': 1 };
    expect(await eventually(() => storedVisits(kiosk.id), expected)).toEqual(expected);

    // Two minutes on, the server would not take the visit back: the app no longer offers it.
    await page.clock.fastForward(UNDO_WINDOW_MS - 5_000);
    expect(await page.isVisible('#undo')).toBe(true);
    await page.clock.fastForward(6_000);
    expect(await page.$('#undo')).toBeNull();
    await page.click('#language');
    expect(await page.$('#undo')).toBeNull();
    await context.close();
  }, 120_000);

  it('keeps what it holds when its key is refused, asks for a new code, and sends it all, once, after pairing', async () => {
    const since = Date.now();
    const kiosk = await createKiosk(test.url, TAN_DINH, 'Bàn hỗ trợ 4');
    const page = await pairedPage((await pairingCode(kiosk.id)).url);
    const context = page.context();
    for (const age of ['31_44', '45_59'] as const) await record(page, { age, guides: ['public_services'] });
    await waitForPending(page, 0);

    await context.setOffline(true);
    for (const age of ['75_plus', '75_plus', 'unknown'] as const) await record(page, { age, guides: [] });
    await waitForPending(page, 3);
    expect((await call(`${test.url}/api/v1/kiosks/${kiosk.id}/revoke`, { method: 'POST' })).status).toBe(200);
    await context.setOffline(false);

    await page.waitForSelector('#pair-kept:has-text("3 bản ghi chưa gửi vẫn được giữ trên máy này")');
    expect(await page.textContent('h1')).toBe('Cần ghép nối lại');
    expect(await page.textContent('.repair-reason')).toContain('Hãy nhờ cán bộ phường cấp mã ghép nối mới.');
    // A reload keeps both the screen and the events.
    await page.reload();
    await page.waitForSelector('#pair-kept:has-text("3 bản ghi")');

    await page.fill('#pair-code', (await pairingCode(kiosk.id)).code);
    await page.click('#pair-submit');
    await page.waitForSelector('#start');
    await waitForPending(page, 0);
    expect((await waitForPeople(TAN_DINH, since, 5)).peopleReached).toBe(5);
    expect(await storedVisits(kiosk.id)).toEqual({ '31_44': 1, '45_59': 1, '75_plus': 2, unknown: 1 });
    await context.close();
  });

  describe('each screen', () => {
    let context: BrowserContext;
    let page: Page;
    let kioskId: string;

    beforeAll(async () => {
      const kiosk = await createKiosk(test.url, TAN_SON_HOA, 'Khu phố 28 — Nhà văn hóa');
      kioskId = kiosk.id;
      page = await test.page({ viewport: PHONE });
      context = page.context();
    });
    afterAll(async () => {
      await context.close();
    });

    it('fits, passes axe and has large targets at 390x844, 800x1280 and 1280x800, in Vietnamese and English', async () => {
      await page.goto(`${test.url}/kiosk/`);
      await page.waitForSelector('#pair-code');
      await checkScreen(page, 'pair');
      await page.click('#language');
      await expectEnglishOnly(page, 'pair');
      await page.click('#language');

      await page.fill('#pair-code', (await pairingCode(kioskId)).code);
      await page.click('#pair-submit');
      await page.waitForSelector('[data-role]');
      await checkScreen(page, 'role');
      await page.click('[data-role="ward_staff"]');
      await page.waitForSelector('#start');
      await checkScreen(page, 'start');
      await page.click('#start');
      await checkScreen(page, 'age');
      await page.click('[data-age="65_74"]');
      await page.click('[data-guide="vneid"]');
      await page.click('[data-account="2"]');
      await page.click('[data-outcome="smart_device_set_up"]');
      await checkScreen(page, 'outcomes');
      await page.click('#done');
      await page.waitForSelector('#undo');
      await checkScreen(page, 'after-visit');
      await page.click('#settings');
      await checkScreen(page, 'settings');

      await page.click('[data-language="en"]');
      for (const [name, go] of [
        ['settings', async () => undefined],
        ['start', () => page.click('#settings-back')],
        ['age', () => page.click('#start')],
        ['outcomes', () => page.click('[data-age="unknown"]')],
        ['after-visit', () => page.click('#done')],
        ['rated', () => page.click('[data-rating="3"]')],
      ] as const) {
        await go();
        await expectEnglishOnly(page, name);
      }
      expect(await page.textContent('#start')).toBe('Start');
      await page.click('#language');
      expect(await page.textContent('#start')).toBe('Bắt đầu');

      // The server refuses the key: the re-pair screen, in both languages.
      expect((await call(`${test.url}/api/v1/kiosks/${kioskId}/revoke`, { method: 'POST' })).status).toBe(200);
      await page.reload();
      await page.waitForSelector('#pair-kept');
      await checkScreen(page, 'repair');
      await page.click('#language');
      await expectEnglishOnly(page, 'repair');
      await page.click('#language');
    }, 120_000);
  });
});
