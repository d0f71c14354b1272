import type { AuditEntry, Role } from '@kiosk-pulse/contract';
import { data, fill } from '../../dialog';
import { byId, element } from '../../dom';
import { formatDateTime, formatNumber } from '../../format';
import { t } from '../../i18n';
import { Pager } from '../../pager';
import { ROLE_LABELS } from '../../session';
import { empty, type AdminContext, type WardNames } from './section';

export const AUDIT_PAGE = 20;

const TARGETS: Record<string, string> = {
  user: 'Người dùng',
  kiosk: 'Kiosk',
  token: 'Mã truy cập',
  ward: 'Phường, xã',
  job: 'Lô sự kiện',
  share_link: 'Liên kết chia sẻ',
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
  'kiosk.pairing-code': 'Tạo mã ghép nối kiosk',
  'kiosk.paired': 'Ghép nối thiết bị với kiosk',
  'token.create': 'Tạo mã truy cập',
  'token.revoke': 'Thu hồi mã truy cập',
  'ward.population': 'Cập nhật dân số',
  'ward.population.clear': 'Xóa số liệu dân số',
  'queue.retry': 'Gửi lại lô sự kiện thất bại',
  'share_link.create': 'Tạo liên kết chia sẻ',
  'share_link.revoke': 'Thu hồi liên kết chia sẻ',
  'auth.login': 'Đăng nhập',
  'auth.login-failed': 'Đăng nhập thất bại',
  'auth.locked-out': 'Tạm khóa đăng nhập',
  'auth.slowed-down': 'Làm chậm đăng nhập vào tài khoản',
  'auth.logout': 'Đăng xuất',
};

const text = (value: string): Text => document.createTextNode(value);

/** Who did something, as the server records it ("user:<name>", "token:<name>", "admin-token"), in words. */
export function actorName(actor: string): (string | Node)[] {
  if (actor === 'admin-token') return [t('Mã quản trị (ADMIN_TOKEN)')];
  if (actor.startsWith('user:')) return [data(actor.slice('user:'.length))];
  if (actor.startsWith('token:')) return fill('Mã truy cập {name}', { name: actor.slice('token:'.length) });
  return [data(actor)];
}

/** The audit log's changes and sign-ins, newest first, 20 entries a page, each written as a sentence. */
export class AuditSection {
  private readonly pager: Pager;
  private readonly wards: WardNames;

  constructor(admin: AdminContext) {
    this.wards = admin.wards;
    this.pager = new Pager('audit', AUDIT_PAGE, () => void admin.act(async () => undefined));
  }

  /** The cursor of the page on screen: the entries older than this id (none: the newest page). */
  get before(): number | undefined {
    return this.pager.before;
  }

  /** `entries`: one more than a page, if there are that many, to tell whether an older page exists. */
  show(entries: AuditEntry[]): void {
    const page = this.pager.page(entries);
    byId('audit-table')
      .querySelector('tbody')
      ?.replaceChildren(
        ...(page.length === 0 ? [empty(4, 'Nhật ký chưa có mục nào.')] : []),
        ...page.map((entry) =>
          element(
            'tr',
            {},
            element('td', { textContent: formatDateTime(entry.at) }),
            element('td', {}, ...actorName(entry.actor)),
            element('td', {}, ...this.action(entry)),
            element('td', {}, ...this.target(entry)),
          ),
        ),
      );
  }

  private action(entry: AuditEntry): (string | Node)[] {
    const details = entry.details ?? {};
    const role = (value: unknown) => text(ROLE_LABELS[value as Role] ?? String(value));
    const ward = (value: unknown) => (typeof value === 'string' ? this.wards.name(value) : '–');
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
      entry.targetName ?? (entry.targetType === 'ward' ? this.wards.name(entry.targetId) : undefined) ?? entry.targetId;
    // "Kiosk" is the same word in both languages (its English entry is the plural of the menu).
    const parts: (string | Node)[] = kind ? [`${kind === 'Kiosk' ? kind : t(kind)}: `] : [];
    const shown = data(name);
    // The id stays one hover away, for a look-up in the API.
    if (name !== entry.targetId) shown.title = entry.targetId;
    return [...parts, shown];
  }
}
