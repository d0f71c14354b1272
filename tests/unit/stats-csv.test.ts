import { parse } from 'csv-parse/sync';
import type { FastifyReply } from 'fastify';
import type { AgeSplit, PublishedFunnel, WardCounts } from '@kiosk-pulse/contract';
import { sendCsv } from '../../apps/api/src/stats/csv';
import {
  funnelCsv,
  heatmapCsv,
  summaryCsv,
  timeseriesCsv,
  wardsCsv,
  kiosksCsv,
} from '../../apps/api/src/stats/stats.csv';

/** The file as a spreadsheet reads it: BOM dropped, one array of cells per line. */
function cells(table: Parameters<typeof sendCsv>[2]): string[][] {
  const headers: Record<string, string> = {};
  const reply = { header: (name: string, value: string) => (headers[name] = value) } as unknown as FastifyReply;
  const file = sendCsv(reply, 'x.csv', table);
  expect(file.startsWith('\ufeff')).toBe(true);
  expect(headers['content-type']).toBe('text/csv; charset=utf-8');
  return parse(file.slice(1));
}

const figures = (people: number) => ({
  peopleReached: people,
  guidesCompleted: 3,
  accountsRegistered: 0,
  byGuide: { vneid: 3, public_services: 0, procedure_lookup: 0, scam_awareness: 0, other: 0 },
  byOutcome: {
    vneid_level2_activated: 2,
    smart_device_set_up: 0,
    portal_account_created: 1,
    portal_application_submitted: 0,
    epayment_account_opened: 0,
    social_security_linked: 0,
    digital_citizen_app_installed: 4,
    bdhvs_certified: 0,
  },
  byRating: { 1: 1, 2: 0, 3: 5 },
});

/** An age split of two published days: one exact group, one partly hidden, one hidden. */
const split: AgeSplit = {
  period: 'day',
  from: '2026-12-02',
  to: '2026-12-04',
  total: 30,
  byAgeGroup: {
    under_14: 0,
    '14_15': 0,
    '16_30': 0,
    '31_44': 0,
    '45_59': 0,
    '60_64': 9,
    '65_74': { atLeast: 12 },
    '75_plus': { atLeast: 0 },
    unknown: 0,
  },
};

describe('CSV exports', () => {
  it('writes the city hour and day beside each instant, across the city midnight (17:00 UTC)', () => {
    // 23:00 on 3 December and 00:00 on 4 December in the city; the second hour is still open.
    const hours = cells(
      timeseriesCsv('vi', 'peopleReached', 'hour', [
        { t: '2026-12-03T16:00:00.000Z', value: 1 },
        { t: '2026-12-03T17:00:00.000Z', value: 2, partial: true },
      ]),
    );
    expect(hours).toEqual([
      ['Bắt đầu (ISO 8601, giờ TP.HCM)', 'Giờ (TP.HCM)', 'Lượt người được hỗ trợ', 'Đang diễn ra (số liệu chưa trọn)'],
      ['2026-12-03T23:00:00+07:00', '2026-12-03 23:00', '1', ''],
      ['2026-12-04T00:00:00+07:00', '2026-12-04 00:00', '2', 'có'],
    ]);
    // A city day starts at 17:00 UTC the day before: its row names the city day, not the UTC one.
    const days = cells(
      timeseriesCsv('en', 'guidesCompleted', 'day', [
        { t: '2026-12-02T17:00:00.000Z', value: 4 },
        { t: '2026-12-03T17:00:00.000Z', value: 5, partial: true },
      ]),
    );
    expect(days).toEqual([
      [
        'Start (ISO 8601, Ho Chi Minh City time)',
        'Day (Ho Chi Minh City)',
        'Guides completed',
        'In progress (partial figure)',
      ],
      ['2026-12-03T00:00:00+07:00', '2026-12-03', '4', ''],
      ['2026-12-04T00:00:00+07:00', '2026-12-04', '5', 'yes'],
    ]);
  });

  it('gives headers and labels in Vietnamese or English, rates as rounded percentages and durations in minutes', () => {
    const summary = cells(summaryCsv('vi', figures(9), split, figures(6)));
    expect(summary[0]).toEqual(['Bảng', 'Mục', 'Giá trị', 'Kỳ trước', 'Thay đổi so với kỳ trước (%)']);
    expect(summary[1]).toEqual(['Tổng', 'Lượt người được hỗ trợ', '9', '6', '50']);
    // The age split names the published days it covers (the last one included) and its people.
    expect(summary).toContainEqual([
      'Theo nhóm tuổi',
      'Các ngày đã công bố theo nhóm tuổi',
      '2026-12-02 – 2026-12-03',
      '',
      '',
    ]);
    expect(summary).toContainEqual(['Theo nhóm tuổi', 'Lượt người trong số liệu theo nhóm tuổi', '30', '', '']);
    expect(summary).toContainEqual(['Theo nhóm tuổi', '60–64 tuổi', '9', '', '']);
    expect(summary).toContainEqual(['Theo nhóm tuổi', '65–74 tuổi', '≥ 12', '', '']);
    expect(summary).toContainEqual(['Theo nhóm tuổi', 'Từ 75 tuổi', 'ẩn', '', '']);
    expect(summary).toContainEqual(['Theo hướng dẫn', 'VNeID', '3', '', '']);
    // The city's outcomes, each on a row of its own.
    expect(summary).toContainEqual(['Kết quả', 'Kích hoạt tài khoản định danh điện tử mức 2', '2', '', '']);
    expect(summary).toContainEqual(['Kết quả', 'Cài ứng dụng Công dân số', '4', '', '']);
    expect(summary.filter((row) => row[0] === 'Kết quả')).toHaveLength(8);
    expect(summary).toContainEqual(['Hài lòng?', 'Hài lòng', '5', '', '']);
    expect(summary).toContainEqual(['Hài lòng?', 'Chưa hài lòng', '1', '', '']);
    const today = cells(summaryCsv('en', figures(1), { ...split, from: null, to: null, total: 0 }, figures(3)));
    expect(today).toContainEqual([
      'By age group',
      'Days published by age group',
      'none yet (age groups are published for days that are over)',
      '',
      '',
    ]);
    expect(cells(summaryCsv('en', figures(1), split, figures(3)))[1]).toEqual([
      'Total',
      'People helped (visits)',
      '1',
      '3',
      '-66.7',
    ]);

    const steps = {
      started: 3,
      completed: 1,
      abandoned: 2,
      completionRate: 1 / 3,
      medianDurationMs: 123_456,
      p90DurationMs: 300_000,
    };
    const none = { ...steps, started: 0, completed: 0, abandoned: 0, completionRate: null, medianDurationMs: null };
    const funnel: PublishedFunnel = {
      guide: 'scam_awareness',
      ...steps,
      byAgeGroup: {
        under_14: none,
        '14_15': none,
        '16_30': none,
        '31_44': none,
        '45_59': none,
        '60_64': {
          started: { atLeast: 0 },
          completed: { atLeast: 7 },
          abandoned: { atLeast: 0 },
          completionRate: null,
          medianDurationMs: null,
          p90DurationMs: null,
        },
        '65_74': none,
        '75_plus': none,
        unknown: none,
      },
    };
    const vi = cells(funnelCsv('vi', [funnel]));
    expect(vi[0]).toEqual([
      'Hướng dẫn',
      'Nhóm tuổi',
      'Bắt đầu',
      'Hoàn thành',
      'Bỏ dở',
      'Tỷ lệ hoàn thành (%)',
      'Thời gian trung vị (phút)',
      'Thời gian phân vị 90 (phút)',
    ]);
    expect(vi[1]).toEqual(['Nhận diện lừa đảo', 'Mọi lứa tuổi', '3', '1', '2', '33.3', '2.1', '5']);
    expect(vi).toContainEqual(['Nhận diện lừa đảo', '60–64 tuổi', 'ẩn', '≥ 7', 'ẩn', '', '', '']);
    // A ward's funnel has no age lines: only the all-ages line per guide.
    expect(cells(funnelCsv('vi', [{ ...funnel, byAgeGroup: null }]))).toHaveLength(2);
    const en = cells(funnelCsv('en', [funnel]));
    expect(en[0]).toEqual([
      'Guide',
      'Age group',
      'Started',
      'Completed',
      'Abandoned',
      'Completion rate (%)',
      'Median duration (minutes)',
      '90th percentile duration (minutes)',
    ]);
    expect(en[1].slice(0, 2)).toEqual(['Scam awareness', 'All ages']);

    const heatmap = cells(heatmapCsv('en', 'peopleReached', [{ weekday: 7, hour: 9, value: 4 }]));
    expect(heatmap).toEqual([
      ['Weekday', 'Hour (Ho Chi Minh City)', 'People helped (visits)'],
      ['Sunday', '09:00', '4'],
    ]);
    expect(cells(heatmapCsv('vi', 'peopleReached', [{ weekday: 1, hour: 0, value: 0 }]))[1]).toEqual([
      'Thứ Hai',
      '00:00',
      '0',
    ]);
  });

  it('keeps free text from running as a formula in Excel or LibreOffice, and negative numbers as numbers', () => {
    const ward = (source: string): WardCounts => ({
      wardCode: '26740',
      name: 'Phường Sài Gòn',
      peopleReached: 0,
      guidesCompleted: 0,
      accountsRegistered: 0,
      peopleReached60Plus: null,
      population: { total: 45_000, aged60Plus: null, source, asOf: '2024-12-31' },
      per10k: { peopleReached: 0, guidesCompleted: 0, accountsRegistered: 0, peopleReached60Plus: null },
    });
    const dangerous = ['=1+2', '+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '＝1'];
    const wards = cells(wardsCsv('en', dangerous.map(ward)));
    expect(wards.slice(1).map((row) => row[12])).toEqual(dangerous.map((text) => `'${text}`));
    // The withheld 60+ count of another ward is a blank cell.
    expect(wards[1][5]).toBe('');

    const kiosk = (label: string) => ({ kioskId: 'k', label, wardCode: '26740', ...figures(0) });
    const kiosks = cells(kiosksCsv('vi', [kiosk('=HYPERLINK("http://x","y")'), kiosk('Nhà văn hóa - khu 1')]));
    expect(kiosks[1][1]).toBe(`'=HYPERLINK("http://x","y")`);
    expect(kiosks[2][1]).toBe('Nhà văn hóa - khu 1');
    expect(cells(summaryCsv('en', figures(1), split, figures(2)))[1][4]).toBe('-50');
  });
});
