import type { Pool, PoolClient } from 'pg';
import { addCityDays, cityDay } from '@kiosk-pulse/contract';
import { cityDayToInstant } from '@kiosk-pulse/contract/time';
import { refreshAggregates } from '@kiosk-pulse/database';
import { seedHistory, type HistoryKiosk } from '@kiosk-pulse/demo';
import { DEMO_KIOSK_WARD } from './kiosk-link';

/** How far back the demo's history reaches. */
export const DEMO_HISTORY_DAYS = 90;
const HOUR = 3_600_000;

// Any event older than two days means the history is there already (or real data is).
const HAS_HISTORY = `SELECT EXISTS (SELECT 1 FROM events WHERE occurred_at < now() - INTERVAL '2 days') AS found`;
const DEMO_KIOSKS = `
  SELECT k.id, k.ward_code AS "wardCode", w.name AS "wardName"
  FROM kiosks AS k JOIN wards AS w ON w.code = k.ward_code
  WHERE k.revoked_at IS NULL`;

/**
 * The Sundays on which a few wards held a kiosk day in the period: Phường Tân Sơn Hòa's most
 * recent one (as its Khu phố 28 did on 9 November 2025), and four other wards' before it.
 */
export function demoKioskDays(wardCodes: string[], now = Date.now()): { wardCode: string; day: string }[] {
  let sunday = cityDay(now, -1);
  while (new Date(cityDayToInstant(sunday).getTime() + 12 * HOUR).getUTCDay() !== 0) {
    sunday = addCityDays(sunday, -1);
  }
  const others = wardCodes.filter((code) => code !== DEMO_KIOSK_WARD).slice(0, 4);
  return [DEMO_KIOSK_WARD, ...others].map((wardCode, index) => ({ wardCode, day: addCityDays(sunday, -14 * index) }));
}

/**
 * Fills the last DEMO_HISTORY_DAYS days for the demo's kiosks, once, on a database that holds
 * no history, and materializes the aggregates over them. Resolves with what it wrote, or null
 * when there was history already.
 */
export interface DemoHistory {
  visits: number;
  events: number;
  ms: number;
  /** The kiosk days in it, each with the ward's kiosks then. */
  kioskDays: { wardCode: string; day: string; kioskIds: string[] }[];
}

export async function seedDemoHistory(pool: Pool): Promise<DemoHistory | null> {
  const { rows } = await pool.query<{ found: boolean }>(HAS_HISTORY);
  if (rows[0].found) return null;
  const started = performance.now();
  // One connection for the whole history, taken as soon as it is free: on the embedded database
  // it is the only one, and the app's background work waits (or fails and runs again) meanwhile.
  const client = await connectPatiently(pool);
  let written: { visits: number; events: number };
  let kioskDays: DemoHistory['kioskDays'];
  try {
    const kiosks = (await client.query<HistoryKiosk>(DEMO_KIOSKS)).rows;
    const wards = [...new Set(kiosks.map((kiosk) => kiosk.wardCode))];
    const days = demoKioskDays(wards);
    written = await seedHistory(client, kiosks, { days: DEMO_HISTORY_DAYS, kioskDays: days });
    kioskDays = days.map((day) => ({
      ...day,
      kioskIds: kiosks.filter((kiosk) => kiosk.wardCode === day.wardCode).map((kiosk) => kiosk.id),
    }));
  } finally {
    client.release();
  }
  await refreshAggregates(pool);
  return { ...written, kioskDays, ms: Math.round(performance.now() - started) };
}

async function connectPatiently(pool: Pool): Promise<PoolClient> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await pool.connect();
    } catch (error) {
      if (attempt >= 12 || !/timeout/.test((error as Error).message)) throw error;
    }
  }
}
