import type { AlertIncident, AlertKind, AlertRule, AlertRuleInput, Ward } from '@kiosk-pulse/contract';
import { ApiError, apiClient, type ApiClient } from '../api';
import { fill, openDialog, refusal } from '../dialog';
import { button, byId, element } from '../dom';
import { formatDateTime } from '../format';
import { t } from '../i18n';
import { Latest, isAborted } from '../latest';
import type { Session } from '../session';
import { WardNames, dataTable } from './admin/section';

const KIND_NAMES: Record<AlertKind, string> = {
  silent_kiosk: 'Kiosk không hoạt động',
  behind_pace: 'Chậm tiến độ chỉ tiêu',
  sudden_drop: 'Lượt sử dụng giảm đột ngột',
};

const CHANNEL_NAMES = { email: 'E-mail', webhook: 'Webhook' } as const;
const STATUS_NAMES = { pending: 'đang gửi', sent: 'đã gửi', failed: 'không gửi được' } as const;

/**
 * Alerts (`#/alerts`, issue 17): the incidents the rules opened, open first, and the ward's rules
 * with a form to add one (ward staff for their ward, admins for any; city officials read).
 */
export class AlertsView {
  private readonly api: ApiClient;
  private readonly wards: WardNames;
  private readonly maySet: boolean;
  private readonly reading = new Latest();

  constructor(
    private readonly session: Session,
    wards: Ward[],
    private readonly onUnauthorized: (error: unknown) => void,
  ) {
    this.api = apiClient(session.token);
    this.wards = new WardNames(wards);
    this.maySet = session.user.role === 'admin' || session.user.role === 'ward_staff';
    byId('alert-rule-form').hidden = !this.maySet;
    if (this.maySet) this.buildForm();
    byId<HTMLSelectElement>('alerts-filter').addEventListener('change', () => void this.show());
  }

  async show(): Promise<void> {
    const signal = this.reading.next();
    const main = byId('alerts');
    main.setAttribute('aria-busy', 'true');
    const status = byId<HTMLSelectElement>('alerts-filter').value;
    try {
      const [incidents, rules] = await Promise.all([
        this.api.alerts.list({ query: status ? { status: status as 'open' | 'resolved' } : {}, signal }),
        this.api.alerts.rules({ signal }),
      ]);
      if (signal.aborted) return;
      byId('alerts-error').replaceChildren();
      byId('alerts-list').replaceChildren(this.incidentTable(incidents));
      byId('alert-rules').replaceChildren(this.ruleTable(rules));
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
    byId('alerts-error').replaceChildren(...(error instanceof ApiError ? refusal(error) : [String(error)]));
  }

  private incidentTable(incidents: AlertIncident[]): HTMLElement {
    const rows = incidents.map((incident) =>
      element(
        'tr',
        { dataset: { incident: incident.id, state: incident.resolvedAt ? 'resolved' : 'open' } },
        element(
          'td',
          {},
          element('span', {
            className: incident.resolvedAt ? 'badge online' : 'badge offline',
            textContent: t(incident.resolvedAt ? 'Đã hết' : 'Đang mở'),
          }),
        ),
        element('td', {}, this.wards.cell(incident.wardCode)),
        element('td', { textContent: t(KIND_NAMES[incident.kind]) }),
        // The message is the one sent, in Vietnamese, whatever the page's language.
        element('td', { textContent: incident.message, translate: false, lang: 'vi' }),
        element('td', { textContent: formatDateTime(incident.openedAt) }),
        element('td', { textContent: incident.resolvedAt ? formatDateTime(incident.resolvedAt) : '–' }),
        element(
          'td',
          {},
          incident.deliveries
            .map(
              (delivery) =>
                `${CHANNEL_NAMES[delivery.channel]} (${t(delivery.message === 'opened' ? 'mở' : 'hết')}): ${t(STATUS_NAMES[delivery.status])}`,
            )
            .join('; ') || '–',
        ),
      ),
    );
    return dataTable(
      'alerts-table',
      'Cảnh báo',
      ['Trạng thái', 'Phường, xã', 'Loại', 'Nội dung', 'Mở lúc', 'Hết lúc', 'Thông báo'],
      rows,
      'Không có cảnh báo nào.',
    );
  }

  private ruleTable(rules: AlertRule[]): HTMLElement {
    const rows = rules.map((rule) =>
      element(
        'tr',
        { dataset: { rule: rule.id } },
        element('td', {}, this.wards.cell(rule.wardCode)),
        element('td', { textContent: t(KIND_NAMES[rule.kind]) }),
        element('td', { textContent: t(rule.enabled ? 'Bật' : 'Tắt') }),
        element('td', { textContent: rule.quietHours ? `${rule.quietHours.from}–${rule.quietHours.to}` : '–' }),
        element('td', { textContent: rule.emailTo.join(', ') || '–', translate: false }),
        element('td', { textContent: rule.webhookUrl ?? '–', translate: false }),
        element('td', {}, ...(this.maySet ? [button(t('Xóa'), () => void this.remove(rule), 'danger')] : [])),
      ),
    );
    return dataTable(
      'alert-rules-table',
      'Quy tắc cảnh báo',
      ['Phường, xã', 'Loại', 'Trạng thái', 'Giờ yên lặng', 'E-mail', 'Webhook', ''],
      rows,
      'Chưa có quy tắc cảnh báo nào.',
    );
  }

  // ---- the form ----

  private buildForm(): void {
    const ward = byId<HTMLSelectElement>('alert-rule-ward');
    const own = this.session.user.role === 'ward_staff' ? this.session.user.wardCode : null;
    if (own) {
      const option = new Option(`${this.wards.name(own)} (${own})`, own);
      option.translate = false;
      ward.replaceChildren(option);
      ward.value = own;
    } else this.wards.fill(ward);
    byId<HTMLSelectElement>('alert-rule-kind').replaceChildren(
      ...(Object.keys(KIND_NAMES) as AlertKind[]).map((kind) => new Option(t(KIND_NAMES[kind]), kind)),
    );
    byId<HTMLFormElement>('alert-rule-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
  }

  private async save(): Promise<void> {
    const value = (id: string) => byId<HTMLInputElement | HTMLSelectElement>(id).value.trim();
    const status = byId('alert-rule-status');
    status.replaceChildren();
    const quietFrom = value('alert-rule-quiet-from');
    const quietTo = value('alert-rule-quiet-to');
    const body: AlertRuleInput = {
      wardCode: value('alert-rule-ward'),
      kind: value('alert-rule-kind') as AlertKind,
      quietHours: quietFrom && quietTo ? { from: quietFrom, to: quietTo } : null,
      emailTo: value('alert-rule-email')
        .split(/[,;\s]+/)
        .filter(Boolean),
      webhookUrl: value('alert-rule-webhook') || null,
    };
    try {
      const created = await this.api.alerts.createRule({ body });
      byId('alerts-error').replaceChildren();
      status.replaceChildren(
        ...fill('Đã thêm quy tắc {kind} cho {ward}.', {
          kind: t(KIND_NAMES[created.kind]),
          ward: this.wards.name(created.wardCode),
        }),
      );
      if (created.webhookSecret) {
        // Shown this once: the server keeps it for signing but never sends it again.
        status.append(
          ' ',
          ...fill('Khóa ký webhook (chỉ hiện một lần): {secret}', {
            secret: element('code', { id: 'alert-rule-secret', textContent: created.webhookSecret, translate: false }),
          }),
        );
      }
      byId<HTMLInputElement>('alert-rule-webhook').value = '';
      await this.show();
    } catch (error) {
      this.refused(error);
    }
  }

  private async remove(rule: AlertRule): Promise<void> {
    const confirmed = await openDialog({
      title: fill('Xóa quy tắc {kind}?', { kind: t(KIND_NAMES[rule.kind]) }),
      body: [fill('Các cảnh báo của quy tắc này cũng bị xóa.')],
      confirm: 'Xóa',
      danger: true,
    });
    if (!confirmed) return;
    try {
      await this.api.alerts.deleteRule({ params: { id: rule.id } });
      await this.show();
    } catch (error) {
      this.refused(error);
    }
  }
}
