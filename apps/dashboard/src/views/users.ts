import type { Ward } from '@kiosk-pulse/contract/counts';
import type { QueueHealth } from '@kiosk-pulse/contract/queue';
import { ApiError, request } from '../api';
import { button, byId, element, row } from '../dom';
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
  at: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
}

const timeFormat = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  dateStyle: 'short',
  timeStyle: 'medium',
});

/** Users, API tokens and the audit log, for admins. */
export class UsersView {
  constructor(
    private readonly session: Session,
    private readonly wards: Ward[],
    private readonly onUnauthorized: (error: unknown) => void,
  ) {
    const roleSelect = byId<HTMLSelectElement>('user-role');
    roleSelect.replaceChildren(
      ...(Object.keys(ROLE_LABELS) as Role[]).map((role) => new Option(ROLE_LABELS[role], role)),
    );
    const wardSelect = byId<HTMLSelectElement>('user-ward');
    wardSelect.replaceChildren(...wards.map((ward) => new Option(`${ward.name} (${ward.code})`, ward.code)));
    const showWard = () => (byId('user-ward-field').hidden = roleSelect.value !== 'ward_staff');
    roleSelect.addEventListener('change', showWard);
    showWard();
    byId('user-create-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const username = byId<HTMLInputElement>('user-username');
      const password = byId<HTMLInputElement>('user-password');
      void this.act(async () => {
        await request('POST', '/api/v1/users', session.token, {
          body: {
            username: username.value,
            password: password.value,
            role: roleSelect.value,
            wardCode: roleSelect.value === 'ward_staff' ? wardSelect.value : undefined,
          },
        });
        username.value = '';
        password.value = '';
      });
    });
    const populationWard = byId<HTMLSelectElement>('population-ward');
    populationWard.replaceChildren(...wards.map((ward) => new Option(`${ward.name} (${ward.code})`, ward.code)));
    byId('population-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const aged60 = byId<HTMLInputElement>('population-60').value;
      void this.act(() =>
        request('PUT', `/api/v1/wards/${populationWard.value}/population`, session.token, {
          body: {
            total: Number(byId<HTMLInputElement>('population-total').value),
            aged60Plus: aged60 === '' ? null : Number(aged60),
            source: byId<HTMLInputElement>('population-source').value,
            asOf: byId<HTMLInputElement>('population-date').value,
          },
        }),
      );
    });
    byId('token-create-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const name = byId<HTMLInputElement>('token-name');
      void this.act(async () => {
        const created = await request<{ token: string }>('POST', '/api/v1/tokens', session.token, {
          body: { name: name.value, role: 'city_official' },
        });
        name.value = '';
        byId('token-secret').replaceChildren(
          element('strong', { textContent: 'Mã chỉ hiển thị một lần: ' }),
          element('code', { textContent: created.token }),
        );
        byId('token-secret').hidden = false;
      });
    });
  }

  show(): void {
    void this.act(async () => undefined);
  }

  private wardName(code: string | null): string {
    return code ? (this.wards.find((ward) => ward.code === code)?.name ?? code) : '–';
  }

  private async refresh(): Promise<void> {
    const [users, tokens, audit, queue] = await Promise.all([
      request<User[]>('GET', '/api/v1/users', this.session.token),
      request<ApiToken[]>('GET', '/api/v1/tokens', this.session.token),
      request<AuditEntry[]>('GET', '/api/v1/audit', this.session.token, { query: { limit: '50' } }),
      request<QueueHealth>('GET', '/api/v1/queue', this.session.token),
    ]);
    this.showQueue(queue);
    byId('user-table')
      .querySelector('tbody')
      ?.replaceChildren(...users.map((user) => this.userRow(user)));
    byId('token-table')
      .querySelector('tbody')
      ?.replaceChildren(
        ...tokens.map((token) =>
          row([
            token.name,
            ROLE_LABELS[token.role],
            token.revokedAt ? 'Đã thu hồi' : 'Đang dùng',
            token.revokedAt
              ? ''
              : button(
                  'Thu hồi',
                  () => void this.act(() => request('POST', `/api/v1/tokens/${token.id}/revoke`, this.session.token)),
                  'danger',
                ),
          ]),
        ),
      );
    byId('audit-table')
      .querySelector('tbody')
      ?.replaceChildren(
        ...audit.map((entry) =>
          row([
            timeFormat.format(new Date(entry.at)),
            entry.actor,
            entry.action,
            `${entry.targetType} ${entry.targetId}`,
          ]),
        ),
      );
  }

  /** How far behind the ingest queue is, and the batches that failed for good, each with a retry. */
  private showQueue(queue: QueueHealth): void {
    byId('queue-summary').textContent =
      `${t('Đang chờ')}: ${queue.waiting + queue.delayed} · ${t('Đang ghi')}: ${queue.active} · ` +
      `${t('Thất bại')}: ${queue.failed}`;
    byId('queue-failed')
      .querySelector('tbody')
      ?.replaceChildren(
        ...queue.failedJobs.map((job) =>
          row([
            job.failedAt ? timeFormat.format(new Date(job.failedAt)) : '–',
            this.wardName(job.wardCode),
            String(job.events),
            String(job.attempts),
            job.error,
            button(
              t('Thử lại'),
              () => void this.act(() => request('POST', `/api/v1/queue/failed/${job.id}/retry`, this.session.token)),
            ),
          ]),
        ),
      );
  }

  private userRow(user: User): HTMLTableRowElement {
    const patch = (body: unknown) =>
      this.act(() => request('PATCH', `/api/v1/users/${user.id}`, this.session.token, { body }));
    return row([
      user.username,
      ROLE_LABELS[user.role],
      this.wardName(user.wardCode),
      user.disabled ? 'Đã khóa' : 'Hoạt động',
      element(
        'span',
        { className: 'actions' },
        button(
          user.disabled ? 'Mở khóa' : 'Khóa',
          () => void patch({ disabled: !user.disabled }),
          user.disabled ? '' : 'danger',
        ),
        button('Đặt lại mật khẩu', () => {
          const password = prompt(`Mật khẩu mới cho ${user.username} (ít nhất 10 ký tự)`);
          if (password) void patch({ password });
        }),
      ),
    ]);
  }

  private async act(action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
      await this.refresh();
      byId('users-error').textContent = '';
    } catch (error) {
      if (error instanceof ApiError) byId('users-error').textContent = error.message;
      else this.onUnauthorized(error);
    }
  }
}
