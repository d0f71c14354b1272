import type { AuditEntry, AuditQuery, ExportKind, ReadView, Role, Ward } from '@kiosk-pulse/contract';
import { ApiError, apiClient, type ApiClient } from '../api';
import { fill, refusal } from '../dialog';
import { byId, element } from '../dom';
import { formatDate, formatDateTime } from '../format';
import { t } from '../i18n';
import { Latest, isAborted } from '../latest';
import { Pager } from '../pager';
import { ROLE_LABELS, type Session } from '../session';
import { actorName } from './admin/audit';
import { WardNames, empty } from './admin/section';

const PAGE = 20;

/** What a read was of, in words: the server names the endpoint or socket that answered it. */
const VIEWS: Record<ReadView, string> = {
  summary: 'tổng số',
  timeseries: 'xu hướng theo thời gian',
  wards: 'so sánh phường, xã',
  heatmap: 'giờ trong ngày theo thứ',
  funnel: 'tỷ lệ hoàn thành hướng dẫn',
  kiosks: 'số liệu theo từng kiosk',
  live: 'số liệu trực tiếp hôm nay',
  fleet: 'danh sách kiosk',
  kiosk: 'trang một kiosk',
  report: 'báo cáo',
  targets: 'tiến độ chỉ tiêu',
};

const text = (value: string): Text => document.createTextNode(value);

/** The city day after `day` (YYYY-MM-DD): the form's last day is included, the server's `to` is not. */
function nextDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
}

/** Who, as the log records them; a bare user name is taken for `user:<name>`, the usual case. */
const actorOf = (typed: string): string =>
  typed.includes(':') || typed === 'admin-token' || typed === 'anonymous' ? typed : `user:${typed}`;

/**
 * Who looked at the figures (`#/access`): the audit log's reads and exports, newest first, 20 a
 * page. Admins see every ward's and the city's; ward staff their own ward's only (the server
 * holds them to it). Each line says who, in which role, what and which days, never a figure.
 */
/** How figures left the dashboard, by the export's kind. */
const EXPORT_LABELS: Record<ExportKind, string> = {
  csv: 'Tải CSV: {view}',
  pdf: 'Tải PDF: {view}',
  xlsx: 'Tải XLSX: {view}',
  email: 'Gửi e-mail: {view}',
};

export class AccessLogView {
  private readonly api: ApiClient;
  private readonly wards: WardNames;
  private readonly pager: Pager;
  private readonly reading = new Latest();
  /** Ward staff's ward, the only one they may see; null for an admin. */
  private readonly ownWard: string | null;
  /** The filters of the list on screen: they change when the form is sent. */
  private filter: AuditQuery;

  constructor(
    session: Session,
    wards: Ward[],
    private readonly onUnauthorized: (error: unknown) => void,
  ) {
    this.api = apiClient(session.token);
    this.wards = new WardNames(wards);
    this.ownWard = session.user.role === 'ward_staff' ? session.user.wardCode : null;
    this.pager = new Pager('access', PAGE, () => void this.read());
    this.fillWards();
    this.filter = this.asked();
    const form = byId<HTMLFormElement>('access-form');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.filter = this.asked();
      this.pager.reset();
      void this.read();
    });
    // A reset form has the values of its markup; the list follows once they are back.
    form.addEventListener('reset', () => window.setTimeout(() => form.requestSubmit()));
  }

  show(): void {
    void this.read();
  }

  /** An admin picks any ward or none (every ward and the city); ward staff have theirs, fixed. */
  private fillWards(): void {
    const select = byId<HTMLSelectElement>('access-ward');
    const wards = this.ownWard ? this.wards.list.filter((ward) => ward.code === this.ownWard) : this.wards.list;
    select.replaceChildren(
      ...(this.ownWard ? [] : [new Option(t('Toàn thành phố và mọi phường, xã'), '')]),
      ...wards.map((ward) => {
        const option = new Option(`${ward.name} (${ward.code})`, ward.code);
        option.translate = false;
        // A reset form goes back to this one.
        option.defaultSelected = ward.code === this.ownWard;
        return option;
      }),
    );
    select.disabled = this.ownWard !== null;
    byId('access-scope').replaceChildren(
      ...(this.ownWard
        ? fill('Phạm vi của bạn: {ward}. Bạn chỉ thấy các lượt xem và tải số liệu của phường, xã này.', {
            ward: this.wards.name(this.ownWard),
          })
        : []),
    );
  }

  /** The filters as the form has them now. */
  private asked(): AuditQuery {
    const value = (id: string) => byId<HTMLInputElement | HTMLSelectElement>(id).value.trim();
    const actor = value('access-actor');
    const ward = this.ownWard ?? value('access-ward');
    const from = value('access-from');
    const to = value('access-to');
    return {
      kind: 'reads',
      ...(actor ? { actor: actorOf(actor) } : {}),
      ...(value('access-action') ? { action: value('access-action') } : {}),
      ...(ward ? { wardCode: ward } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to: nextDay(to) } : {}),
    };
  }

  /** Reads the page on screen again; a refusal (a filter the server does not take) is said on the page. */
  private async read(): Promise<void> {
    const signal = this.reading.next();
    try {
      const entries = await this.api.audit.list({
        query: { ...this.filter, limit: this.pager.limit, before: this.pager.before },
        signal,
      });
      byId('access-error').replaceChildren();
      this.render(this.pager.page(entries), 'Không có lượt xem số liệu nào khớp bộ lọc.');
    } catch (error) {
      if (isAborted(error, signal)) return;
      if (!(error instanceof ApiError)) return this.onUnauthorized(error);
      byId('access-error').replaceChildren(...refusal(error));
      this.render(this.pager.page([]), 'Không đọc được nhật ký với bộ lọc này.');
    }
  }

  private render(entries: AuditEntry[], none: string): void {
    byId('access-table')
      .querySelector('tbody')
      ?.replaceChildren(
        ...(entries.length === 0 ? [empty(6, none)] : []),
        ...entries.map((entry) => {
          const row = element(
            'tr',
            {},
            element('td', { textContent: formatDateTime(entry.at) }),
            element('td', {}, ...actorName(entry.actor)),
            element('td', { textContent: ROLE_LABELS[entry.details.role as Role] ?? String(entry.details.role) }),
            element('td', {}, ...this.what(entry)),
            element('td', {}, this.scope(entry)),
            element('td', { textContent: this.range(entry) }),
          );
          row.dataset.id = String(entry.id);
          return row;
        }),
      );
  }

  private what(entry: AuditEntry): (string | Node)[] {
    const view = entry.details.view as ReadView;
    const named = VIEWS[view] ? text(t(VIEWS[view])) : element('code', { textContent: String(view), translate: false });
    const exported = entry.action === 'stats.export' ? EXPORT_LABELS[entry.details.export as ExportKind] : undefined;
    return fill(exported ?? 'Xem: {view}', { view: named });
  }

  private scope(entry: AuditEntry): Node | string {
    return entry.targetType === 'ward' ? this.wards.cell(entry.targetId) : t('Toàn thành phố');
  }

  /** The days read, both included: the range is [from, to), so its last day is the one before `to`. */
  private range(entry: AuditEntry): string {
    const from = Date.parse(String(entry.details.from));
    const to = Date.parse(String(entry.details.to));
    if (Number.isNaN(from) || Number.isNaN(to)) return '–';
    const first = formatDate(new Date(from));
    const last = formatDate(new Date(Math.max(from, to - 1)));
    return first === last ? first : `${first} – ${last}`;
  }
}
