import type {
  AlertIncident,
  AlertKind,
  AlertRule,
  AlertRuleInput,
  BehindPaceParams,
  CreatedAlertRule,
  SilentKioskParams,
  SuddenDropParams,
  Target,
  Ward,
} from '@kiosk-pulse/contract';
import { ApiError, apiClient, type ApiClient } from '../api';
import { field, fill, fillText, openDialog, refusal } from '../dialog';
import { button, byId, element } from '../dom';
import { formatDate, formatDateTime } from '../format';
import { t } from '../i18n';
import { Latest, isAborted } from '../latest';
import type { Session } from '../session';
import { WardNames, dataTable } from './admin/section';
import { indicatorName } from './targets';

const KIND_NAMES: Record<AlertKind, string> = {
  silent_kiosk: 'Kiosk không hoạt động',
  behind_pace: 'Chậm tiến độ chỉ tiêu',
  sudden_drop: 'Lượt sử dụng giảm đột ngột',
};

const CHANNEL_NAMES = { email: 'E-mail', webhook: 'Webhook' } as const;
const STATUS_NAMES = { pending: 'đang gửi', sent: 'đã gửi', failed: 'không gửi được' } as const;

/** ISO weekdays 1 (Monday) … 7 (Sunday), as the opening hours name them. */
const WEEKDAY_NAMES = ['', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'CN'];

/** A target as a rule's parameter names it: what it counts, how many, by when. */
const targetName = (target: Target): string =>
  `${indicatorName(target.indicator, target.ageGroups)}: ${target.target} · ${formatDate(target.deadline)}`;

/** A number input for a dialog, within the API's bounds. */
const numberInput = (id: string, value: number, min: number, max: number, step = 1): HTMLInputElement =>
  element('input', {
    id,
    type: 'number',
    value: String(value),
    min: String(min),
    max: String(max),
    step: String(step),
    required: true,
  });

const timeInput = (id: string, value: string, required = false): HTMLInputElement =>
  element('input', { id, type: 'time', value, required });

/**
 * Alerts (`#/alerts`, issue 17): the incidents the rules opened, open first, and the ward's rules
 * with a form to add one (ward staff for their ward, admins for any; city officials read).
 */
export class AlertsView {
  private readonly api: ApiClient;
  private readonly wards: WardNames;
  private readonly maySet: boolean;
  private readonly reading = new Latest();
  /** The targets the user can see, by id: a behind-pace rule's parameter names one. */
  private targets = new Map<string, Target>();

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
      // The targets a behind-pace rule names, read only when there is one.
      if (rules.some((rule) => rule.kind === 'behind_pace'))
        this.targets = new Map(
          (await this.api.targets.list({ query: {}, signal })).map((target) => [target.id, target]),
        );
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
        element('td', { className: 'prose', textContent: incident.message, translate: false, lang: 'vi' }),
        element('td', { textContent: formatDateTime(incident.openedAt) }),
        element('td', { textContent: incident.resolvedAt ? formatDateTime(incident.resolvedAt) : '–' }),
        element(
          'td',
          { className: 'prose' },
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
        { dataset: { rule: rule.id, kind: rule.kind, enabled: String(rule.enabled) } },
        element('td', {}, this.wards.cell(rule.wardCode)),
        element('td', { textContent: t(KIND_NAMES[rule.kind]) }),
        element('td', { className: 'rule-params prose' }, ...this.paramsText(rule)),
        element('td', { className: 'rule-state', textContent: t(rule.enabled ? 'Bật' : 'Đã tạm dừng') }),
        element('td', { textContent: rule.quietHours ? `${rule.quietHours.from}–${rule.quietHours.to}` : '–' }),
        element('td', { textContent: rule.emailTo.join(', ') || '–', translate: false }),
        element('td', { textContent: rule.webhookUrl ?? '–', translate: false }),
        element('td', { className: 'actions' }, ...(this.maySet ? this.ruleActions(rule) : [])),
      ),
    );
    return dataTable(
      'alert-rules-table',
      'Quy tắc cảnh báo',
      ['Phường, xã', 'Loại', 'Tham số', 'Trạng thái', 'Giờ yên lặng', 'E-mail', 'Webhook', ''],
      rows,
      'Chưa có quy tắc cảnh báo nào.',
    );
  }

  /** Edit, pause or resume, delete: each names its rule for a screen reader. */
  private ruleActions(rule: AlertRule): HTMLButtonElement[] {
    const what = { kind: t(KIND_NAMES[rule.kind]), ward: this.wards.name(rule.wardCode) };
    const actions: [string, string, () => void, string, string][] = [
      ['edit', 'Sửa', () => void this.edit(rule), '', 'Sửa quy tắc {kind} của {ward}'],
      rule.enabled
        ? ['pause', 'Tạm dừng', () => void this.setEnabled(rule, false), '', 'Tạm dừng quy tắc {kind} của {ward}']
        : ['resume', 'Tiếp tục', () => void this.setEnabled(rule, true), '', 'Tiếp tục quy tắc {kind} của {ward}'],
      ['delete', 'Xóa', () => void this.remove(rule), 'danger', 'Xóa quy tắc {kind} của {ward}'],
    ];
    return actions.map(([action, label, onClick, className, described]) => {
      const control = button(t(label), onClick, className);
      control.dataset.action = action;
      control.setAttribute('aria-label', fillText(described, what));
      return control;
    });
  }

  /** A rule's parameters in words. */
  private paramsText(rule: AlertRule): (string | Node)[] {
    if (rule.kind === 'silent_kiosk') {
      const params = rule.params as SilentKioskParams;
      const hours = params.openingHours;
      return fill('Im lặng {minutes} phút trong giờ mở cửa ({days} {from}–{to})', {
        minutes: String(params.silentMinutes),
        days: hours.days.map((day) => t(WEEKDAY_NAMES[day])).join(', '),
        from: hours.from,
        to: hours.to,
      });
    }
    if (rule.kind === 'behind_pace') {
      const targetId = (rule.params as BehindPaceParams).targetId;
      if (!targetId) return fill('Mọi chỉ tiêu của phường, xã');
      const target = this.targets.get(targetId);
      return fill('Chỉ tiêu {target}', { target: target ? targetName(target) : targetId });
    }
    const params = rule.params as SuddenDropParams;
    return fill('Dưới {percent}% trung vị của {weeks} tuần trước (khi trung vị ≥ {median})', {
      percent: String(params.dropPercent),
      weeks: String(params.weeks),
      median: String(params.minMedian),
    });
  }

  private async setEnabled(rule: AlertRule, enabled: boolean): Promise<void> {
    try {
      await this.api.alerts.updateRule({ params: { id: rule.id }, body: { enabled } });
      byId('alert-rule-status').replaceChildren(
        ...fill(enabled ? 'Đã tiếp tục quy tắc {kind} của {ward}.' : 'Đã tạm dừng quy tắc {kind} của {ward}.', {
          kind: t(KIND_NAMES[rule.kind]),
          ward: this.wards.name(rule.wardCode),
        }),
      );
      await this.show();
    } catch (error) {
      this.refused(error);
    }
  }

  /** The rule's parameters, quiet hours, e-mail and webhook in a dialog; saved with PATCH. */
  private async edit(rule: AlertRule): Promise<void> {
    const fields: Node[] = [];
    let params: () => AlertRuleInput['params'];
    if (rule.kind === 'silent_kiosk') {
      const current = rule.params as SilentKioskParams;
      const minutes = numberInput('alert-edit-silent-minutes', current.silentMinutes, 1, 24 * 60);
      const from = timeInput('alert-edit-open-from', current.openingHours.from, true);
      const to = timeInput('alert-edit-open-to', current.openingHours.to, true);
      fields.push(
        field('Số phút im lặng', minutes),
        field('Giờ mở cửa từ (giờ TP.HCM)', from),
        field('Giờ mở cửa đến', to),
      );
      params = () => ({
        silentMinutes: minutes.valueAsNumber,
        openingHours: { days: current.openingHours.days, from: from.value, to: to.value },
      });
    } else if (rule.kind === 'behind_pace') {
      const current = rule.params as BehindPaceParams;
      const select = element('select', { id: 'alert-edit-target' });
      let targets: Target[];
      try {
        targets = (await this.api.targets.list({ query: { wardCode: rule.wardCode } })).filter(
          (target) => target.wardCode === rule.wardCode,
        );
      } catch (error) {
        return this.refused(error);
      }
      select.replaceChildren(
        new Option(t('Mọi chỉ tiêu của phường, xã'), ''),
        ...targets.map((target) => {
          const option = new Option(targetName(target), target.id);
          option.translate = false;
          return option;
        }),
      );
      select.value = current.targetId ?? '';
      fields.push(field('Chỉ tiêu được theo dõi', select));
      params = () => (select.value ? { targetId: select.value } : {});
    } else {
      const current = rule.params as SuddenDropParams;
      const percent = numberInput('alert-edit-drop-percent', current.dropPercent, 1, 99, 0.1);
      const median = numberInput('alert-edit-min-median', current.minMedian, 1, 100_000);
      const weeks = numberInput('alert-edit-weeks', current.weeks, 2, 8);
      fields.push(
        field('Dưới bao nhiêu % trung vị', percent),
        field('Trung vị tối thiểu (lượt)', median),
        field('Số tuần lấy trung vị', weeks),
      );
      params = () => ({
        dropPercent: percent.valueAsNumber,
        minMedian: median.valueAsNumber,
        weeks: weeks.valueAsNumber,
      });
    }
    const quietFrom = timeInput('alert-edit-quiet-from', rule.quietHours?.from ?? '');
    const quietTo = timeInput('alert-edit-quiet-to', rule.quietHours?.to ?? '');
    const email = element('input', { id: 'alert-edit-email', type: 'text', value: rule.emailTo.join(', ') });
    const webhook = element('input', { id: 'alert-edit-webhook', type: 'url', value: rule.webhookUrl ?? '' });
    email.autocomplete = 'off';
    webhook.autocomplete = 'off';
    fields.push(
      field('Giờ yên lặng từ (giờ TP.HCM)', quietFrom),
      field('đến', quietTo),
      field('E-mail nhận (cách nhau bằng dấu phẩy)', email),
      field('Webhook (http:// hoặc https://)', webhook),
    );
    const confirmed = await openDialog({
      title: fill('Sửa quy tắc {kind} của {ward}', {
        kind: t(KIND_NAMES[rule.kind]),
        ward: this.wards.name(rule.wardCode),
      }),
      fields,
      confirm: 'Lưu',
      focus: fields[0].lastChild as HTMLElement,
    });
    if (!confirmed) return;
    const status = byId('alert-rule-status');
    status.replaceChildren();
    try {
      const updated = await this.api.alerts.updateRule({
        params: { id: rule.id },
        body: {
          params: params(),
          quietHours: quietFrom.value && quietTo.value ? { from: quietFrom.value, to: quietTo.value } : null,
          emailTo: email.value.split(/[,;\s]+/).filter(Boolean),
          webhookUrl: webhook.value.trim() || null,
        },
      });
      byId('alerts-error').replaceChildren();
      status.replaceChildren(
        ...fill('Đã lưu quy tắc {kind} của {ward}.', {
          kind: t(KIND_NAMES[rule.kind]),
          ward: this.wards.name(rule.wardCode),
        }),
      );
      // A webhook added where there was none: its secret, shown this once.
      const secret = (updated as Partial<CreatedAlertRule>).webhookSecret;
      if (secret)
        status.append(
          ' ',
          ...fill('Khóa ký webhook (chỉ hiện một lần): {secret}', {
            secret: element('code', { id: 'alert-rule-secret', textContent: secret, translate: false }),
          }),
        );
      await this.show();
    } catch (error) {
      this.refused(error);
    }
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
