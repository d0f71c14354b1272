import type { Role, UpdateUserRequest, User } from '@kiosk-pulse/contract';
import { data, field, fill, fillText, openDialog } from '../../dialog';
import { button, byId, element } from '../../dom';
import { t } from '../../i18n';
import { ROLE_LABELS } from '../../session';
import type { AdminContext } from './section';

/** The least privilege first: a new user or token is read-only unless someone chooses otherwise. */
const ROLES: Role[] = ['city_official', 'ward_staff', 'admin'];

const text = (value: string): Text => document.createTextNode(value);

type Patch = (body: UpdateUserRequest, done: (string | Node)[]) => Promise<void>;

/** The people who sign in: made, locked and unlocked, given a new password or another role. */
export class UsersSection {
  private users: User[] = [];

  constructor(private readonly admin: AdminContext) {
    const roleSelect = byId<HTMLSelectElement>('user-role');
    roleSelect.replaceChildren(...ROLES.map((role) => new Option(ROLE_LABELS[role], role)));
    roleSelect.value = 'city_official';
    const wardSelect = byId<HTMLSelectElement>('user-ward');
    admin.wards.fill(wardSelect);
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
      void admin.act(async () => {
        await admin.api.users.create({
          body: {
            username: name,
            password: password.value,
            role: roleSelect.value as Role,
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
  }

  show(users: User[]): void {
    this.users = users;
    byId('user-table')
      .querySelector('tbody')
      ?.replaceChildren(...users.map((user) => this.userRow(user)));
  }

  /** The admins who can still sign in; the last of them is never offered a way to stop being one. */
  private activeAdmins(): number {
    return this.users.filter((user) => user.role === 'admin' && !user.disabled).length;
  }

  private userRow(user: User): HTMLTableRowElement {
    const patch: Patch = (body, done) =>
      this.admin.act(async () => {
        await this.admin.api.users.update({ params: { id: user.id }, body });
        return done;
      });
    const self = user.id === this.admin.session.user.id;
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
      element('td', {}, this.admin.wards.cell(user.wardCode)),
      element('td', {}, ...status),
      element('td', {}, actions),
    );
  }

  private async resetPassword(user: User, patch: Patch): Promise<void> {
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

  private async changeRole(user: User, patch: Patch): Promise<void> {
    const roles = element('select', { required: true });
    roles.replaceChildren(...ROLES.map((role) => new Option(ROLE_LABELS[role], role)));
    roles.value = user.role;
    const wards = element('select');
    this.admin.wards.fill(wards);
    wards.value = user.wardCode ?? '';
    const wardField = field('Phường, xã', wards);
    const showWard = () => {
      wardField.hidden = roles.value !== 'ward_staff';
      wards.required = roles.value === 'ward_staff';
    };
    roles.addEventListener('change', showWard);
    showWard();
    const body = [fill('Mọi phiên đăng nhập của người này kết thúc ngay; họ đăng nhập lại với quyền mới.')];
    if (user.id === this.admin.session.user.id) body.push(fill('Đây là tài khoản của bạn: bạn sẽ phải đăng nhập lại.'));
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
}
