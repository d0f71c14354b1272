import { REPORT_LABELS, TARGET_STATUS_LABELS, labelsIn, type TargetStatus } from '@kiosk-pulse/contract';
import type { ReportLanguage } from '@kiosk-pulse/contract';

/** The words a report file writes for people (the PDF's footer, the XLSX's sheets and headers), in each language. */
export interface ReportWords {
  city: string;
  title: string;
  fileStem: string;
  suppressionRule: (threshold: number) => string;
  generated: string;
  page: string;
  of: string;
  sheets: {
    summary: string;
    outcomes: string;
    ages: string;
    guides: string;
    targets: string;
    kiosks: string;
    campaigns: string;
    days: string;
  };
  columns: {
    item: string;
    value: string;
    previous: string;
    change: string;
    median: string;
    againstMedian: string;
    outcome: string;
    ageGroup: string;
    visits: string;
    sixtyPlus: string;
    guide: string;
    started: string;
    completed: string;
    abandoned: string;
    completionRate: string;
    indicator: string;
    ward: string;
    target: string;
    count: string;
    percent: string;
    neededPerDay: string;
    recentPerDay: string;
    projectedDay: string;
    startDay: string;
    deadline: string;
    status: string;
    kiosk: string;
    daysActive: string;
    hoursHeard: string;
    uptime: string;
    name: string;
    place: string;
    startsAt: string;
    endsAt: string;
    kiosks: string;
    day: string;
    period: string;
    firstDay: string;
    lastDay: string;
    generatedAt: string;
    note: string;
  };
  /** A target's note where its count (or pace) is a lower bound: a published period hid part of it. */
  atLeast: string;
  /** The same where only the last 7 days' pace is one. */
  paceAtLeast: string;
  allVisits: string;
  status: Record<TargetStatus, string>;
  cityTarget: string;
}

export const REPORT_WORDS: Record<ReportLanguage, ReportWords> = {
  vi: {
    city: REPORT_LABELS.city.vi,
    title: REPORT_LABELS.title.vi,
    fileStem: 'bao-cao',
    suppressionRule: (threshold) =>
      `Số theo nhóm tuổi từ 1 đến ${threshold - 1} lượt được ẩn (kèm ô bổ sung), như trên bảng điều khiển; tổng số là chính xác.`,
    generated: REPORT_LABELS.generated.vi,
    page: 'Trang',
    of: '/',
    sheets: {
      summary: 'Tổng hợp',
      outcomes: 'Kết quả',
      ages: 'Nhóm tuổi',
      guides: 'Hướng dẫn',
      targets: 'Chỉ tiêu',
      kiosks: 'Kiosk',
      campaigns: 'Ngày hội',
      days: 'Theo ngày',
    },
    columns: {
      item: 'Chỉ số',
      value: 'Kỳ này',
      previous: 'Kỳ trước',
      change: 'Thay đổi so với kỳ trước (%)',
      median: 'Phường, xã trung vị',
      againstMedian: 'So với trung vị (%)',
      outcome: 'Kết quả',
      ageGroup: 'Nhóm tuổi',
      visits: 'Lượt người được hỗ trợ',
      sixtyPlus: 'Từ 60 tuổi',
      guide: 'Hướng dẫn',
      started: 'Bắt đầu',
      completed: 'Hoàn thành',
      abandoned: 'Bỏ dở',
      completionRate: 'Tỷ lệ hoàn thành (%)',
      indicator: 'Chỉ tiêu',
      ward: 'Phường, xã',
      target: 'Mục tiêu (lượt)',
      count: 'Đã đạt (lượt)',
      percent: '% mục tiêu',
      neededPerDay: 'Cần mỗi ngày',
      recentPerDay: 'Nhịp 7 ngày qua (mỗi ngày)',
      projectedDay: 'Dự kiến đạt',
      startDay: 'Ngày bắt đầu',
      deadline: 'Hạn',
      status: 'Tình trạng',
      kiosk: 'Kiosk',
      daysActive: 'Số ngày hoạt động',
      hoursHeard: 'Số giờ có tín hiệu',
      uptime: 'Tỷ lệ giờ có tín hiệu (%)',
      name: 'Tên',
      place: 'Địa điểm',
      startsAt: 'Bắt đầu',
      endsAt: 'Kết thúc',
      kiosks: 'Số kiosk',
      day: 'Ngày',
      period: REPORT_LABELS.period.vi,
      firstDay: 'Từ ngày',
      lastDay: 'Đến ngày',
      generatedAt: 'Lập lúc',
      note: 'Ghi chú',
    },
    atLeast: 'Ít nhất: số đã đạt, % và nhịp là giới hạn dưới (số theo nhóm tuổi của một số ngày bị ẩn một phần).',
    paceAtLeast: 'Ít nhất: nhịp 7 ngày qua là giới hạn dưới (số theo nhóm tuổi của một số ngày bị ẩn một phần).',
    allVisits: 'Mọi lượt',
    status: labelsIn(TARGET_STATUS_LABELS, 'vi'),
    cityTarget: REPORT_LABELS.wholeCity.vi,
  },
  en: {
    city: REPORT_LABELS.city.en,
    title: REPORT_LABELS.title.en,
    fileStem: 'report',
    suppressionRule: (threshold) =>
      `Age-group counts of 1 to ${threshold - 1} visits are hidden (with complementary cells), as on the dashboard; totals are exact.`,
    generated: REPORT_LABELS.generated.en,
    page: 'Page',
    of: '/',
    sheets: {
      summary: 'Summary',
      outcomes: 'Outcomes',
      ages: 'Age groups',
      guides: 'Guides',
      targets: 'Targets',
      kiosks: 'Kiosks',
      campaigns: 'Campaigns',
      days: 'By day',
    },
    columns: {
      item: 'Figure',
      value: 'This period',
      previous: 'Previous period',
      change: 'Change on previous period (%)',
      median: 'Median ward',
      againstMedian: 'Against the median (%)',
      outcome: 'Outcome',
      ageGroup: 'Age group',
      visits: 'Visits',
      sixtyPlus: '60 and over',
      guide: 'Guide',
      started: 'Started',
      completed: 'Completed',
      abandoned: 'Abandoned',
      completionRate: 'Completion rate (%)',
      indicator: 'Indicator',
      ward: 'Ward',
      target: 'Target (visits)',
      count: 'Reached (visits)',
      percent: '% of target',
      neededPerDay: 'Needed per day',
      recentPerDay: 'Last 7 days per day',
      projectedDay: 'Projected date',
      startDay: 'Start',
      deadline: 'Deadline',
      status: 'Status',
      kiosk: 'Kiosk',
      daysActive: 'Days active',
      hoursHeard: 'Hours with a signal',
      uptime: 'Hours with a signal (%)',
      name: 'Name',
      place: 'Place',
      startsAt: 'Starts',
      endsAt: 'Ends',
      kiosks: 'Kiosks',
      day: 'Day',
      period: REPORT_LABELS.period.en,
      firstDay: 'First day',
      lastDay: 'Last day',
      generatedAt: 'Generated',
      note: 'Note',
    },
    atLeast: 'At least: the count, % and pace are lower bounds (some days’ age-group figures were partly hidden).',
    paceAtLeast: 'At least: the last 7 days’ pace is a lower bound (some days’ age-group figures were partly hidden).',
    allVisits: 'All visits',
    status: labelsIn(TARGET_STATUS_LABELS, 'en'),
    cityTarget: REPORT_LABELS.wholeCity.en,
  },
};
