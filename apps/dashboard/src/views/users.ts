import type { Ward } from '@kiosk-pulse/contract/counts';
import type { QueueHealth } from '@kiosk-pulse/contract/queue';
import { ApiError, request } from '../api';
import { data, field, fill, fillText, openDialog, refusal } from '../dialog';
import { button, byId, element, row } from '../dom';
import { formatDateTime, formatNumber } from '../format';
import { t } from '../i18n';
import { ROLE_LABELS, type Role, type Session } from '../session';

interface User {
  id: string;
  username: string;
  role: Role;
  wardCode: string | null;
  disabled: boolean;
}

interface ApiToken {
  id: string;
  name: string;
  role: Role;
  wardCode: string | null;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  /** The target's current name (user name, kiosk label, token name, ward name), where it has one. */
  targetName?: string | null;
  details: Record<string, unknown>;
}

/** The least privilege first: a new user or token is read-only unless someone chooses otherwise. */
const ROLES: Role[] = ['city_official', 'ward_staff', 'admin'];

const AUDIT_PAGE = 20;

const TARGETS: Record<string, string> = {
  user: 'Người dùng',
  kiosk: 'Kiosk',
  token: 'Mã truy cập',
  ward: 'Phường, xã',
  job: 'Lô sự kiện',
};

/** What each recorded action did, in words; the details fill in the rest where they say more. */
const ACTIONS: Record<string, string> = {
  'user.create': 'Tạo người dùng',
  'user.update': 'Sửa người dùng',
  'kiosk.create': 'Tạo kiosk',
  'kiosk.rename': 'Đổi tên kiosk',
  'kiosk.move': 'Chuyển kiosk sang phường, xã khác',
  'kiosk.rotate': 'Cấp khóa mới cho kiosk',
  'kiosk.revoke': 'Thu hồi khóa kiosk',
  'token.create': 'Tạo mã truy cập',
  'token.revoke': 'Thu hồi mã truy cập',
  'ward.population': 'Cập nhật dân số',
  'ward.population.clear': 'Xóa số liệu dân số',
  'queue.retry': 'Gửi lại lô sự kiện thất bại',
  'auth.login': 'Đăng nhập',
  'auth.login-failed': 'Đăng nhập thất bại',
  'auth.locked-out': 'Tạm khóa đăng nhập',
  'auth.slowed-down': 'Làm chậm đăng nhập vào tài khoản',
  'auth.logout': 'Đăng xuất',
};

const text = (value: string): Text => document.createTextNode(value);

const empty = (columns: number, message: string): HTMLTableRowElement =>
  element('tr', {}, element('td', { colSpan: columns, className: 'empty', textContent: t(message) }));

/** Users, API tokens, ward populations, the audit log and the ingest queue, for admins. */
export class UsersView {
  private users: User[] = [];
  /** The `before` cursor of each audit page seen, newest page first. */
  private auditPages: (number | undefined)[] = [undefined];

  constructor(
    private readonly session: Session,
    private readonly wards: Ward[],
    private readonly onUnauthorized: (error: unknown) => void,
  ) {
    const roleSelect = byId<HTMLSelectElement>('user-role');
    roleSelect.replaceChildren(...ROLES.map((role) => new Option(ROLE_LABELS[role], role)));
    roleSelect.value = 'city_official';
    const wardSelect = byId<HTMLSelectElement>('user-ward');
    this.fillWards(wardSelect);
    const showWard = () => {
      const needsWard = roleSelect.value === 'ward_staff';
      byId('user-ward-field').hidden = !needsWard;
      wardSelect.required = needsWard;
    };
    roleSelect.addEventListener('change', showWard);
    showWard();
    byId('user-create-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const username = byId<HTMLInputElement>('user-username');
      const password = byId<HTMLInputElement>('user-password');
      const name = username.value;
      void this.act(async () => {
        await request('POST', '/api/v1/users', session.token, {
          body: {
            username: name,
            password: password.value,
            role: roleSelect.value,
            wardCode: roleSelect.value === 'ward_staff' ? wardSelect.value : undefined,
          },
        });
        username.value = '';
        password.value = '';
        roleSelect.value = 'city_official';
        wardSelect.value = '';
        showWard();
        return fill('Đã tạo người dùng {name}.', { name });
      });
    });
    const populationWard = byId<HTMLSelectElement>('population-ward');
    this.fillWards(populationWard);
    populationWard.required = true;
    byId('population-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const aged60 = byId<HTMLInputElement>('population-60').value;
      const ward = this.wardName(populationWard.value);
      void this.act(async () => {
        await request('PUT', `/api/v1/wards/${populationWard.value}/population`, session.token, {
          body: {
            total: Number(byId<HTMLInputElement>('population-total').value),
            aged60Plus: aged60 === '' ? null : Number(aged60),
            source: byId<HTMLInputElement>('population-source').value,
            asOf: byId<HTMLInputElement>('population-date').value,
          },
        });
        return fill('Đã lưu dân số của {ward}.', { ward });
      });
    });
    byId('token-create-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const name = byId<HTMLInputElement>('token-name');
      void this.act(async () => {
        const created = await request<{ token: string; name: string }>('POST', '/api/v1/tokens', session.token, {
          body: { name: name.value, role: 'city_official' },
        });
        name.value = '';
        const copied = element('span', { className: 'muted', role: 'status' });
        byId('token-secret').replaceChildren(
          element('strong', {}, ...fill('Mã truy cập {name} — chỉ hiển thị một lần:', { name: created.name })),
          ' ',
          element('code', { textContent: created.token, translate: false }),
          ' ',
          button(t('Sao chép'), () => {
            void navigator.clipboard?.writeText(created.token).then(
              () => (copied.textContent = t('Đã sao chép.')),
              () => (copied.textContent = t('Không sao chép được; hãy chọn và sao chép mã bằng tay.')),
            );
          }),
          ' ',
          copied,
        );
        byId('token-secret').hidden = false;
      });
    });
    byId('audit-newer').addEventListener('click', () => {
      if (this.auditPages.length > 1) this.auditPages.pop();
      void this.act(async () => undefined);
    });
    byId('audit-older').addEventListener('click', () => {
      const older = Number(byId('audit-older').dataset.before);
      if (older) this.auditPages.push(older);
      void this.act(async () => undefined);
    });
  }

  show(): void {
    void this.act(async () => undefined);
  }

  /** Ward names are data: never translated. No ward is chosen for anyone. */
  private fillWards(select: HTMLSelectElement): void {
    const none = new Option(t('— Chọn phường, xã —'), '');
    select.replaceChildren(
      none,
      ...this.wards.map((ward) => {
        const option = new Option(`${ward.name} (${ward.code})`, ward.code);
        option.translate = false;
        return option;
      }),
    );
    select.value = '';
  }

  private wardName(code: string | null): string {
    return code ? (this.wards.find((ward) => ward.code === code)?.name ?? code) : '–';
  }

  private wardCell(code: string | null): Node | string {
    return code ? element('span', { textContent: this.wardName(code), translate: false, lang: 'vi' }) : '–';
  }

  private async refresh(): Promise<void> {
    const before = this.auditPages.at(-1);
    const [users, tokens, audit, queue] = await Promise.all([
      request<User[]>('GET', '/api/v1/users', this.session.token),
      request<ApiToken[]>('GET', '/api/v1/tokens', this.session.token),
      request<AuditEntry[]>('GET', '/api/v1/audit', this.session.token, {
        query: { limit: String(AUDIT_PAGE + 1), before: before === undefined ? undefined : String(before) },
      }),
      request<QueueHealth>('GET', '/api/v1/queue', this.session.token),
    ]);
    this.users = users;
    this.showQueue(queue);
    byId('user-table')
      .querySelector('tbody')
      ?.replaceChildren(...users.map((user) => this.userRow(user)));
    byId('token-table')
      .querySelector('tbody')
      ?.replaceChildren(
        ...(tokens.length > 0 ? tokens.map((token) => this.tokenRow(token)) : [empty(5, 'Chưa có mã truy cập nào.')]),
      );
    this.showAudit(audit);
  }

  private tokenRow(token: ApiToken): HTMLTableRowElement {
    const revoke = async () => {
      const confirmed = await openDialog({
        title: fill('Thu hồi mã truy cập {name}?', { name: token.name }),
        body: [fill('Mọi chương trình dùng mã này sẽ mất quyền truy cập ngay lập tức. Không thể hoàn tác.')],
        confirm: 'Thu hồi',
        danger: true,
      });
      if (confirmed) await this.act(() => request('POST', `/api/v1/tokens/${token.id}/revoke`, this.session.token));
    };
    const revokeButton = button(t('Thu hồi'), () => void revoke(), 'danger');
    const name = data(token.name);
    name.id = `token-name-${token.id}`;
    revokeButton.id = `token-revoke-${token.id}`;
    revokeButton.setAttribute('aria-labelledby', `${revokeButton.id} ${name.id}`);
    return row([
      name,
      ROLE_LABELS[token.role],
      token.revokedAt ? t('Đã thu hồi') : t('Đang dùng'),
      token.lastUsedAt ? formatDateTime(token.lastUsedAt) : '–',
      token.revokedAt ? '' : revokeButton,
    ]);
  }

  private showAudit(entries: AuditEntry[]): void {
    const page = entries.slice(0, AUDIT_PAGE);
    byId('audit-table')
      .querySelector('tbody')
      ?.replaceChildren(
        ...(page.length === 0 ? [empty(4, 'Nhật ký chưa có mục nào.')] : []),
        ...page.map((entry) =>
          element(
            'tr',
            {},
            element('td', { textContent: formatDateTime(entry.at) }),
            element('td', {}, ...this.actor(entry.actor)),
            element('td', {}, ...this.action(entry)),
            element('td', {}, ...this.target(entry)),
          ),
        ),
      );
    const older = byId<HTMLButtonElement>('audit-older');
    older.disabled = entries.length <= AUDIT_PAGE;
    older.dataset.before = String(page.at(-1)?.id ?? '');
    byId<HTMLButtonElement>('audit-newer').disabled = this.auditPages.length <= 1;
    byId('audit-page').textContent = fillText('Trang {page}', { page: String(this.auditPages.length) });
  }

  private actor(actor: string): (string | Node)[] {
    if (actor === 'admin-token') return [t('Mã quản trị (ADMIN_TOKEN)')];
    if (actor.startsWith('user:')) return [data(actor.slice('user:'.length))];
    if (actor.startsWith('token:')) return fill('Mã truy cập {name}', { name: actor.slice('token:'.length) });
    return [data(actor)];
  }

  private action(entry: AuditEntry): (string | Node)[] {
    const details = entry.details ?? {};
    const role = (value: unknown) => text(ROLE_LABELS[value as Role] ?? String(value));
    const ward = (value: unknown) => (typeof value === 'string' ? this.wardName(value) : '–');
    const label = (value: unknown) =>
      typeof value === 'object' && value !== null ? String((value as { label?: unknown }).label ?? '') : '';
    const code = (value: unknown) =>
      typeof value === 'object' && value !== null ? (value as { wardCode?: unknown }).wardCode : undefined;
    switch (entry.action) {
      case 'user.create':
      case 'token.create':
        return fill(
          entry.action === 'user.create' ? 'Tạo người dùng, vai trò {role}' : 'Tạo mã truy cập, vai trò {role}',
          {
            role: role(details.role),
          },
        );
      case 'user.update': {
        const changes: (string | Node)[][] = [];
        if (details.disabled === true) changes.push([t('Khóa người dùng')]);
        if (details.disabled === false) changes.push([t('Mở khóa người dùng')]);
        if (details.passwordReset === true) changes.push([t('Đặt lại mật khẩu')]);
        if (details.role) {
          changes.push(
            details.wardCode
              ? fill('Đổi vai trò thành {role} ({ward})', { role: role(details.role), ward: ward(details.wardCode) })
              : fill('Đổi vai trò thành {role}', { role: role(details.role) }),
          );
        }
        if (changes.length === 0) return [t(ACTIONS['user.update'])];
        return changes.flatMap((change, index) => (index === 0 ? change : ['; ', ...change]));
      }
      case 'kiosk.create':
        return fill('Tạo kiosk ở {ward}', { ward: ward(details.wardCode) });
      case 'kiosk.rename':
        return fill('Đổi tên kiosk từ {from} thành {to}', { from: label(details.from), to: label(details.to) });
      case 'kiosk.move':
        return fill('Chuyển kiosk từ {from} sang {to}', { from: ward(code(details.from)), to: ward(code(details.to)) });
      case 'ward.population':
        return typeof details.total === 'number'
          ? fill('Cập nhật dân số: {total} người', { total: text(formatNumber(details.total)) })
          : [t(ACTIONS[entry.action])];
      default:
        return ACTIONS[entry.action]
          ? [t(ACTIONS[entry.action])]
          : [element('code', { textContent: entry.action, translate: false })];
    }
  }

  private target(entry: AuditEntry): (string | Node)[] {
    const kind = TARGETS[entry.targetType];
    const name =
      entry.targetName ?? (entry.targetType === 'ward' ? this.wardName(entry.targetId) : undefined) ?? entry.targetId;
    // "Kiosk" is the same word in both languages (its English entry is the plural of the menu).
    const parts: (string | Node)[] = kind ? [`${kind === 'Kiosk' ? kind : t(kind)}: `] : [];
    const shown = data(name);
    // The id stays one hover away, for a look-up in the API.
    if (name !== entry.targetId) shown.title = entry.targetId;
    return [...parts, shown];
  }

  /** How far behind the ingest queue is, and the batches that failed for good, each with a retry. */
  private showQueue(queue: QueueHealth): void {
    byId('queue-summary').textContent =
      `${t('Đang chờ')}: ${formatNumber(queue.waiting + queue.delayed)} · ${t('Đang ghi')}: ${formatNumber(queue.active)} · ` +
      `${t('Thất bại')}: ${formatNumber(queue.failed)}`;
    byId('queue-failed')
      .querySelector('tbody')
      ?.replaceChildren(
        ...(queue.failedJobs.length === 0 ? [empty(6, 'Không có lô sự kiện nào thất bại.')] : []),
        ...queue.failedJobs.map((job) =>
          row([
            job.failedAt ? formatDateTime(job.failedAt) : '–',
            this.wardCell(job.wardCode),
            formatNumber(job.events),
            formatNumber(job.attempts),
            element('span', { textContent: job.error, translate: false, lang: 'en' }),
            button(
              t('Thử lại'),
              () => void this.act(() => request('POST', `/api/v1/queue/failed/${job.id}/retry`, this.session.token)),
            ),
          ]),
        ),
      );
  }

  /** The admins who can still sign in; the last of them is never offered a way to stop being one. */
  private activeAdmins(): number {
    return this.users.filter((user) => user.role === 'admin' && !user.disabled).length;
  }

  private userRow(user: User): HTMLTableRowElement {
    const patch = (body: unknown, done: (string | Node)[]) =>
      this.act(async () => {
        await request('PATCH', `/api/v1/users/${user.id}`, this.session.token, { body });
        return done;
      });
    const self = user.id === this.session.user.id;
    const lastAdmin = user.role === 'admin' && !user.disabled && this.activeAdmins() <= 1;
    const named = (template: string) => fillText(template, { name: user.username });
    const actions = element('span', { className: 'actions' });
    // Nobody locks themselves out, and the last admin stays one.
    if (!self && !lastAdmin) {
      const lock = button(
        user.disabled ? t('Mở khóa') : t('Khóa'),
        () =>
          void patch(
            { disabled: !user.disabled },
            fill(user.disabled ? 'Đã mở khóa {name}.' : 'Đã khóa {name}.', { name: user.username }),
          ),
        user.disabled ? '' : 'danger',
      );
      lock.setAttribute('aria-label', named(user.disabled ? 'Mở khóa {name}' : 'Khóa {name}'));
      actions.append(lock);
    }
    const reset = button(t('Đặt lại mật khẩu'), () => void this.resetPassword(user, patch));
    reset.setAttribute('aria-label', named('Đặt lại mật khẩu cho {name}'));
    actions.append(reset);
    if (!lastAdmin) {
      const change = button(t('Đổi vai trò'), () => void this.changeRole(user, patch));
      change.setAttribute('aria-label', named('Đổi vai trò của {name}'));
      actions.append(change);
    }
    const name: (string | Node)[] = [data(user.username)];
    if (self) name.push(' ', element('span', { className: 'muted', textContent: t('(bạn)') }));
    const status: (string | Node)[] = [user.disabled ? t('Đã khóa') : t('Hoạt động')];
    if (lastAdmin)
      status.push(element('br'), element('span', { className: 'muted', textContent: t('Quản trị viên duy nhất') }));
    return element(
      'tr',
      { dataset: { user: user.username } },
      element('td', {}, ...name),
      element('td', { textContent: ROLE_LABELS[user.role] }),
      element('td', {}, this.wardCell(user.wardCode)),
      element('td', {}, ...status),
      element('td', {}, actions),
    );
  }

  private async resetPassword(
    user: User,
    patch: (body: unknown, done: (string | Node)[]) => Promise<void>,
  ): Promise<void> {
    const input = element('input', { type: 'password', required: true, minLength: 10, autocomplete: 'new-password' });
    const confirmed = await openDialog({
      title: fill('Đặt lại mật khẩu cho {name}', { name: user.username }),
      body: [fill('Mọi phiên đăng nhập của người này kết thúc ngay. Mật khẩu có ít nhất 10 ký tự.')],
      fields: [field('Mật khẩu mới', input)],
      confirm: 'Đặt lại mật khẩu',
      focus: input,
    });
    if (confirmed)
      await patch({ password: input.value }, fill('Đã đặt lại mật khẩu cho {name}.', { name: user.username }));
  }

  private async changeRole(
    user: User,
    patch: (body: unknown, done: (string | Node)[]) => Promise<void>,
  ): Promise<void> {
    const roles = element('select', { required: true });
    roles.replaceChildren(...ROLES.map((role) => new Option(ROLE_LABELS[role], role)));
    roles.value = user.role;
    const wards = element('select');
    this.fillWards(wards);
    wards.value = user.wardCode ?? '';
    const wardField = field('Phường, xã', wards);
    const showWard = () => {
      wardField.hidden = roles.value !== 'ward_staff';
      wards.required = roles.value === 'ward_staff';
    };
    roles.addEventListener('change', showWard);
    showWard();
    const body = [fill('Mọi phiên đăng nhập của người này kết thúc ngay; họ đăng nhập lại với quyền mới.')];
    if (user.id === this.session.user.id) body.push(fill('Đây là tài khoản của bạn: bạn sẽ phải đăng nhập lại.'));
    const confirmed = await openDialog({
      title: fill('Đổi vai trò của {name}', { name: user.username }),
      body,
      fields: [field('Vai trò', roles), wardField],
      confirm: 'Lưu',
      focus: roles,
    });
    if (!confirmed) return;
    const role = roles.value as Role;
    await patch(
      { role, wardCode: role === 'ward_staff' ? wards.value : null },
      fill('Đã đổi vai trò của {name} thành {role}.', { name: user.username, role: text(ROLE_LABELS[role]) }),
    );
  }

  /** Runs an action and shows the page again; the server's refusal, 409 included, is said on the page. */
  private async act(action: () => Promise<(string | Node)[] | void>): Promise<void> {
    byId('users-error').replaceChildren();
    try {
      const done = await action();
      if (done) byId('users-status').replaceChildren(...done);
      await this.refresh();
    } catch (error) {
      if (error instanceof ApiError) byId('users-error').replaceChildren(...refusal(error));
      else this.onUnauthorized(error);
    }
  }
}
