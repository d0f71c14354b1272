import type { AgeGroup, Guide, Outcome, Rating } from './events';
import { AGE_GROUPS_60_PLUS, type TargetIndicator, type TargetStatus } from './targets';

/*
 * What people read for the contract's age groups, guides, outcomes and "Hài lòng?" answers, in
 * Vietnamese (first) and English: one table for the dashboard, the CSV exports and the kiosk app,
 * so that a label corrected here is corrected everywhere. Browser-safe, like the rest of the index.
 */

/** One label in each language the apps speak. */
export interface Label {
  vi: string;
  en: string;
}

export type LabelLanguage = keyof Label;

/** A table of labels in one language: the dashboard's or a CSV's words. */
export const labelsIn = <K extends string | number>(
  labels: Record<K, Label>,
  language: LabelLanguage,
): Record<K, string> =>
  Object.fromEntries(Object.entries<Label>(labels).map(([key, label]) => [key, label[language]])) as Record<K, string>;

/** An age group where the page already says "Nhóm tuổi" (a chart's axis, a kiosk's button). */
export const AGE_GROUP_LABELS: Record<AgeGroup, Label> = {
  under_14: { vi: 'Dưới 14', en: 'Under 14' },
  '14_15': { vi: '14–15', en: '14–15' },
  '16_30': { vi: '16–30', en: '16–30' },
  '31_44': { vi: '31–44', en: '31–44' },
  '45_59': { vi: '45–59', en: '45–59' },
  '60_64': { vi: '60–64', en: '60–64' },
  '65_74': { vi: '65–74', en: '65–74' },
  '75_plus': { vi: '75+', en: '75+' },
  unknown: { vi: 'Không rõ', en: 'Unknown' },
};

/** An age group standing alone, where nothing around it says it is an age (a CSV's cell). */
export const AGE_GROUP_NAMES: Record<AgeGroup, Label> = {
  under_14: { vi: 'Dưới 14 tuổi', en: 'Under 14' },
  '14_15': { vi: '14–15 tuổi', en: '14–15' },
  '16_30': { vi: '16–30 tuổi', en: '16–30' },
  '31_44': { vi: '31–44 tuổi', en: '31–44' },
  '45_59': { vi: '45–59 tuổi', en: '45–59' },
  '60_64': { vi: '60–64 tuổi', en: '60–64' },
  '65_74': { vi: '65–74 tuổi', en: '65–74' },
  '75_plus': { vi: 'Từ 75 tuổi', en: '75 and over' },
  unknown: { vi: 'Không rõ tuổi', en: 'Age unknown' },
};

export const GUIDE_LABELS: Record<Guide, Label> = {
  vneid: { vi: 'VNeID', en: 'VNeID' },
  public_services: { vi: 'Dịch vụ công', en: 'Public services' },
  procedure_lookup: { vi: 'Tra cứu thủ tục', en: 'Procedure lookup' },
  scam_awareness: { vi: 'Nhận diện lừa đảo', en: 'Scam awareness' },
  other: { vi: 'Khác', en: 'Other' },
};

/** The city's outcomes (Kế hoạch 31/KH-UBND, Bình dân học vụ số), short enough for a chart or a toggle. */
export const OUTCOME_LABELS: Record<Outcome, Label> = {
  vneid_level2_activated: { vi: 'Kích hoạt VNeID mức 2', en: 'VNeID level 2 activated' },
  smart_device_set_up: { vi: 'Thiết lập thiết bị thông minh', en: 'Smart device set up' },
  portal_account_created: { vi: 'Tài khoản Cổng Dịch vụ công', en: 'Public-service portal account' },
  portal_application_submitted: { vi: 'Nộp hồ sơ trực tuyến', en: 'Online application submitted' },
  epayment_account_opened: { vi: 'Tài khoản thanh toán điện tử', en: 'E-payment account' },
  social_security_linked: { vi: 'Tích hợp bảo hiểm xã hội vào VNeID', en: 'Social insurance linked in VNeID' },
  digital_citizen_app_installed: { vi: 'Cài ứng dụng Công dân số', en: 'Digital Citizen app installed' },
  bdhvs_certified: { vi: 'Chứng nhận Bình dân học vụ số', en: 'Certified in basic digital skills (BDHVS)' },
};

/** The same outcomes named in full, as a report for the city writes them (a CSV's cell has the room). */
export const OUTCOME_NAMES: Record<Outcome, Label> = {
  vneid_level2_activated: { vi: 'Kích hoạt tài khoản định danh điện tử mức 2', en: 'VNeID level 2 activated' },
  smart_device_set_up: { vi: 'Thiết lập thiết bị thông minh', en: 'Smart device set up' },
  portal_account_created: {
    vi: 'Tạo tài khoản Cổng Dịch vụ công quốc gia',
    en: 'Public-service portal account created',
  },
  portal_application_submitted: { vi: 'Nộp hồ sơ dịch vụ công trực tuyến', en: 'Online application submitted' },
  epayment_account_opened: { vi: 'Mở tài khoản thanh toán điện tử', en: 'E-payment account opened' },
  social_security_linked: { vi: 'Tích hợp bảo hiểm xã hội vào VNeID', en: 'Social insurance linked in VNeID' },
  digital_citizen_app_installed: { vi: 'Cài ứng dụng Công dân số', en: 'Digital Citizen app installed' },
  bdhvs_certified: { vi: 'Chứng nhận Bình dân học vụ số', en: 'Certified in basic digital skills (BDHVS)' },
};

/** A resident's answer to "Hài lòng?" (RATINGS). */
export const RATING_LABELS: Record<Rating, Label> = {
  1: { vi: 'Chưa hài lòng', en: 'Not satisfied' },
  2: { vi: 'Bình thường', en: 'So-so' },
  3: { vi: 'Hài lòng', en: 'Satisfied' },
};

/** A target's status in a report: the report page (the PDF) and the XLSX write the same words. */
export const TARGET_STATUS_LABELS: Record<TargetStatus, Label> = {
  met: { vi: 'Đã đạt', en: 'Met' },
  not_started: { vi: 'Chưa bắt đầu', en: 'Not started' },
  on_track: { vi: 'Đúng tiến độ', en: 'On track' },
  behind: { vi: 'Chậm tiến độ', en: 'Behind' },
  missed: { vi: 'Không đạt', en: 'Missed' },
};

/** The words a report's page and its files (PDF footer, XLSX, e-mail's files) both write. */
export const REPORT_LABELS = {
  title: { vi: 'Báo cáo kiosk chuyển đổi số', en: 'Digital-transformation kiosk report' },
  city: { vi: 'Thành phố Hồ Chí Minh', en: 'Ho Chi Minh City' },
  generated: { vi: 'Lập lúc', en: 'Generated' },
  period: { vi: 'Kỳ báo cáo', en: 'Period' },
  /** Where a city-wide target is, in a list of wards. */
  wholeCity: { vi: 'Toàn thành phố', en: 'Whole city' },
} satisfies Record<string, Label>;

/** Visits, as a target or a figure counting them names them. */
export const VISITS_NAME: Label = { vi: 'Lượt người được hỗ trợ', en: 'People helped (visits)' };

/** The age groups of AGE_GROUPS_60_PLUS, all of them, as the city's plans name them. */
export const SIXTY_PLUS_NAME: Label = { vi: '60 tuổi trở lên', en: '60 and over' };

/**
 * What a target counts, in words: an outcome's name, or visits, of the age groups it names (all
 * 60+ groups as "60 tuổi trở lên"). One name for the Chỉ tiêu page, the share page, the reports
 * and the alerts. `full` names an outcome as a report writes it (OUTCOME_NAMES), `short` as a
 * table on a screen does (OUTCOME_LABELS); visits read the same in both.
 */
export function targetIndicatorName(
  indicator: TargetIndicator,
  ageGroups: readonly AgeGroup[] | null,
  language: LabelLanguage,
  form: 'short' | 'full' = 'short',
): string {
  if (indicator !== 'visits') return (form === 'full' ? OUTCOME_NAMES : OUTCOME_LABELS)[indicator][language];
  const visits = VISITS_NAME[language];
  if (!ageGroups || ageGroups.length === 0) return visits;
  const sixtyPlus =
    ageGroups.length === AGE_GROUPS_60_PLUS.length && AGE_GROUPS_60_PLUS.every((group) => ageGroups.includes(group));
  const groups = sixtyPlus
    ? SIXTY_PLUS_NAME[language]
    : ageGroups.map((group) => AGE_GROUP_LABELS[group][language]).join(', ');
  // "Lượt người được hỗ trợ (60 tuổi trở lên)"; English has its own parentheses already.
  return language === 'vi' ? `${visits} (${groups})` : `${visits}: ${groups}`;
}
