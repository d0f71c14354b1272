import { randomUUID } from 'node:crypto';
import { kioskClock } from '@kiosk-pulse/demo';
import type { Page } from 'playwright-core';
import { call } from '../support/http';

/** Two wards the browser tests use: Phường Sài Gòn and Phường Chánh Hiệp. */
export const SAI_GON = '26740';
export const CHANH_HIEP = '25771';
export const DAY = 86_400_000;

/**
 * Resolves once two frames have been drawn and `ms` more have passed: what the page does with an
 * answer, a resize or a push has run by then.
 */
export const afterFrames = (page: Page, ms = 0): Promise<unknown> =>
  page.evaluate(
    (wait) =>
      new Promise((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => window.setTimeout(resolve, wait))),
      ),
    ms,
  );

/** The city's day (YYYY-MM-DD) `offset` days from today, computed apart from the dashboard's code. */
export function cityDay(offset = 0, now = Date.now()): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(now);
  const [y, m, d] = today.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + offset)).toISOString().slice(0, 10);
}

/** A city day (YYYY-MM-DD) as each language writes a date, worked out apart from the dashboard. */
export const written = (day: string, language: 'vi' | 'en' = 'vi'): string => {
  const [y, m, d] = day.split('-');
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return language === 'vi' ? `${d}/${m}/${y}` : `${Number(d)} ${months[Number(m) - 1]} ${y}`;
};

/** A number as the dashboard writes it (Vietnamese grouping: 1.234). */
export const shown = (value: number | string): string =>
  typeof value === 'number' ? new Intl.NumberFormat('vi-VN').format(value) : value;

export async function createUser(url: string, username: string, role: string, wardCode: string | null) {
  const reply = await call(`${url}/api/v1/users`, {
    json: { username, password: `${username}-password`, role, wardCode },
  });
  expect(reply.status).toBe(201);
  return { username, password: `${username}-password` };
}

export async function createKiosk(url: string, wardCode: string, label: string): Promise<{ id: string; key: string }> {
  const reply = await call(`${url}/api/v1/kiosks`, { json: { wardCode, label } });
  expect(reply.status).toBe(201);
  return { id: reply.body.id, key: reply.body.key };
}

/**
 * One resident's visit at `time`: the visit, a guide started and completed, and for a VNeID
 * guide an account registered.
 */
export function visit(time: number, ageGroup: string, guide = 'vneid'): object[] {
  const at = kioskClock(time);
  const events: object[] = [
    { id: randomUUID(), type: 'visit_started', occurredAt: at, ageGroup, helperRole: 'youth_volunteer' },
    { id: randomUUID(), type: 'guide_started', occurredAt: at, guide, ageGroup },
    { id: randomUUID(), type: 'guide_completed', occurredAt: at, guide, ageGroup, durationMs: 300_000 },
  ];
  if (guide === 'vneid')
    events.push({ id: randomUUID(), type: 'account_registered', occurredAt: at, ageGroup, level: 1 });
  return events;
}

export const visits = (count: number, time: number, ageGroup: string, guide = 'vneid'): object[] =>
  Array.from({ length: count }, () => visit(time, ageGroup, guide)).flat();

/** Posts events as a kiosk does, in batches the API takes, and checks every one was accepted. */
export async function post(url: string, key: string, events: object[]): Promise<void> {
  for (let start = 0; start < events.length; start += 500) {
    const batch = events.slice(start, start + 500);
    const reply = await call(`${url}/api/v1/events`, { token: key, json: { sentAt: kioskClock(), events: batch } });
    expect(reply.status).toBe(202);
    expect(reply.body.accepted).toBe(batch.length);
  }
}

/**
 * Waits until the worker has stored what was posted: the people reached over the query's kiosks
 * reach `expected`. The per-kiosk figures publish no age split: a closed period's split is
 * published, once, at the first read of it (docs/privacy.md), which must not come before its events.
 */
export async function waitForPeople(url: string, query: Record<string, string>, expected: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const reply = await call<{ kiosks: { peopleReached: number }[] }>(
      `${url}/api/v1/stats/kiosks?${new URLSearchParams(query)}`,
    );
    const people = reply.body.kiosks.reduce((sum, kiosk) => sum + kiosk.peopleReached, 0);
    if (people === expected) return;
    if (Date.now() > deadline) throw new Error(`peopleReached stayed ${people}, not ${expected}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One `outcome_recorded` event of each outcome given, at `time` (ms), `gapMs` apart (a kiosk's bound per minute). */
export const outcomes = (names: string[], time: number, gapMs = 60_000): object[] =>
  names.map((outcome, index) => ({
    id: randomUUID(),
    type: 'outcome_recorded',
    occurredAt: kioskClock(time + index * gapMs),
    outcome,
  }));

/** One `visit_rated` event ("Hài lòng?": 1, 2 or 3) of each answer given, at `time` (ms), a minute apart. */
export const ratings = (answers: number[], time: number): object[] =>
  answers.map((rating, index) => ({
    id: randomUUID(),
    type: 'visit_rated',
    occurredAt: kioskClock(time + index * 60_000),
    rating,
  }));

/**
 * Waits until the worker has stored what was posted, as the stats summary of `query` sees it:
 * `done` says when. Each post is a job of its own, written in any order.
 */
export async function waitForSummary<T = any>(
  url: string,
  query: Record<string, string>,
  done: (summary: T) => boolean,
): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const reply = await call<T>(`${url}/api/v1/stats/summary?${new URLSearchParams(query)}`);
    if (reply.status === 200 && done(reply.body)) return reply.body;
    if (Date.now() > deadline) throw new Error(`the summary of ${JSON.stringify(query)} never got there`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
