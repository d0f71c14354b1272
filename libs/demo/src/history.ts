import type { Pool, PoolClient } from 'pg';
import { cityDay, type KioskEvent } from '@kiosk-pulse/contract';
import { cityDayToInstant } from '@kiosk-pulse/contract/time';
import { simulatedVisit } from './simulated-visit';

/** A kiosk of the demo, with the name of its ward (a commune, "Xã …", is quieter than a ward). */
export interface HistoryKiosk {
  id: string;
  wardCode: string;
  wardName: string;
}

export interface HistoryOptions {
  /** How many city days before today to fill (today is the live kiosks'). */
  days: number;
  /** Ward kiosk days (city days, YYYY-MM-DD): that ward's kiosks see a crowd. */
  kioskDays?: { wardCode: string; day: string }[];
  now?: number;
}

const HOUR = 3_600_000;
const INSERT_ROWS = 5_000;

// Visits per kiosk on an ordinary weekday: a busy ward hall, a quieter commune, an island.
const BASE_VISITS = (wardName: string): number =>
  wardName.startsWith('Xã') ? 4 : wardName.startsWith('Đặc khu') ? 3 : 9;
// Sunday … Saturday: the halls are open on weekdays and Saturday mornings.
const WEEKDAY = [0.35, 1, 1, 1, 1, 0.95, 0.7];
// From 7:00 to 17:00 city time, with the lunch break.
const HOURS = [0.5, 1.2, 1.5, 1.4, 1.0, 0.3, 0.6, 1.2, 1.3, 1.1, 0.6];
const KIOSK_DAY = 3.5;

function pickHour(): number {
  const total = HOURS.reduce((a, b) => a + b, 0);
  let left = Math.random() * total;
  for (const [index, weight] of HOURS.entries()) {
    left -= weight;
    if (left < 0) return 7 + index;
  }
  return 16;
}

/**
 * The visits of `days` past city days at these kiosks: a weekday and hour-of-day curve, adoption
 * growing over the period, quieter communes, crowds on kiosk days. Each visit is the simulator's
 * (simulatedVisit), so the history reads like the live kiosks that follow it.
 */
export function* historicVisits(
  kiosks: HistoryKiosk[],
  options: HistoryOptions,
): Generator<{ kiosk: HistoryKiosk; events: KioskEvent[] }> {
  const now = options.now ?? Date.now();
  const kioskDays = new Set((options.kioskDays ?? []).map(({ wardCode, day }) => `${wardCode} ${day}`));
  // Each kiosk busier or quieter than its kind, for the whole period.
  const pull = new Map(kiosks.map((kiosk) => [kiosk.id, 0.6 + Math.random() * 0.8]));
  for (let back = options.days; back >= 1; back--) {
    const day = cityDay(now, -back);
    const midnight = cityDayToInstant(day).getTime();
    // City noon is 05:00 UTC the same date, so its UTC weekday is the city's.
    const weekday = new Date(midnight + 12 * HOUR).getUTCDay();
    const growth = 0.7 + (0.4 * (options.days - back)) / options.days;
    for (const kiosk of kiosks) {
      const crowd = kioskDays.has(`${kiosk.wardCode} ${day}`) ? KIOSK_DAY : 1;
      const mean = BASE_VISITS(kiosk.wardName) * (pull.get(kiosk.id) ?? 1) * WEEKDAY[weekday] * growth * crowd;
      const visits = Math.round(mean * (0.7 + Math.random() * 0.6));
      for (let i = 0; i < visits; i++) {
        const start = midnight + pickHour() * HOUR + Math.floor(Math.random() * HOUR);
        yield { kiosk, events: simulatedVisit(start) };
      }
    }
  }
}

// Written straight into the events table: the history is older than the ingest window takes.
const INSERT_HISTORY = `
  INSERT INTO events (id, occurred_at, received_at, kiosk_id, ward_code, type, age_group, guide, level,
                      helper_role, duration_ms, outcome)
  SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $2::timestamptz[], $3::uuid[], $4::text[],
                       $5::event_type[], $6::age_group[], $7::guide[], $8::smallint[], $9::helper_role[],
                       $10::integer[], $11::outcome[])`;

/** Writes the history of historicVisits; resolves with the visits and events written. */
export async function seedHistory(
  pool: Pool | PoolClient,
  kiosks: HistoryKiosk[],
  options: HistoryOptions,
): Promise<{ visits: number; events: number }> {
  let visits = 0;
  let written = 0;
  let rows: unknown[][] = Array.from({ length: 11 }, () => []);
  const flush = async () => {
    if (rows[0].length === 0) return;
    await pool.query(INSERT_HISTORY, rows);
    written += rows[0].length;
    rows = Array.from({ length: 11 }, () => []);
  };
  for (const { kiosk, events } of historicVisits(kiosks, options)) {
    visits++;
    for (const event of events) {
      const values = [
        event.id,
        event.occurredAt,
        kiosk.id,
        kiosk.wardCode,
        event.type,
        event.ageGroup ?? null,
        event.guide ?? null,
        event.level ?? null,
        event.helperRole ?? null,
        event.durationMs ?? null,
        event.outcome ?? null,
      ];
      values.forEach((value, column) => rows[column].push(value));
    }
    if (rows[0].length >= INSERT_ROWS) await flush();
  }
  await flush();
  return { visits, events: written };
}
