import type { FleetEntry, KioskFlagCode, KioskStatus, RejectionCode, Ward } from '@kiosk-pulse/contract';
import { ApiError, apiClient, type ApiClient } from '../api';
import { data, field, fill, fillText, openDialog, refusal } from '../dialog';
import { button, byId, element } from '../dom';
import { byName, formatDateTime, formatNumber } from '../format';
import { t } from '../i18n';
import type { Session } from '../session';
import { WardPicker } from '../ward-picker';
import { pairingPanel, showPairing, type ShownPairing } from './pairing-panel';

// Text and a shape, so the status never rests on colour alone.
const STATUS_TEXT: Record<KioskStatus, string> = {
  online: '● Trực tuyến',
  stale: '◐ Chậm',
  offline: '○ Mất kết nối',
  revoked: '✕ Đã thu hồi',
  never_seen: '– Chưa hoạt động',
};
export const statusText = (status: KioskStatus): string => t(STATUS_TEXT[status]);

/** What needs a look first: a kiosk that stopped, then one that lags, then one never heard from. */
const STATUS_ORDER: KioskStatus[] = ['offline', 'stale', 'never_seen', 'online', 'revoked'];

/** Each rejection code: a short name for the table, and what it means for the hover/focus text. */
const REJECTIONS: Record<RejectionCode, [string, string]> = {
  unknown_field: [
    'Trường không được phép',
    'Sự kiện có một trường ngoài danh sách cho phép; mọi trường khác bị từ chối để không lưu thông tin cá nhân.',
  ],
  missing_field: [
    'Thiếu trường bắt buộc',
    'Sự kiện thiếu một trường bắt buộc (ví dụ nhóm tuổi hay nội dung hướng dẫn).',
  ],
  invalid_field: ['Giá trị không hợp lệ', 'Một trường của sự kiện có giá trị không hợp lệ.'],
  invalid_event: ['Sự kiện không hợp lệ', 'Sự kiện không đúng định dạng (không phải đối tượng JSON, sai loại…).'],
  occurred_in_future: [
    'Thời điểm ở tương lai',
    'Thời điểm của sự kiện sớm hơn đồng hồ máy chủ quá 5 phút: hãy kiểm tra đồng hồ của kiosk.',
  ],
  occurred_too_old: ['Sự kiện quá cũ', 'Sự kiện cũ hơn 30 ngày nên không được nhận.'],
  kiosk_rate_exceeded: [
    'Vượt giới hạn mỗi phút',
    'Kiosk gửi quá nhiều sự kiện trong một phút; phần vượt giới hạn bị từ chối.',
  ],
  kiosk_daily_limit_exceeded: [
    'Vượt giới hạn mỗi ngày',
    'Kiosk gửi quá nhiều sự kiện trong một ngày; phần vượt giới hạn bị từ chối.',
  ],
  duplicate_id: ['Trùng mã sự kiện', 'Mã sự kiện này đã được ghi nhận (từ kiosk khác hoặc với thời điểm khác).'],
};

const FLAGS: Record<KioskFlagCode, [string, string]> = {
  over_limit: ['⚠ Vượt giới hạn', '{count} sự kiện vượt giới hạn mỗi phút hoặc mỗi ngày, lần cuối {at}.'],
  late_events: ['⚠ Sự kiện đến muộn', '{count} sự kiện đến muộn, sau khi kỳ của chúng đã được báo cáo; lần cuối {at}.'],
  duplicate_ids: ['⚠ Trùng mã', '{count} sự kiện trùng mã với sự kiện đã ghi nhận, lần cuối {at}.'],
};

let tips = 0;

/** A short text that shows its full explanation on hover and on keyboard focus. */
function withTip(short: string, full: (string | Node)[], className = ''): HTMLElement {
  const id = `tip-${++tips}`;
  const tip = element('span', { className: 'tip', id, role: 'tooltip' }, ...full);
  const anchor = element('span', { className: `has-tip ${className}`, tabIndex: 0, textContent: short }, tip);
  anchor.setAttribute('aria-describedby', id);
  return anchor;
}

/** The last rejection in the page's language; the server's words in full on hover and focus. */
export function rejectionReason(kiosk: FleetEntry): HTMLElement | undefined {
  if (kiosk.eventsRejected === 0 && !kiosk.lastError && !kiosk.lastErrorCode) return undefined;
  const known = kiosk.lastErrorCode ? REJECTIONS[kiosk.lastErrorCode as RejectionCode] : undefined;
  const short = known ? t(known[0]) : t('Lỗi dữ liệu');
  const full: (string | Node)[] = [known ? t(known[1]) : t('Lần từ chối gần nhất, theo lời máy chủ:')];
  if (kiosk.lastErrorAt) full.push(' ', fillText('(lúc {at})', { at: formatDateTime(kiosk.lastErrorAt) }));
  if (kiosk.lastError) {
    full.push(
      element('br'),
      `${t('Chi tiết')}: `,
      element('code', { textContent: kiosk.lastError, translate: false, lang: 'en' }),
    );
  }
  return withTip(short, full, 'reason');
}

export function flagBadges(kiosk: FleetEntry): HTMLElement[] {
  return (kiosk.flags ?? []).map((flag) => {
    const known = FLAGS[flag.code] as [string, string] | undefined;
    const values = { count: formatNumber(flag.count), at: formatDateTime(flag.lastAt) };
    return withTip(
      known ? t(known[0]) : `⚠ ${flag.code}`,
      [fillText(known ? known[1] : '{count} sự kiện, lần cuối {at}.', values)],
      'flag',
    );
  });
}

/**
 * The events the device still holds, as its latest heartbeat said. Events waiting on a kiosk that
 * has gone quiet (stale or offline: its last heartbeat is older than the stale threshold too) may
 * never arrive, so they stand out, with a mark and words as well as the colour.
 */
export function pendingEvents(kiosk: FleetEntry): HTMLElement | string {
  const pending = kiosk.heartbeat?.pendingEvents;
  if (pending === null || pending === undefined) return '–';
  const quiet = kiosk.status === 'stale' || kiosk.status === 'offline';
  if (pending === 0 || !quiet) return element('span', { className: 'pending', textContent: formatNumber(pending) });
  return withTip(
    `⚠ ${formatNumber(pending)}`,
    [
      fillText('Thiết bị còn {count} sự kiện chưa gửi và đã lâu không liên lạc (nhịp tim lúc {at}).', {
        count: formatNumber(pending),
        at: formatDateTime(kiosk.heartbeat!.at),
      }),
    ],
    'pending badge stale',
  );
}

/** The kiosk app's version, as its latest heartbeat said. */
export function appVersion(kiosk: FleetEntry): HTMLElement | string {
  const version = kiosk.heartbeat?.appVersion;
  return version ? element('span', { className: 'app-version', textContent: version, translate: false }) : '–';
}

type SortKey =
  | 'label'
  | 'ward'
  | 'status'
  | 'lastSeen'
  | 'people'
  | 'guides'
  | 'accounts'
  | 'stored'
  | 'rejected'
  | 'pending'
  | 'version';

const fold = (text: string): string =>
  text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

/** The kiosk fleet in the user's scope; admins and ward staff manage it, officials read it. */
export class FleetView {
  private timer: number | undefined;
  private readonly manages: boolean;
  private kiosks: FleetEntry[] = [];
  private readonly api: ApiClient;
  private sort: { key: SortKey; descending: boolean } = { key: 'status', descending: false };
  /** A key just made, shown under its kiosk's row until closed: it is never shown again. */
  private newKey: { kioskId: string; label: string; key: string; qr: Promise<string> } | undefined;
  /** A pairing code asked for, shown under its kiosk's row until closed. */
  private pairing: ShownPairing | undefined;
  private loaded = false;
  private refreshFailed = false;

  private readonly columns: { key: SortKey | null; label: string; numeric?: boolean }[] = [
    { key: 'label', label: 'Kiosk' },
    { key: 'ward', label: 'Phường, xã' },
    { key: 'status', label: 'Trạng thái' },
    { key: 'lastSeen', label: 'Hoạt động lần cuối' },
    { key: 'people', label: 'Lượt người hôm nay', numeric: true },
    { key: 'guides', label: 'Hướng dẫn hôm nay', numeric: true },
    { key: 'accounts', label: 'Tài khoản hôm nay', numeric: true },
    { key: 'stored', label: 'Sự kiện đã lưu', numeric: true },
    { key: 'rejected', label: 'Bị từ chối', numeric: true },
    { key: 'pending', label: 'Chờ gửi', numeric: true },
    { key: 'version', label: 'Phiên bản ứng dụng' },
    { key: null, label: 'Thao tác' },
  ];

  constructor(
    private readonly session: Session,
    private readonly wards: Ward[],
    private readonly onUnauthorized: (error: unknown) => void,
  ) {
    this.api = apiClient(session.token);
    this.manages = session.user.role !== 'city_official';
    if (!this.manages) this.columns.pop();
    byId('kiosk-create-form').hidden = !this.manages;
    const select = byId<HTMLSelectElement>('kiosk-ward');
    if (session.user.role === 'ward_staff') {
      // Ward staff make kiosks in their own ward only.
      const own = wards.filter((ward) => ward.code === session.user.wardCode);
      select.replaceChildren(...own.map((ward) => this.wardOption(ward)));
    } else {
      // No default: a kiosk placed in the wrong ward counts for the wrong ward.
      const none = new Option(t('— Chọn phường, xã —'), '');
      none.selected = true;
      select.replaceChildren(none, ...wards.map((ward) => this.wardOption(ward)));
    }
    select.required = true;
    byId('kiosk-create-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const label = byId<HTMLInputElement>('kiosk-label');
      void this.act(async () => {
        const created = await this.api.kiosks.create({ body: { wardCode: select.value, label: label.value } });
        label.value = '';
        if (session.user.role !== 'ward_staff') select.value = '';
        this.keepKey(created.id, created.label, created.key);
      });
    });
    byId('fleet-search').addEventListener('input', () => this.render());
    byId('fleet-status-filter').addEventListener('change', () => this.render());
    byId<HTMLSelectElement>('fleet-status-filter').replaceChildren(
      new Option(t('Mọi trạng thái'), ''),
      ...STATUS_ORDER.map((status) => new Option(statusText(status), status)),
    );
    this.header();
  }

  show(): void {
    void this.refresh();
    this.timer ??= window.setInterval(() => void this.refresh(), 15_000);
  }

  hide(): void {
    window.clearInterval(this.timer);
    this.timer = undefined;
  }

  private wardOption(ward: Ward): HTMLOptionElement {
    const option = new Option(`${ward.name} (${ward.code})`, ward.code);
    option.translate = false;
    return option;
  }

  private wardName(code: string): string {
    return this.wards.find((ward) => ward.code === code)?.name ?? code;
  }

  private async refresh(): Promise<void> {
    try {
      this.kiosks = await this.api.kiosks.list();
      this.loaded = true;
      // A revoked kiosk's new key is of no use any more.
      if (this.kiosks.some((kiosk) => kiosk.id === this.newKey?.kioskId && kiosk.status === 'revoked')) {
        this.newKey = undefined;
      }
      this.render();
      if (this.refreshFailed) byId('fleet-error').replaceChildren();
      this.refreshFailed = false;
    } catch (error) {
      this.refreshFailed = true;
      this.fail(error);
    }
  }

  private header(): void {
    const cells = this.columns.map((column) => {
      const th = element('th', { scope: 'col', className: column.numeric ? 'number' : '' });
      if (!column.key) {
        th.textContent = t(column.label);
        return th;
      }
      const key = column.key;
      const sortButton = element(
        'button',
        { type: 'button', className: 'sort' },
        t(column.label),
        element('span', { className: 'sort-mark', ariaHidden: 'true' }),
      );
      sortButton.addEventListener('click', () => {
        this.sort =
          this.sort.key === key
            ? { key, descending: !this.sort.descending }
            : { key, descending: column.numeric === true || key === 'lastSeen' };
        this.render();
      });
      th.dataset.sort = key;
      th.append(sortButton);
      return th;
    });
    byId('kiosk-table')
      .querySelector('thead')
      ?.replaceChildren(element('tr', {}, ...cells));
  }

  private value(kiosk: FleetEntry, key: SortKey): number | string {
    switch (key) {
      case 'label':
        return kiosk.label;
      case 'ward':
        return this.wardName(kiosk.wardCode);
      case 'status':
        return STATUS_ORDER.indexOf(kiosk.status);
      case 'lastSeen':
        return kiosk.lastSeenAt ? Date.parse(kiosk.lastSeenAt) : -Infinity;
      case 'people':
        return kiosk.today.peopleReached;
      case 'guides':
        return kiosk.today.guidesCompleted;
      case 'accounts':
        return kiosk.today.accountsRegistered;
      case 'stored':
        return kiosk.eventsStored;
      case 'rejected':
        return kiosk.eventsRejected;
      case 'pending':
        return kiosk.heartbeat?.pendingEvents ?? -Infinity;
      case 'version':
        return kiosk.heartbeat?.appVersion ?? '';
    }
  }

  private ordered(kiosks: FleetEntry[]): FleetEntry[] {
    const { key, descending } = this.sort;
    const compare = (a: FleetEntry, b: FleetEntry): number => {
      const x = this.value(a, key);
      const y = this.value(b, key);
      const order = typeof x === 'string' ? byName(x, String(y)) : x < (y as number) ? -1 : x > (y as number) ? 1 : 0;
      return descending ? -order : order;
    };
    // Ties fall back on the label, so the order never jumps between refreshes.
    return [...kiosks].sort((a, b) => compare(a, b) || byName(a.label, b.label));
  }

  private render(): void {
    const status = byId<HTMLSelectElement>('fleet-status-filter').value;
    const query = fold(byId<HTMLInputElement>('fleet-search').value.trim());
    const shown = this.kiosks.filter(
      (kiosk) =>
        // A key or pairing code just made stays in sight whatever the filter says.
        kiosk.id === this.newKey?.kioskId ||
        kiosk.id === this.pairing?.kioskId ||
        ((status === '' || kiosk.status === status) &&
          (query === '' || fold(`${kiosk.label} ${this.wardName(kiosk.wardCode)} ${kiosk.wardCode}`).includes(query))),
    );
    this.summary(shown.length);
    for (const th of byId('kiosk-table').querySelectorAll<HTMLElement>('th[data-sort]')) {
      const sorted = th.dataset.sort === this.sort.key;
      th.setAttribute('aria-sort', sorted ? (this.sort.descending ? 'descending' : 'ascending') : 'none');
      const mark = th.querySelector('.sort-mark');
      if (mark) mark.textContent = sorted ? (this.sort.descending ? ' ▼' : ' ▲') : '';
    }
    const rows: HTMLTableRowElement[] = [];
    for (const kiosk of this.ordered(shown)) {
      rows.push(this.kioskRow(kiosk));
      if (this.newKey?.kioskId === kiosk.id) rows.push(this.keyRow());
      if (this.pairing?.kioskId === kiosk.id) rows.push(this.pairingRow(this.pairing));
    }
    if (rows.length === 0 && this.loaded) {
      const text = this.kiosks.length === 0 ? t('Chưa có kiosk nào.') : t('Không có kiosk nào khớp bộ lọc.');
      rows.push(
        element('tr', {}, element('td', { colSpan: this.columns.length, className: 'empty', textContent: text })),
      );
    }
    byId('kiosk-table')
      .querySelector('tbody')
      ?.replaceChildren(...rows);
  }

  /** How many kiosks are in each state; each count filters the table to that state. */
  private summary(shown: number): void {
    const filter = byId<HTMLSelectElement>('fleet-status-filter');
    const counts = STATUS_ORDER.map((status) => ({
      status,
      count: this.kiosks.filter((kiosk) => kiosk.status === status).length,
    }));
    byId('fleet-summary').replaceChildren(
      element('span', {
        textContent: fillText('{shown} trên {total} kiosk', {
          shown: formatNumber(shown),
          total: formatNumber(this.kiosks.length),
        }),
      }),
      ...counts.map(({ status, count }) => {
        const chip = button(
          `${statusText(status)}: ${formatNumber(count)}`,
          () => {
            filter.value = filter.value === status ? '' : status;
            this.render();
          },
          `chip badge ${status}`,
        );
        chip.dataset.status = status;
        chip.setAttribute('aria-pressed', String(filter.value === status));
        return chip;
      }),
    );
  }

  private kioskRow(kiosk: FleetEntry): HTMLTableRowElement {
    const cells: (Node | string)[][] = [
      [
        element('a', { href: `#/kiosks/${kiosk.id}`, id: `kiosk-label-${kiosk.id}` }, data(kiosk.label)),
        ...(kiosk.flags?.length ? [element('span', { className: 'flags' }, ...flagBadges(kiosk))] : []),
      ],
      [element('span', { textContent: this.wardName(kiosk.wardCode), translate: false, lang: 'vi' })],
      [element('span', { className: `badge ${kiosk.status}`, textContent: statusText(kiosk.status) })],
      [kiosk.lastSeenAt ? formatDateTime(kiosk.lastSeenAt) : '–'],
      [formatNumber(kiosk.today.peopleReached)],
      [formatNumber(kiosk.today.guidesCompleted)],
      [formatNumber(kiosk.today.accountsRegistered)],
      [formatNumber(kiosk.eventsStored)],
      [formatNumber(kiosk.eventsRejected), ...[rejectionReason(kiosk)].filter((node) => node !== undefined)],
      [pendingEvents(kiosk)],
      [appVersion(kiosk)],
    ];
    if (this.manages) cells.push([this.actions(kiosk)]);
    const tr = element(
      'tr',
      { dataset: { kiosk: kiosk.id } },
      ...cells.map((content, index) =>
        element(
          'td',
          {
            className: this.columns[index].numeric ? 'number' : '',
            // A phone shows each figure under its column's name.
            dataset: index > 0 && this.columns[index].key ? { label: t(this.columns[index].label) } : {},
          },
          ...content,
        ),
      ),
    );
    return tr;
  }

  private actions(kiosk: FleetEntry): HTMLElement {
    const actions = element('span', { className: 'actions' });
    // Each button's name is its text and the kiosk's label, read from the row (data stays data).
    const act = (text: string, name: string, onClick: () => void, className = '') => {
      const action = button(t(text), onClick, className);
      action.id = `kiosk-${name}-${kiosk.id}`;
      action.setAttribute('aria-labelledby', `${action.id} kiosk-label-${kiosk.id}`);
      return action;
    };
    // Pairing a device again is the way back for a revoked kiosk: it gives a new key.
    actions.append(act('Mã ghép nối', 'pair', () => void this.pair(kiosk)));
    if (kiosk.status === 'revoked') return actions;
    actions.append(
      act('Đổi tên', 'rename', () => void this.rename(kiosk)),
      act('Cấp khóa mới', 'rotate', () => void this.rotate(kiosk)),
    );
    if (this.session.user.role === 'admin') {
      actions.append(act('Chuyển phường', 'move', () => void this.move(kiosk)));
    }
    actions.append(act('Thu hồi', 'revoke', () => void this.revoke(kiosk), 'danger'));
    return actions;
  }

  private async rename(kiosk: FleetEntry): Promise<void> {
    const input = element('input', { value: kiosk.label, required: true, maxLength: 100 });
    const confirmed = await openDialog({
      title: fill('Đổi tên kiosk {label}', { label: kiosk.label }),
      fields: [field('Tên mới', input)],
      confirm: 'Lưu',
      focus: input,
    });
    const label = input.value.trim();
    if (confirmed && label && label !== kiosk.label) {
      await this.act(() => this.api.kiosks.update({ params: { id: kiosk.id }, body: { label } }));
    }
  }

  private async rotate(kiosk: FleetEntry): Promise<void> {
    const confirmed = await openDialog({
      title: fill('Cấp khóa mới cho kiosk {label}?', { label: kiosk.label }),
      body: [
        fill(
          'Khóa đang dùng ngừng hoạt động ngay lập tức. Kiosk sẽ không gửi được dữ liệu cho đến khi được cài khóa mới.',
        ),
        fill('Khóa mới chỉ hiển thị một lần, ngay dưới dòng của kiosk: hãy chuẩn bị cài nó vào kiosk.'),
      ],
      confirm: 'Cấp khóa mới',
      danger: true,
    });
    if (!confirmed) return;
    await this.act(async () => {
      const rotated = await this.api.kiosks.rotate({ params: { id: kiosk.id } });
      this.keepKey(kiosk.id, kiosk.label, rotated.key);
    });
  }

  private async revoke(kiosk: FleetEntry): Promise<void> {
    const confirmed = await openDialog({
      title: fill('Thu hồi khóa của kiosk {label}?', { label: kiosk.label }),
      body: [
        fill('Kiosk sẽ ngừng gửi được dữ liệu ngay lập tức; số liệu đã ghi vẫn được giữ.'),
        fill('Không thể hoàn tác với khóa này: muốn dùng lại kiosk, hãy ghép nối thiết bị bằng một mã ghép nối mới.'),
      ],
      confirm: 'Thu hồi',
      danger: true,
    });
    if (confirmed) await this.act(() => this.api.kiosks.revoke({ params: { id: kiosk.id } }));
  }

  private async move(kiosk: FleetEntry): Promise<void> {
    const picker = new WardPicker(this.session.token, this.wards, kiosk.wardCode);
    const confirmed = await openDialog({
      title: fill('Chuyển kiosk {label} sang phường, xã khác', { label: kiosk.label }),
      body: [
        fill('Hiện ở: {ward}. Số liệu đã ghi vẫn thuộc phường cũ; sự kiện mới được tính cho phường mới.', {
          ward: this.wardName(kiosk.wardCode),
        }),
      ],
      fields: [picker.element],
      confirm: 'Chuyển',
      focus: picker.focus(),
    });
    const wardCode = picker.value;
    if (confirmed && wardCode) {
      await this.act(() => this.api.kiosks.update({ params: { id: kiosk.id }, body: { wardCode } }));
    }
  }

  /** A new pairing code for the kiosk, under its row; the code it replaces stops working. */
  private async pair(kiosk: { id: string; label: string }): Promise<void> {
    await this.act(async () => {
      const pairing = await this.api.kiosks.pairingCode({ params: { id: kiosk.id } });
      this.pairing = showPairing(pairing, kiosk.label);
    });
    if (this.pairing?.kioskId === kiosk.id) document.getElementById(`pairing-${kiosk.id}`)?.focus();
  }

  private pairingRow(pairing: ShownPairing): HTMLTableRowElement {
    const panel = pairingPanel(pairing, {
      onNew: () => void this.pair({ id: pairing.kioskId, label: pairing.label }),
      onClose: () => {
        this.pairing = undefined;
        this.render();
        byId('fleet').querySelector<HTMLElement>('h2')?.focus();
      },
    });
    return element('tr', { className: 'key-row' }, element('td', { colSpan: this.columns.length }, panel));
  }

  private keepKey(kioskId: string, label: string, key: string): void {
    const qr = import('qrcode').then((qrcode) => qrcode.toDataURL(key, { margin: 2, width: 176 }));
    this.newKey = { kioskId, label, key, qr };
  }

  /** The new key right under its kiosk: copy it, or scan it from the screen into the kiosk. */
  private keyRow(): HTMLTableRowElement {
    const shown = this.newKey;
    if (!shown) throw new Error('no key to show');
    const headingId = `key-${shown.kioskId}`;
    const copied = element('span', { className: 'muted', role: 'status' });
    const copy = button(t('Sao chép khóa'), () => {
      void navigator.clipboard?.writeText(shown.key).then(
        () => (copied.textContent = t('Đã sao chép.')),
        () => (copied.textContent = t('Không sao chép được; hãy chọn và sao chép khóa bằng tay.')),
      );
    });
    const qr = element('img', {
      className: 'qr',
      alt: t('Mã QR của khóa mới'),
    });
    qr.width = 176;
    qr.height = 176;
    void shown.qr.then((url) => (qr.src = url));
    const panel = element(
      'section',
      { className: 'key-panel', id: `${headingId}-panel` },
      element(
        'div',
        {},
        element('h3', { id: headingId, tabIndex: -1 }, ...fill('Khóa mới của kiosk {label}', { label: shown.label })),
        element(
          'p',
          {},
          t('Khóa chỉ hiển thị một lần. Cài nó vào kiosk (quét mã QR hoặc dán khóa) trước khi đóng khung này.'),
        ),
        element('p', {}, element('code', { className: 'key', textContent: shown.key, translate: false })),
        element(
          'p',
          { className: 'actions' },
          copy,
          button(t('Đã cài xong, đóng'), () => {
            this.newKey = undefined;
            this.render();
            byId('fleet').querySelector<HTMLElement>('h2')?.focus();
          }),
          copied,
        ),
      ),
      qr,
    );
    panel.setAttribute('aria-labelledby', headingId);
    const row = element('tr', { className: 'key-row' }, element('td', { colSpan: this.columns.length }, panel));
    return row;
  }

  private async act(action: () => Promise<unknown>): Promise<void> {
    byId('fleet-error').replaceChildren();
    try {
      await action();
      await this.refresh();
      // A new key is read first: the focus goes to it.
      if (this.newKey) document.getElementById(`key-${this.newKey.kioskId}`)?.focus();
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    if (error instanceof ApiError) byId('fleet-error').replaceChildren(...refusal(error));
    else this.onUnauthorized(error);
  }
}
