import { addCityDays, cityDay, type Ward } from '@kiosk-pulse/contract';
import { DEMO_HISTORY_DAYS } from './history';

/*
 * The demo's targets, in the spirit of Kế hoạch 31/KH-UBND: per ward, VNeID accounts activated
 * at level 2 and residents 60+ helped, in proportion to the ward's official population; for the
 * city, Bình dân học vụ số certificates and the Digital Citizen app. Set a little above what the
 * demo's kiosks will reach, so that some wards are on track and others behind: at 60% of these
 * (the shares before 2026-12-06), a demo's median ward had 131% of its targets three weeks
 * before the deadline.
 */
const PER_RESIDENT = { vneid: 0.0015, elderlyVisits: 0.004, bdhvs: 0.0009, digitalCitizen: 0.0028 };
const NOTE = 'Mô phỏng theo Kế hoạch 31/KH-UBND';

/** The last day of the quarter of `day`, or of the next one when fewer than 14 days are left. */
export function quarterEnd(day: string): string {
  const [year, month] = day.split('-').map(Number);
  const lastMonth = Math.ceil(month / 3) * 3;
  const end = addCityDays(
    `${lastMonth === 12 ? year + 1 : year}-${String((lastMonth % 12) + 1).padStart(2, '0')}-01`,
    -1,
  );
  return end < addCityDays(day, 14) ? quarterEnd(addCityDays(end, 1)) : end;
}

/** The demo's targets as the city's spreadsheet (the import's CSV). */
export function demoTargetsCsv(wards: Ward[], now = Date.now()): string {
  const start = cityDay(now, -DEMO_HISTORY_DAYS);
  const deadline = quarterEnd(cityDay(now));
  const rows = [['indicator', 'age_groups', 'ward_code', 'team', 'target', 'start_day', 'deadline', 'note']];
  let residents = 0;
  for (const ward of wards) {
    const population = ward.population?.total;
    if (!population) continue;
    residents += population;
    const count = (share: number, least: number) => String(Math.max(least, Math.round(population * share)));
    rows.push(['vneid_level2_activated', '', ward.code, '', count(PER_RESIDENT.vneid, 5), start, deadline, NOTE]);
    rows.push(['visits', '60+', ward.code, '', count(PER_RESIDENT.elderlyVisits, 10), start, deadline, NOTE]);
  }
  const city = (share: number) => String(Math.round(residents * share));
  rows.push(['bdhvs_certified', '', '', '', city(PER_RESIDENT.bdhvs), start, deadline, NOTE]);
  rows.push(['digital_citizen_app_installed', '', '', '', city(PER_RESIDENT.digitalCitizen), start, deadline, NOTE]);
  return rows.map((row) => row.join(',')).join('\n') + '\n';
}

/** Imports the demo's targets once, when there are none; resolves with how many, or null. */
export async function seedDemoTargets(apiUrl: string, adminToken: string): Promise<number | null> {
  const api = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${apiUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${adminToken}`, ...init.headers },
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<unknown>;
  };
  if (((await api('/api/v1/targets')) as unknown[]).length > 0) return null;
  const csv = demoTargetsCsv((await api('/api/v1/wards')) as Ward[]);
  await api('/api/v1/targets/import', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
  return csv.trim().split('\n').length - 1;
}
