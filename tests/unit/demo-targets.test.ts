import type { Ward } from '@kiosk-pulse/contract';
import { demoTargetsCsv, quarterEnd } from '../../apps/api/src/demo/targets';

const ward = (code: string, total: number | null): Ward => ({
  code,
  name: `Phường ${code}`,
  nameEn: `Ward ${code}`,
  kind: 'ward',
  formerProvince: 'TP.HCM (cũ)',
  population: total === null ? null : { total, aged60Plus: null, source: 'x', asOf: '2024-12-31' },
});

describe("the demo's targets", () => {
  it('end with a quarter, the next one when this one ends within two weeks', () => {
    expect(quarterEnd('2026-12-06')).toBe('2026-12-31');
    expect(quarterEnd('2026-12-20')).toBe('2027-03-31');
    expect(quarterEnd('2026-02-01')).toBe('2026-03-31');
    expect(quarterEnd('2026-06-17')).toBe('2026-09-30');
  });

  it('are the spreadsheet the import takes: two per ward with a population, two for the city', () => {
    const now = Date.parse('2026-12-06T03:00:00Z');
    const lines = demoTargetsCsv([ward('26740', 100_000), ward('26743', 2_000), ward('26977', null)], now)
      .trim()
      .split('\n');
    expect(lines[0]).toBe('indicator,age_groups,ward_code,team,target,start_day,deadline,note');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 7))).toEqual([
      ['vneid_level2_activated', '', '26740', '', '150', '2026-09-07', '2026-12-31'],
      ['visits', '60+', '26740', '', '400', '2026-09-07', '2026-12-31'],
      ['vneid_level2_activated', '', '26743', '', '5', '2026-09-07', '2026-12-31'],
      ['visits', '60+', '26743', '', '10', '2026-09-07', '2026-12-31'],
      ['bdhvs_certified', '', '', '', '92', '2026-09-07', '2026-12-31'],
      ['digital_citizen_app_installed', '', '', '', '286', '2026-09-07', '2026-12-31'],
    ]);
  });
});
