import type { AlertIncident } from '@kiosk-pulse/contract';
import { cityText } from './alert-time';

type Incident = Pick<AlertIncident, 'kind' | 'wardName' | 'subjectLabel' | 'details' | 'openedAt' | 'resolvedAt'>;

const num = (value: unknown) => (typeof value === 'number' ? value.toLocaleString('vi-VN') : '?');
const at = (value: unknown) => (typeof value === 'string' ? cityText(new Date(value)) : '?');
const day = (value: unknown) =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? `${value.slice(8, 10)}/${value.slice(5, 7)}/${value.slice(0, 4)}`
    : 'chưa tính được';

/** What happened, in Vietnamese, for the e-mail, the webhook and the alert list alike. */
export function incidentMessage(incident: Incident, event: 'opened' | 'resolved'): string {
  const d = incident.details;
  const where = incident.wardName;
  if (event === 'resolved') {
    const when = at(incident.resolvedAt);
    switch (incident.kind) {
      case 'silent_kiosk':
        return `Đã hết cảnh báo: kiosk “${incident.subjectLabel}” (${where}) đã hoạt động trở lại (${when}).`;
      case 'behind_pace':
        return `Đã hết cảnh báo: ${where} không còn chậm tiến độ ${incident.subjectLabel} (${when}).`;
      case 'sudden_drop':
        return `Đã hết cảnh báo: lượt sử dụng ở ${where} đã trở lại mức thường (${when}).`;
    }
  }
  switch (incident.kind) {
    case 'silent_kiosk':
      return (
        `Kiosk “${incident.subjectLabel}” (${where}) không gửi tín hiệu từ ${at(d.lastSeenAt)}, ` +
        `quá ${num(d.silentMinutes)} phút trong giờ hoạt động.`
      );
    case 'behind_pace':
      return (
        `${where} chậm tiến độ ${incident.subjectLabel}: đạt ${num(d.count)}/${num(d.target)} lượt ` +
        `(${num(d.percent)}%), cần ${num(d.neededPerDay)} lượt/ngày đến hạn ${day(d.deadline)}, ` +
        `7 ngày qua trung bình ${num(d.recentPerDay)} lượt/ngày; dự kiến đạt: ${day(d.projectedDay)}.`
      );
    case 'sudden_drop':
      return (
        `Lượt sử dụng ở ${where} giảm đột ngột: ${num(d.visits)} lượt trong giờ từ ${at(d.hourStart)}, ` +
        `dưới ${num(d.dropPercent)}% trung vị ${num(d.median)} lượt của cùng giờ ${num(d.weeks)} tuần trước.`
      );
  }
}

const KIND_TITLES: Record<Incident['kind'], string> = {
  silent_kiosk: 'Kiosk không hoạt động',
  behind_pace: 'Chậm tiến độ chỉ tiêu',
  sudden_drop: 'Lượt sử dụng giảm đột ngột',
};

/** The e-mail's subject line. */
export function incidentSubject(incident: Incident, event: 'opened' | 'resolved'): string {
  const prefix = event === 'opened' ? '[Kiosk Pulse] Cảnh báo' : '[Kiosk Pulse] Đã hết cảnh báo';
  return `${prefix}: ${KIND_TITLES[incident.kind]} — ${incident.wardName} — ${incident.subjectLabel}`;
}
