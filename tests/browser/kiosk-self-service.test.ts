/// <reference lib="dom" />
// Some callbacks below run in the page, where the DOM is.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GuideContent } from '@kiosk-pulse/contract';
import type { Page } from 'playwright-core';
import { useDashboard } from '../support/browser';
import { createKiosk } from './fixtures';
import { checkScreen, expectEnglishOnly, pairingCode, PHONE, TABLET } from './kiosk-fixtures';

const TAN_SON_HOA = '26977';
const MINUTE = 60_000;
const guideFile = (id: string): GuideContent =>
  JSON.parse(readFileSync(join(__dirname, `../../apps/kiosk/guides/${id}.json`), 'utf8')) as GuideContent;

interface StoredEvent {
  type: string;
  guide: string | null;
  age_group: string | null;
  helper_role: string | null;
  duration_ms: number | null;
  rating: number | null;
  occurred_at: Date;
}

/*
 * Self-service mode (apps/kiosk): a resident alone at the kiosk goes through a guide one step per
 * screen, and the kiosk posts the guide's start and its end (completed, or abandoned: on Exit or
 * after three minutes without a touch) with its duration. The page's clock is Playwright's, moved
 * forward by the test, so that minutes pass in an instant.
 */
describe('the kiosk app in self-service mode', () => {
  const test = useDashboard({
    config: {
      kioskUsageLimits: { perMinute: 100_000, perDay: 1_000_000 },
      // The page's clock runs minutes ahead of the server's once the test has moved it on.
      eventMaxFutureMs: 60 * MINUTE,
    },
  });

  /** A fresh device paired to a new kiosk and set to self-service: its first screen. */
  const selfServiceKiosk = async (label: string, viewport = TABLET): Promise<{ page: Page; kioskId: string }> => {
    const kiosk = await createKiosk(test.url, TAN_SON_HOA, label);
    const page = await test.page({ viewport });
    // Speech is the device's: the test listens to what the app asks it to say.
    await page.addInitScript(() => {
      const spoken: { text: string; lang: string }[] = [];
      Object.assign(window, { spoken });
      if ('speechSynthesis' in window) {
        const speak = speechSynthesis.speak.bind(speechSynthesis);
        speechSynthesis.speak = (utterance) => {
          spoken.push({ text: utterance.text, lang: utterance.lang });
          speak(utterance);
        };
      }
    });
    await page.clock.install();
    await page.goto((await pairingCode(test.url, kiosk.id)).url);
    await page.click('[data-role="self_service"]');
    await page.waitForSelector('#self-start');
    return { page, kioskId: kiosk.id };
  };

  /** The kiosk's events once the server holds `count` of them. */
  const storedEvents = async (kioskId: string, count: number): Promise<StoredEvent[]> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { rows } = await test.app.pool.query<StoredEvent>(
        `SELECT type::text, guide::text, age_group::text, helper_role::text, duration_ms, rating, occurred_at
           FROM events WHERE kiosk_id = $1 ORDER BY occurred_at, type`,
        [kioskId],
      );
      if (rows.length >= count || Date.now() > deadline) return rows;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const text = (page: Page, selector: string) => page.textContent(selector).then((found) => found?.trim());

  it('takes a resident through a guide one step per screen, quiz included, and posts its duration', async () => {
    const { page, kioskId } = await selfServiceKiosk('Máy tự phục vụ — Nhà văn hóa');
    const guide = guideFile('scam_awareness');
    const quiz = guide.quiz ?? [];
    expect(quiz.length).toBeGreaterThan(1);

    await page.click('#self-start');
    await page.click('[data-age="65_74"]');
    await page.waitForSelector('.guides');
    const titles = await page.$$eval('[data-guide-id]', (buttons) => buttons.map((button) => button.textContent));
    expect(titles).toContain(guide.title.vi);
    expect(titles).toHaveLength(5);
    await page.click('[data-guide-id="scam_awareness"]');
    for (const [index, step] of guide.steps.entries()) {
      expect(await text(page, '#guide-progress')).toBe(`Bước ${index + 1}/${guide.steps.length}`);
      expect(await text(page, '#step-text')).toBe(step.vi);
      await page.clock.fastForward(15_000);
      await page.click('#step-next');
    }
    // A question waits for an answer; a wrong one is told so, with the reason and the right one.
    expect(await text(page, '#guide-progress')).toBe(`Câu hỏi 1/${quiz.length}`);
    expect(await page.isDisabled('#step-next')).toBe(true);
    const wrong = quiz[0].choices.findIndex((_, index) => index !== quiz[0].answer);
    await page.click(`[data-choice="${wrong}"]`);
    expect(await text(page, '#quiz-verdict')).toBe(`Chưa đúng. ${quiz[0].why.vi}`);
    expect(await page.getAttribute(`[data-choice="${quiz[0].answer}"]`, 'class')).toContain('right');
    // Back and forth keeps the place: the previous step, then the question again, unanswered.
    await page.click('#step-back');
    expect(await text(page, '#step-text')).toBe(guide.steps.at(-1)?.vi);
    await page.click('#step-next');
    for (const [index, question] of quiz.entries()) {
      await page.click(`[data-choice="${question.answer}"]`);
      expect(await text(page, '#quiz-verdict')).toBe(`Đúng rồi! ${question.why.vi}`);
      await page.click(index === quiz.length - 1 ? '#guide-finish' : '#step-next');
    }
    await page.waitForSelector('.guide-done');
    await page.click('[data-rating="3"]');
    await page.waitForSelector('#rating-thanks');
    await page.click('#self-end');
    await page.waitForSelector('#self-start');

    const events = await storedEvents(kioskId, 4);
    expect(
      events.map(({ type, guide: which, age_group, helper_role, rating }) => ({
        type,
        which,
        age_group,
        helper_role,
        rating,
      })),
    ).toEqual([
      { type: 'visit_started', which: null, age_group: '65_74', helper_role: 'self_service', rating: null },
      { type: 'guide_started', which: 'scam_awareness', age_group: '65_74', helper_role: 'self_service', rating: null },
      {
        type: 'guide_completed',
        which: 'scam_awareness',
        age_group: '65_74',
        helper_role: 'self_service',
        rating: null,
      },
      { type: 'visit_rated', which: null, age_group: null, helper_role: 'self_service', rating: 3 },
    ]);
    // Four steps of 15 s on the page's clock, and the taps' own time.
    const completed = events[2];
    expect(completed.duration_ms).toBeGreaterThanOrEqual(4 * 15_000);
    expect(completed.duration_ms).toBeLessThan(4 * 15_000 + 30_000);
    expect(completed.occurred_at.getTime() - events[1].occurred_at.getTime()).toBe(completed.duration_ms);
    await page.context().close();
  });

  it('counts a guide left alone for 3 minutes as abandoned at the last touch, and resets the screen', async () => {
    const { page, kioskId } = await selfServiceKiosk('Máy tự phục vụ — Khu phố 28');
    const guide = guideFile('vneid');
    await page.click('#self-start');
    // The resident reads in English and skips the age question.
    await page.click('#language');
    await page.click('[data-age="unknown"]');
    await page.click('[data-guide-id="vneid"]');
    expect(await text(page, '#step-text')).toBe(guide.steps[0].en);
    await page.clock.fastForward(20_000);
    await page.click('#step-next');

    // Two minutes 59 seconds without a touch: still there; a touch, and the wait starts again.
    await page.clock.fastForward(3 * MINUTE - 1_000);
    expect(await text(page, '#step-text')).toBe(guide.steps[1].en);
    await page.click('#step-next');
    await page.clock.fastForward(3 * MINUTE - 1_000);
    expect(await text(page, '#step-text')).toBe(guide.steps[2].en);
    await page.clock.fastForward(2_000);
    await page.waitForSelector('#self-start');

    // Nothing of that resident on the screen: the device's language, no guide, no step.
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    const shown = await page.textContent('body');
    for (const step of guide.steps) expect(shown).not.toContain(step.en);
    expect(shown).not.toContain(guide.title.en);

    const events = await storedEvents(kioskId, 3);
    expect(events.map((event) => [event.type, event.guide, event.age_group])).toEqual([
      ['visit_started', null, 'unknown'],
      ['guide_started', 'vneid', 'unknown'],
      ['guide_abandoned', 'vneid', 'unknown'],
    ]);
    // Abandoned when last touched: 20 s and 2:59 on the page's clock, not the 3 minutes' wait after.
    const abandoned = events[2];
    expect(abandoned.duration_ms).toBeGreaterThanOrEqual(20_000 + 3 * MINUTE - 1_000);
    expect(abandoned.duration_ms).toBeLessThan(20_000 + 3 * MINUTE + 20_000);
    await page.context().close();
  });

  it('abandons a guide at once on Exit, and reads a step aloud in Vietnamese', async () => {
    const { page, kioskId } = await selfServiceKiosk('Máy tự phục vụ — UBND');
    const guide = guideFile('procedure_lookup');
    await page.click('#self-start');
    await page.click('[data-age="45_59"]');
    await page.click('[data-guide-id="procedure_lookup"]');
    await page.click('#read-aloud');
    expect(await page.evaluate(() => (window as unknown as { spoken: unknown[] }).spoken)).toEqual([
      { text: guide.steps[0].vi, lang: 'vi-VN' },
    ]);
    await page.clock.fastForward(10_000);
    await page.click('#guide-exit');
    await page.waitForSelector('.guides');
    const events = await storedEvents(kioskId, 3);
    expect(events.map((event) => event.type)).toEqual(['visit_started', 'guide_started', 'guide_abandoned']);
    expect(events[2].duration_ms).toBeGreaterThanOrEqual(10_000);
    expect(events[2].duration_ms).toBeLessThan(30_000);
    await page.context().close();
  });

  it('fits, passes axe and has large targets on every screen, in Vietnamese and English', async () => {
    const { page } = await selfServiceKiosk('Kiosk tự phục vụ — Khu phố 28', PHONE);
    const steps: [string, string, () => Promise<unknown>][] = [
      ['self-start', 'self-start', async () => undefined],
      ['self-age', 'self-age', () => page.click('#self-start')],
      ['guides', 'guides', () => page.click('[data-age="31_44"]')],
      ['guide-step', 'guide', () => page.click('[data-guide-id="scam_awareness"]')],
      [
        'guide-quiz',
        'guide',
        async () => {
          for (let step = 0; step < guideFile('scam_awareness').steps.length; step++) await page.click('#step-next');
          await page.click('[data-choice="0"]');
        },
      ],
      [
        'guide-done',
        'guide-done',
        async () => {
          await page.click('#guide-exit');
          await page.click('[data-guide-id="digital_citizen_app"]');
          const pages = guideFile('digital_citizen_app').steps.length;
          for (let step = 1; step < pages; step++) await page.click('#step-next');
          await page.click('#guide-finish');
        },
      ],
    ];
    for (const [name, screen, go] of steps) {
      await go();
      await page.waitForSelector(`main[data-screen="${screen}"]`);
      await checkScreen(page, name);
    }
    await page.click('#language');
    await expectEnglishOnly(page, 'guide-done');
    await page.click('#another-guide');
    await expectEnglishOnly(page, 'guides');
    await page.click('[data-guide-id="vneid"]');
    await page.waitForSelector('main[data-screen="guide"]');
    await expectEnglishOnly(page, 'guide-step');
    await page.context().close();
  }, 120_000);
});
