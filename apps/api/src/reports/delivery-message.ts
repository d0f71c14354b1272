/*
 * The e-mail a scheduled report goes in: subject and body in the subscription's language, the
 * files attached. Pure, so a test can read what it says.
 */
import { addCityDays, type ReportSchedule } from '@kiosk-pulse/contract';
import type { ReportLanguage, ReportScope } from '@kiosk-pulse/contract';
import type { DuePeriod } from './schedule';

const pad = (value: number) => String(value).padStart(2, '0');
/** DD/MM/YYYY, as the city writes a date (in English reports too). */
const dayText = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/** The period's last city day. */
export function periodLastDay(due: DuePeriod): string {
  if (due.period === 'week') return addCityDays(due.start, 6);
  const [year, month] = due.start.split('-').map(Number);
  const months = due.period === 'month' ? 1 : 6;
  const next = month - 1 + months;
  return addCityDays(`${year + Math.floor(next / 12)}-${pad((next % 12) + 1)}-01`, -1);
}

function periodText(due: DuePeriod, language: ReportLanguage): string {
  const [year, month] = due.start.split('-').map(Number);
  const range = `${dayText(due.start)} – ${dayText(periodLastDay(due))}`;
  if (due.period === 'week') return `${language === 'vi' ? 'tuần' : 'week'} ${range}`;
  if (due.period === 'month') return `${language === 'vi' ? 'tháng' : 'month'} ${pad(month)}/${year}`;
  if (language === 'vi') return `6 tháng ${month === 1 ? 'đầu' : 'cuối'} năm ${year} (${range})`;
  return `${month === 1 ? 'first' : 'second'} half of ${year} (${range})`;
}

const SCHEDULE_WORDS: Record<ReportLanguage, Record<ReportSchedule, string>> = {
  vi: { weekly: 'hằng tuần', monthly: 'hằng tháng', 'half-yearly': '6 tháng' },
  en: { weekly: 'weekly', monthly: 'monthly', 'half-yearly': 'half-yearly' },
};

/**
 * The Message-ID of a subscription's report of a period, whichever attempt or process sends it,
 * in the sender's domain: a copy sent again is the same message to a mail system that keeps ids.
 */
export function deliveryMessageId(subscriptionId: string, periodStart: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'kiosk-pulse.invalid';
  return `<report.${subscriptionId}.${periodStart}@${domain}>`;
}

export interface DeliveryMessageInput {
  scope: ReportScope;
  /** The ward's name in the message's language, with scope=ward. */
  wardName?: string;
  schedule: ReportSchedule;
  language: ReportLanguage;
  due: DuePeriod;
  filenames: string[];
}

export function deliveryMessage(input: DeliveryMessageInput): { subject: string; text: string } {
  const vi = input.language === 'vi';
  const place = input.scope === 'ward' ? (input.wardName ?? '') : vi ? 'Thành phố Hồ Chí Minh' : 'Ho Chi Minh City';
  const period = periodText(input.due, input.language);
  const schedule = SCHEDULE_WORDS[input.language][input.schedule];
  const subject = vi
    ? `Báo cáo điểm hỗ trợ chuyển đổi số — ${place} — ${period}`
    : `Digital-transformation kiosk report — ${place} — ${period}`;
  const files = input.filenames.map((name) => `  - ${name}`).join('\n');
  const text = vi
    ? `Kính gửi anh/chị,\n\nĐính kèm là báo cáo ${schedule} của ${place}, ${period} (giờ Thành phố Hồ Chí Minh):\n${files}\n\n` +
      `Số liệu là lượt hỗ trợ tại các điểm (không phải số người dân được bao phủ); các nhóm có số lượng nhỏ được ẩn như trên bảng điều khiển.\n\n` +
      `Anh/chị nhận thư này vì đã đăng ký nhận báo cáo trên Kiosk Pulse; có thể hủy đăng ký ở trang Báo cáo.\n`
    : `Hello,\n\nAttached is the ${schedule} report of ${place}, ${period} (Ho Chi Minh City time):\n${files}\n\n` +
      `Figures are visits (contributions) at the kiosks, not coverage of the population; small counts are hidden as on the dashboard.\n\n` +
      `You receive this because you subscribed on Kiosk Pulse; you can cancel on the Reports page.\n`;
  return { subject, text };
}
