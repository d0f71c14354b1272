import {
  API,
  REPORT_SCHEDULES,
  addCityDays,
  cityDay,
  type ReportDelivery,
  type ReportFormat,
  type ReportLanguage,
  type ReportPeriodKind,
  type ReportSchedule,
  type ReportScope,
  type ReportSubscription,
  type Ward,
} from '@kiosk-pulse/contract';
import { ApiError, apiClient, endpointUrl, type ApiClient } from '../api';
import { field, fill, openDialog, refusal } from '../dialog';
import { button, byId, element } from '../dom';
import { formatDateTime } from '../format';
import { language, t } from '../i18n';
import { Latest, isAborted } from '../latest';
import type { Session } from '../session';
import { WardNames, dataTable } from './admin/section';

const SCHEDULE_NAMES: Record<ReportSchedule, string> = {
  weekly: 'Hằng tuần (thứ Hai, 06:00)',
  monthly: 'Hằng tháng (ngày 1, 06:00)',
  'half-yearly': '6 tháng (1/1 và 1/7, 06:00)',
};
const PERIOD_NAMES: Record<ReportPeriodKind, string> = { week: 'Tuần', month: 'Tháng', 'half-year': '6 tháng' };
const STATUS_NAMES = { queued: 'đang gửi', sent: 'đã gửi', failed: 'không gửi được' } as const;
const LANGUAGE_NAMES: Record<ReportLanguage, string> = { vi: 'Tiếng Việt', en: 'English' };
/** How many past periods the download offers, newest first. */
const PERIODS_OFFERED: Record<ReportPeriodKind, number> = { week: 12, month: 12, 'half-year': 4 };

/** DD/MM/YYYY, as the city writes a date (the reports do too). */
const dayText = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
const pad = (value: number) => String(value).padStart(2, '0');

/** The first city day of each of the last `count` periods of `kind`, the current one first, with a label. */
export function recentPeriods(
  kind: ReportPeriodKind,
  today: string,
  count: number,
): { start: string; label: string }[] {
  const [year, month] = today.split('-').map(Number);
  const periods: { start: string; label: string }[] = [];
  for (let index = 0; index < count; index++) {
    if (kind === 'week') {
      const sinceMonday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
      const start = addCityDays(today, -sinceMonday - 7 * index);
      periods.push({ start, label: `${dayText(start)} – ${dayText(addCityDays(start, 6))}` });
    } else if (kind === 'month') {
      const months = year * 12 + (month - 1) - index;
      const start = `${Math.floor(months / 12)}-${pad((months % 12) + 1)}-01`;
      periods.push({ start, label: `${pad((months % 12) + 1)}/${Math.floor(months / 12)}` });
    } else {
      const halves = year * 2 + (month <= 6 ? 0 : 1) - index;
      const first = halves % 2 === 0;
      const start = `${Math.floor(halves / 2)}-${first ? '01' : '07'}-01`;
      periods.push({ start, label: `${first ? '01–06' : '07–12'}/${Math.floor(halves / 2)}` });
    }
  }
  return periods;
}

/**
 * Reports (`#/reports`, issue 17): download a ward's or the city's report of a period now, as
 * PDF or XLSX; subscribe to one by e-mail on a schedule and cancel it; admins see every
 * delivery, the failed ones with their error, and retry them. Ward staff have their own ward only.
 */
export class ReportsView {
  private readonly api: ApiClient;
  private readonly wards: WardNames;
  private readonly isAdmin: boolean;
  /** Ward staff's own ward: the only scope they have. */
  private readonly ownWard: string | null;
  private readonly reading = new Latest();

  constructor(
    private readonly session: Session,
    wards: Ward[],
    private readonly onUnauthorized: (error: unknown) => void,
  ) {
    this.api = apiClient(session.token);
    this.wards = new WardNames(wards);
    this.isAdmin = session.user.role === 'admin';
    this.ownWard = session.user.role === 'ward_staff' ? session.user.wardCode : null;
    byId('report-download').replaceChildren(...this.downloadForm());
    byId('report-subscribe').replaceChildren(...this.subscribeForm());
    byId('report-deliveries-panel').hidden = !this.isAdmin;
  }

  async show(): Promise<void> {
    const signal = this.reading.next();
    const main = byId('reports');
    main.setAttribute('aria-busy', 'true');
    try {
      const [subscriptions, deliveries] = await Promise.all([
        this.api.reportSubscriptions.list({ signal }),
        this.isAdmin ? this.api.reportSubscriptions.deliveries({ signal }) : Promise.resolve([]),
      ]);
      if (signal.aborted) return;
      byId('reports-error').replaceChildren();
      byId('report-subscriptions').replaceChildren(this.subscriptionTable(subscriptions));
      if (this.isAdmin) byId('report-deliveries').replaceChildren(this.deliveryTable(deliveries));
    } catch (error) {
      if (isAborted(error, signal)) return;
      this.refused(error);
    } finally {
      if (!signal.aborted) main.removeAttribute('aria-busy');
    }
  }

  hide(): void {
    this.reading.next();
  }

  private refused(error: unknown): void {
    if (error instanceof ApiError && error.status === 401) return this.onUnauthorized(error);
    byId('reports-error').replaceChildren(...(error instanceof ApiError ? refusal(error) : [String(error)]));
  }

  // ---- scope: the city or a ward (ward staff: their own only) ----

  private scopeControls(prefix: string): { scope: HTMLSelectElement; ward: HTMLSelectElement; nodes: HTMLElement[] } {
    const scope = element('select', { id: `${prefix}-scope`, required: true });
    const ward = element('select', { id: `${prefix}-ward` });
    if (this.ownWard) {
      const option = new Option(`${this.wards.name(this.ownWard)} (${this.ownWard})`, this.ownWard);
      option.translate = false;
      ward.replaceChildren(option);
      scope.replaceChildren(new Option(t('Phường, xã'), 'ward'));
    } else {
      this.wards.fill(ward);
      scope.replaceChildren(new Option(t('Toàn thành phố'), 'city'), new Option(t('Phường, xã'), 'ward'));
    }
    const wardField = field('Phường, xã', ward);
    const sync = () => {
      wardField.hidden = scope.value !== 'ward';
      ward.required = scope.value === 'ward';
    };
    scope.addEventListener('change', sync);
    sync();
    return { scope, ward, nodes: [field('Phạm vi', scope), wardField] };
  }

  private languageSelect(id: string): HTMLSelectElement {
    const select = element(
      'select',
      { id },
      ...(Object.keys(LANGUAGE_NAMES) as ReportLanguage[]).map((code) => new Option(LANGUAGE_NAMES[code], code)),
    );
    select.value = language();
    return select;
  }

  // ---- download now ----

  private downloadForm(): HTMLElement[] {
    const { scope, ward, nodes } = this.scopeControls('report-download');
    const kind = element(
      'select',
      { id: 'report-download-period' },
      ...(Object.keys(PERIOD_NAMES) as ReportPeriodKind[]).map((code) => new Option(t(PERIOD_NAMES[code]), code)),
    );
    const start = element('select', { id: 'report-download-start' });
    const fillPeriods = () => {
      const kindValue = kind.value as ReportPeriodKind;
      start.replaceChildren(
        ...recentPeriods(kindValue, cityDay(Date.now()), PERIODS_OFFERED[kindValue]).map(
          (period) => new Option(period.label, period.start),
        ),
      );
      // The last whole period: the current one is not over yet.
      start.selectedIndex = Math.min(1, start.options.length - 1);
    };
    kind.addEventListener('change', fillPeriods);
    fillPeriods();
    const lang = this.languageSelect('report-download-lang');
    const status = element('p', { id: 'report-download-status', className: 'done', role: 'status' });
    const get = (format: ReportFormat) => {
      if (scope.value === 'ward' && !ward.value) {
        status.textContent = t('Chọn phường, xã.');
        return;
      }
      void this.download(
        {
          scope: scope.value as ReportScope,
          ...(scope.value === 'ward' ? { ward: ward.value } : {}),
          period: kind.value as ReportPeriodKind,
          start: start.value,
          lang: lang.value as ReportLanguage,
          format,
        },
        status,
      );
    };
    const pdf = button(t('Tải PDF'), () => get('pdf'), 'primary');
    pdf.id = 'report-download-pdf';
    const xlsx = button(t('Tải XLSX'), () => get('xlsx'));
    xlsx.id = 'report-download-xlsx';
    return [
      element('h3', { id: 'report-download-title', textContent: t('Tải báo cáo') }),
      ...nodes,
      field('Loại kỳ', kind),
      field('Kỳ báo cáo', start),
      field('Ngôn ngữ', lang),
      element('p', {}, pdf, ' ', xlsx),
      status,
    ];
  }

  /** The file needs the token in a header, so it is fetched and handed to the browser as a file. */
  private async download(
    query: {
      scope: ReportScope;
      ward?: string;
      period: ReportPeriodKind;
      start: string;
      lang: ReportLanguage;
      format: ReportFormat;
    },
    status: HTMLElement,
  ): Promise<void> {
    status.textContent = t('Đang lập báo cáo…');
    try {
      const response = await fetch(endpointUrl(API.reports.file, { query }), {
        headers: { authorization: `Bearer ${this.session.token}` },
      });
      if (!response.ok) {
        const answer = (await response.json().catch(() => ({}))) as { message?: string };
        status.textContent = '';
        return this.refused(new ApiError(response.status, answer.message ?? response.statusText));
      }
      const blob = await response.blob();
      const name =
        /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `bao-cao.${query.format}`;
      const link = element('a', { href: URL.createObjectURL(blob), download: name });
      link.click();
      URL.revokeObjectURL(link.href);
      status.replaceChildren(...fill('Đã tải {file}.', { file: name }));
    } catch (error) {
      status.textContent = '';
      this.refused(error);
    }
  }

  // ---- subscriptions ----

  private subscribeForm(): HTMLElement[] {
    const email = element('input', {
      id: 'report-subscribe-email',
      type: 'email',
      required: true,
      autocomplete: 'email',
      maxLength: 254,
    });
    const { scope, ward, nodes } = this.scopeControls('report-subscribe');
    const schedule = element(
      'select',
      { id: 'report-subscribe-schedule' },
      ...REPORT_SCHEDULES.map((code) => new Option(t(SCHEDULE_NAMES[code]), code)),
    );
    const lang = this.languageSelect('report-subscribe-lang');
    const formats = element(
      'fieldset',
      { id: 'report-subscribe-formats' },
      element('legend', { textContent: t('Tệp đính kèm') }),
      ...(['pdf', 'xlsx'] as const).map((format) =>
        element(
          'label',
          {},
          element('input', { type: 'checkbox', value: format, checked: format === 'pdf', name: 'report-format' }),
          ` ${format.toUpperCase()}`,
        ),
      ),
    );
    const submit = element('button', {
      type: 'submit',
      id: 'report-subscribe-submit',
      className: 'primary',
      textContent: t('Đăng ký nhận'),
    });
    const status = element('p', { id: 'report-subscribe-status', className: 'done', role: 'status' });
    byId<HTMLFormElement>('report-subscribe').onsubmit = (event) => {
      event.preventDefault();
      const chosen = [...formats.querySelectorAll<HTMLInputElement>('input:checked')].map(
        (input) => input.value as ReportFormat,
      );
      void this.subscribe(
        {
          email: email.value.trim(),
          scope: scope.value as ReportScope,
          ...(scope.value === 'ward' ? { wardCode: ward.value } : {}),
          schedule: schedule.value as ReportSchedule,
          language: lang.value as ReportLanguage,
          formats: chosen,
        },
        status,
      );
    };
    return [
      element('h3', { id: 'report-subscribe-title', textContent: t('Đăng ký nhận báo cáo qua e-mail') }),
      field('E-mail nhận', email),
      ...nodes,
      field('Lịch gửi (giờ TP.HCM)', schedule),
      field('Ngôn ngữ', lang),
      formats,
      submit,
      status,
    ];
  }

  private async subscribe(
    body: Parameters<ApiClient['reportSubscriptions']['create']>[0]['body'],
    status: HTMLElement,
  ): Promise<void> {
    status.replaceChildren();
    try {
      const made = await this.api.reportSubscriptions.create({ body });
      byId('reports-error').replaceChildren();
      status.replaceChildren(
        ...fill('Đã đăng ký: {what} gửi tới {email}.', { what: this.scopeName(made), email: made.email }),
      );
      await this.show();
    } catch (error) {
      this.refused(error);
    }
  }

  private scopeName(subscription: { scope: ReportScope; wardCode: string | null }): string {
    return subscription.scope === 'city' ? t('Toàn thành phố') : this.wards.name(subscription.wardCode);
  }

  private subscriptionTable(subscriptions: ReportSubscription[]): HTMLElement {
    const rows = subscriptions.map((subscription) =>
      element(
        'tr',
        { dataset: { subscription: subscription.id } },
        element('td', { textContent: this.scopeName(subscription), translate: subscription.scope === 'city' }),
        element('td', { textContent: t(SCHEDULE_NAMES[subscription.schedule]) }),
        element('td', { textContent: LANGUAGE_NAMES[subscription.language] }),
        element('td', { textContent: subscription.formats.map((format) => format.toUpperCase()).join(', ') }),
        element('td', { textContent: subscription.email, translate: false }),
        element(
          'td',
          {},
          button(t('Hủy đăng ký'), () => void this.cancel(subscription), 'danger'),
        ),
      ),
    );
    return dataTable(
      'report-subscriptions-table',
      'Báo cáo đăng ký nhận qua e-mail',
      ['Phạm vi', 'Lịch gửi', 'Ngôn ngữ', 'Tệp', 'E-mail', ''],
      rows,
      'Anh/chị chưa đăng ký nhận báo cáo nào.',
    );
  }

  private async cancel(subscription: ReportSubscription): Promise<void> {
    const confirmed = await openDialog({
      title: fill('Hủy đăng ký báo cáo {what}?', { what: this.scopeName(subscription) }),
      body: [fill('Không gửi báo cáo này tới {email} nữa.', { email: subscription.email })],
      confirm: 'Hủy đăng ký',
      danger: true,
    });
    if (!confirmed) return;
    try {
      await this.api.reportSubscriptions.cancel({ params: { id: subscription.id } });
      await this.show();
    } catch (error) {
      this.refused(error);
    }
  }

  // ---- deliveries (admins) ----

  private deliveryTable(deliveries: ReportDelivery[]): HTMLElement {
    const rows = deliveries.map((delivery) =>
      element(
        'tr',
        { dataset: { delivery: delivery.id, status: delivery.status } },
        element(
          'td',
          {},
          element('span', {
            className:
              delivery.status === 'failed' ? 'badge offline' : delivery.status === 'sent' ? 'badge online' : 'badge',
            textContent: t(STATUS_NAMES[delivery.status]),
          }),
        ),
        element('td', { textContent: this.scopeName(delivery), translate: delivery.scope === 'city' }),
        element('td', { textContent: t(SCHEDULE_NAMES[delivery.schedule]) }),
        element('td', { textContent: dayText(delivery.periodStart) }),
        element('td', { textContent: `${delivery.username} <${delivery.email}>`, translate: false }),
        element('td', { textContent: String(delivery.attempts) }),
        element('td', { textContent: delivery.lastError ?? '–', translate: false }),
        element('td', { textContent: formatDateTime(delivery.sentAt ?? delivery.updatedAt) }),
        element(
          'td',
          {},
          ...(delivery.status === 'failed' ? [button(t('Gửi lại'), () => void this.retry(delivery), 'primary')] : []),
        ),
      ),
    );
    return dataTable(
      'report-deliveries-table',
      'Các lần gửi báo cáo',
      ['Trạng thái', 'Phạm vi', 'Lịch gửi', 'Kỳ từ ngày', 'Người nhận', 'Số lần thử', 'Lỗi', 'Lúc', ''],
      rows,
      'Chưa gửi báo cáo nào.',
    );
  }

  private async retry(delivery: ReportDelivery): Promise<void> {
    try {
      await this.api.reportSubscriptions.retry({ params: { id: delivery.id } });
      await this.show();
    } catch (error) {
      this.refused(error);
    }
  }
}
