import type { ReportLanguage } from '@kiosk-pulse/contract';
import { REPORT_LABELS, TARGET_STATUS_LABELS, labelsIn, type TargetStatus } from '@kiosk-pulse/contract';

/** Every word the report page writes, in the report's language (it is printed, so it has no switch). */
export interface PageWords {
  title: string;
  city: string;
  generated: string;
  period: string;
  previousPeriod: string;
  headline: string;
  item: string;
  value: string;
  previous: string;
  change: string;
  median: string;
  againstMedian: string;
  metrics: { peopleReached: string; guidesCompleted: string; accountsRegistered: string };
  days: string;
  day: string;
  ages: string;
  ageGroup: string;
  visits: string;
  sixtyPlus: string;
  sixtyPlusNote: string;
  ageCovers: (first: string, last: string) => string;
  ageNone: string;
  hidden: string;
  outcomes: string;
  outcome: string;
  guides: string;
  guide: string;
  started: string;
  completed: string;
  completionRate: string;
  targets: string;
  targetsAsOf: (day: string) => string;
  noTargets: string;
  indicator: string;
  ward: string;
  target: string;
  reached: string;
  percent: string;
  neededPerDay: string;
  recentPerDay: string;
  projected: string;
  deadline: string;
  status: Record<TargetStatus, string>;
  wholeCity: string;
  kiosks: string;
  kiosksRegistered: string;
  kiosksActive: string;
  meanUptime: string;
  uptimeNote: string;
  kiosk: string;
  daysActive: string;
  uptime: string;
  kioskListShort: (shown: number, all: number) => string;
  campaigns: string;
  noCampaigns: string;
  name: string;
  place: string;
  when: string;
  kioskCount: string;
  notes: string;
  noChange: string;
  failed: string;
}

export const PAGE_WORDS: Record<ReportLanguage, PageWords> = {
  vi: {
    title: REPORT_LABELS.title.vi,
    city: REPORT_LABELS.city.vi,
    generated: REPORT_LABELS.generated.vi,
    period: REPORT_LABELS.period.vi,
    previousPeriod: 'Kỳ trước',
    headline: 'Số liệu chính',
    item: 'Chỉ số',
    value: 'Kỳ này',
    previous: 'Kỳ trước',
    change: 'So với kỳ trước',
    median: 'Phường, xã trung vị',
    againstMedian: 'So với trung vị',
    metrics: {
      peopleReached: 'Lượt người được hỗ trợ',
      guidesCompleted: 'Lượt hướng dẫn hoàn thành',
      accountsRegistered: 'Tài khoản VNeID đã đăng ký',
    },
    days: 'Lượt người được hỗ trợ mỗi ngày',
    day: 'Ngày',
    ages: 'Lượt người được hỗ trợ theo nhóm tuổi',
    ageGroup: 'Nhóm tuổi',
    visits: 'Số lượt',
    sixtyPlus: 'Từ 60 tuổi',
    sixtyPlusNote: 'Các nhóm từ 60 tuổi được tô đậm.',
    ageCovers: (first, last) => `Số theo nhóm tuổi là số đã công bố của các kỳ đã khép lại, ${first} – ${last}.`,
    ageNone: 'Chưa có kỳ nào khép lại để công bố số theo nhóm tuổi.',
    hidden: 'ẩn',
    outcomes: 'Kết quả theo Kế hoạch 31/KH-UBND',
    outcome: 'Kết quả',
    guides: 'Hướng dẫn và tỷ lệ hoàn thành',
    guide: 'Hướng dẫn',
    started: 'Bắt đầu',
    completed: 'Hoàn thành',
    completionRate: 'Tỷ lệ hoàn thành',
    targets: 'Chỉ tiêu và tiến độ',
    targetsAsOf: (day) => `Tính đến hết ngày ${day}; nhịp là trung bình 7 ngày trước đó.`,
    noTargets: 'Chưa có chỉ tiêu nào cho phạm vi này.',
    indicator: 'Chỉ tiêu',
    ward: 'Phường, xã',
    target: 'Mục tiêu',
    reached: 'Đã đạt',
    percent: '% mục tiêu',
    neededPerDay: 'Cần/ngày',
    recentPerDay: 'Nhịp 7 ngày',
    projected: 'Dự kiến đạt',
    deadline: 'Hạn',
    status: labelsIn(TARGET_STATUS_LABELS, 'vi'),
    wholeCity: REPORT_LABELS.wholeCity.vi,
    kiosks: 'Kiosk hoạt động',
    kiosksRegistered: 'Kiosk đã đăng ký',
    kiosksActive: 'Kiosk có lượt hỗ trợ',
    meanUptime: 'Tỷ lệ giờ có tín hiệu (trung bình)',
    uptimeNote: 'Tỷ lệ giờ có tín hiệu: số giờ kiosk gửi tín hiệu (kể cả nhịp tim) trên số giờ của kỳ.',
    kiosk: 'Kiosk',
    daysActive: 'Ngày hoạt động',
    uptime: 'Giờ có tín hiệu',
    kioskListShort: (shown, all) =>
      `${shown} kiosk có ít giờ tín hiệu nhất trong ${all}; danh sách đầy đủ trong tệp XLSX.`,
    campaigns: 'Ngày hội và chiến dịch trong kỳ',
    noCampaigns: 'Không có ngày hội hay chiến dịch nào trong kỳ.',
    name: 'Tên',
    place: 'Địa điểm',
    when: 'Thời gian',
    kioskCount: 'Số kiosk',
    notes: 'Ghi chú',
    noChange: '–',
    failed: 'Không tải được báo cáo.',
  },
  en: {
    title: REPORT_LABELS.title.en,
    city: REPORT_LABELS.city.en,
    generated: REPORT_LABELS.generated.en,
    period: REPORT_LABELS.period.en,
    previousPeriod: 'Previous period',
    headline: 'Headline figures',
    item: 'Figure',
    value: 'This period',
    previous: 'Previous',
    change: 'Change',
    median: 'Median ward',
    againstMedian: 'Against the median',
    metrics: {
      peopleReached: 'Visits (people helped)',
      guidesCompleted: 'Guides completed',
      accountsRegistered: 'VNeID accounts registered',
    },
    days: 'Visits per day',
    day: 'Day',
    ages: 'Visits by age group',
    ageGroup: 'Age group',
    visits: 'Visits',
    sixtyPlus: '60 and over',
    sixtyPlusNote: 'The groups aged 60 and over are in bold.',
    ageCovers: (first, last) => `Age-group counts are those published for the closed periods ${first} – ${last}.`,
    ageNone: 'No closed period yet: no age-group counts are published.',
    hidden: 'hidden',
    outcomes: 'Outcomes (Plan 31/KH-UBND)',
    outcome: 'Outcome',
    guides: 'Guides and completion rates',
    guide: 'Guide',
    started: 'Started',
    completed: 'Completed',
    completionRate: 'Completion rate',
    targets: 'Targets and pace',
    targetsAsOf: (day) => `As of the end of ${day}; the pace is the mean of the 7 days before.`,
    noTargets: 'No targets set for this scope.',
    indicator: 'Indicator',
    ward: 'Ward',
    target: 'Target',
    reached: 'Reached',
    percent: '% of target',
    neededPerDay: 'Needed/day',
    recentPerDay: '7-day pace',
    projected: 'Projected',
    deadline: 'Deadline',
    status: labelsIn(TARGET_STATUS_LABELS, 'en'),
    wholeCity: REPORT_LABELS.wholeCity.en,
    kiosks: 'Kiosks',
    kiosksRegistered: 'Kiosks registered',
    kiosksActive: 'Kiosks with visits',
    meanUptime: 'Hours with a signal (mean)',
    uptimeNote:
      'Hours with a signal: hours in which the kiosk sent anything (heartbeats included) over the hours of the period.',
    kiosk: 'Kiosk',
    daysActive: 'Days active',
    uptime: 'Hours with a signal',
    kioskListShort: (shown, all) =>
      `The ${shown} kiosks of ${all} with the fewest hours with a signal; the XLSX file lists all.`,
    campaigns: 'Kiosk days and campaigns in the period',
    noCampaigns: 'No kiosk days or campaigns in the period.',
    name: 'Name',
    place: 'Place',
    when: 'When',
    kioskCount: 'Kiosks',
    notes: 'Notes',
    noChange: '–',
    failed: 'The report could not be loaded.',
  },
};
