import {
  AGE_GROUP_NAMES,
  GUIDE_LABELS,
  OUTCOME_NAMES,
  RATING_LABELS,
  labelsIn,
  type AgeGroup,
  type Guide,
  type Metric,
  type Outcome,
  type Rating,
} from '@kiosk-pulse/contract';

/** The languages of the CSV exports: Vietnamese by default, English on request. */
export const CSV_LANGUAGES = ['vi', 'en'] as const;
export type CsvLanguage = (typeof CSV_LANGUAGES)[number];

/** Every word a CSV export writes for people, in each language. */
export interface CsvLabels {
  metric: Record<Metric, string>;
  ageGroup: Record<AgeGroup, string>;
  guide: Record<Guide, string>;
  outcome: Record<Outcome, string>;
  rating: Record<Rating, string>;
  /** ISO weekdays 1 (Monday) to 7 (Sunday), at index weekday - 1. */
  weekdays: string[];
  allAges: string;
  yes: string;
  /** An age count some day hid (docs/privacy.md): hidden on a single day, else at least n. */
  hidden: string;
  atLeast: (count: number) => string;
  /** The days an age split covers, and the people in it. */
  ageSplit: { days: string; none: string; total: string };
  summary: { table: string; item: string; value: string; previous: string; change: string };
  summaryTables: { total: string; ageGroup: string; guide: string; outcome: string; rating: string };
  timeseries: { start: string; hour: string; day: string; partial: string };
  wards: {
    code: string;
    name: string;
    reached60Plus: string;
    population: string;
    population60Plus: string;
    per10k: Record<Metric, string>;
    reached60PlusPer10k: string;
    source: string;
    asOf: string;
  };
  heatmap: { weekday: string; hour: string };
  funnel: {
    guide: string;
    ageGroup: string;
    started: string;
    completed: string;
    abandoned: string;
    completionRate: string;
    median: string;
    p90: string;
  };
  kiosks: {
    id: string;
    label: string;
    wardCode: string;
    byAgeGroup: (group: string) => string;
    byGuide: (guide: string) => string;
  };
}

const VI: CsvLabels = {
  metric: {
    peopleReached: 'Lượt người được hỗ trợ',
    guidesCompleted: 'Lượt hướng dẫn hoàn thành',
    accountsRegistered: 'Tài khoản VNeID đã đăng ký',
  },
  // The contract's labels (labels.ts): a cell stands alone, so an age says it is one.
  ageGroup: labelsIn(AGE_GROUP_NAMES, 'vi'),
  guide: labelsIn(GUIDE_LABELS, 'vi'),
  outcome: labelsIn(OUTCOME_NAMES, 'vi'),
  rating: labelsIn(RATING_LABELS, 'vi'),
  weekdays: ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật'],
  allAges: 'Mọi lứa tuổi',
  yes: 'có',
  hidden: 'ẩn',
  atLeast: (count) => `≥ ${count}`,
  ageSplit: {
    days: 'Các ngày đã công bố theo nhóm tuổi',
    none: 'chưa có (theo nhóm tuổi chỉ công bố ngày đã kết thúc)',
    total: 'Lượt người trong số liệu theo nhóm tuổi',
  },
  summary: {
    table: 'Bảng',
    item: 'Mục',
    value: 'Giá trị',
    previous: 'Kỳ trước',
    change: 'Thay đổi so với kỳ trước (%)',
  },
  summaryTables: {
    total: 'Tổng',
    ageGroup: 'Theo nhóm tuổi',
    guide: 'Theo hướng dẫn',
    outcome: 'Kết quả',
    rating: 'Hài lòng?',
  },
  timeseries: {
    start: 'Bắt đầu (ISO 8601, giờ TP.HCM)',
    hour: 'Giờ (TP.HCM)',
    day: 'Ngày (TP.HCM)',
    partial: 'Đang diễn ra (số liệu chưa trọn)',
  },
  wards: {
    code: 'Mã phường/xã',
    name: 'Phường/xã',
    reached60Plus: 'Lượt người từ 60 tuổi được hỗ trợ',
    population: 'Dân số',
    population60Plus: 'Dân số từ 60 tuổi',
    per10k: {
      peopleReached: 'Lượt người được hỗ trợ trên 10.000 dân',
      guidesCompleted: 'Hướng dẫn hoàn thành trên 10.000 dân',
      accountsRegistered: 'Tài khoản VNeID đã đăng ký trên 10.000 dân',
    },
    reached60PlusPer10k: 'Lượt người từ 60 tuổi được hỗ trợ trên 10.000 dân từ 60 tuổi',
    source: 'Nguồn số liệu dân số',
    asOf: 'Ngày số liệu dân số',
  },
  heatmap: { weekday: 'Thứ', hour: 'Giờ (TP.HCM)' },
  funnel: {
    guide: 'Hướng dẫn',
    ageGroup: 'Nhóm tuổi',
    started: 'Bắt đầu',
    completed: 'Hoàn thành',
    abandoned: 'Bỏ dở',
    completionRate: 'Tỷ lệ hoàn thành (%)',
    median: 'Thời gian trung vị (phút)',
    p90: 'Thời gian phân vị 90 (phút)',
  },
  kiosks: {
    id: 'Mã kiosk',
    label: 'Tên kiosk',
    wardCode: 'Mã phường/xã',
    byAgeGroup: (group) => `Lượt người được hỗ trợ (${group})`,
    byGuide: (guide) => `Hướng dẫn hoàn thành (${guide})`,
  },
};

const EN: CsvLabels = {
  metric: {
    peopleReached: 'People helped (visits)',
    guidesCompleted: 'Guides completed',
    accountsRegistered: 'VNeID accounts registered',
  },
  ageGroup: labelsIn(AGE_GROUP_NAMES, 'en'),
  guide: labelsIn(GUIDE_LABELS, 'en'),
  outcome: labelsIn(OUTCOME_NAMES, 'en'),
  rating: labelsIn(RATING_LABELS, 'en'),
  weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  allAges: 'All ages',
  yes: 'yes',
  hidden: 'hidden',
  atLeast: (count) => `≥ ${count}`,
  ageSplit: {
    days: 'Days published by age group',
    none: 'none yet (age groups are published for days that are over)',
    total: 'Visits in the age split',
  },
  summary: { table: 'Table', item: 'Item', value: 'Value', previous: 'Previous period', change: 'Change (%)' },
  summaryTables: {
    total: 'Total',
    ageGroup: 'By age group',
    guide: 'By guide',
    outcome: 'Outcomes',
    rating: 'Satisfied?',
  },
  timeseries: {
    start: 'Start (ISO 8601, Ho Chi Minh City time)',
    hour: 'Hour (Ho Chi Minh City)',
    day: 'Day (Ho Chi Minh City)',
    partial: 'In progress (partial figure)',
  },
  wards: {
    code: 'Ward code',
    name: 'Ward',
    reached60Plus: 'Visits by people aged 60+',
    population: 'Population',
    population60Plus: 'Population aged 60+',
    per10k: {
      peopleReached: 'Visits per 10,000 residents',
      guidesCompleted: 'Guides completed per 10,000 residents',
      accountsRegistered: 'VNeID accounts registered per 10,000 residents',
    },
    reached60PlusPer10k: 'Visits by people aged 60+ per 10,000 residents aged 60+',
    source: 'Population source',
    asOf: 'Population as of',
  },
  heatmap: { weekday: 'Weekday', hour: 'Hour (Ho Chi Minh City)' },
  funnel: {
    guide: 'Guide',
    ageGroup: 'Age group',
    started: 'Started',
    completed: 'Completed',
    abandoned: 'Abandoned',
    completionRate: 'Completion rate (%)',
    median: 'Median duration (minutes)',
    p90: '90th percentile duration (minutes)',
  },
  kiosks: {
    id: 'Kiosk id',
    label: 'Kiosk name',
    wardCode: 'Ward code',
    byAgeGroup: (group) => `Visits (${group})`,
    byGuide: (guide) => `Guides completed (${guide})`,
  },
};

export const CSV_LABELS: Record<CsvLanguage, CsvLabels> = { vi: VI, en: EN };
