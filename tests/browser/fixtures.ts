import { randomUUID } from 'node:crypto';
import { kioskClock } from '../../apps/api/src/demo/simulated-visit';
import { call } from '../support/http';

/** The city's day (YYYY-MM-DD) `offset` days from today, computed apart from the dashboard's code. */
export function cityDay(offset = 0, now = Date.now()): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(now);
  const [y, m, d] = today.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + offset)).toISOString().slice(0, 10);
}

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

/** Waits until the worker has stored what was posted: the API's figure for a query reaches `expected`. */
export async function waitForPeople(url: string, query: Record<string, string>, expected: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const reply = await call(`${url}/api/v1/stats/summary?${new URLSearchParams(query)}`);
    if (reply.body.peopleReached === expected) return;
    if (Date.now() > deadline) throw new Error(`peopleReached stayed ${reply.body.peopleReached}, not ${expected}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
