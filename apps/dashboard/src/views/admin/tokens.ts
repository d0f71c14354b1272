import type { ApiToken } from '@kiosk-pulse/contract';
import { data, fill, openDialog } from '../../dialog';
import { button, byId, element, row } from '../../dom';
import { formatDateTime } from '../../format';
import { t } from '../../i18n';
import { ROLE_LABELS } from '../../session';
import { empty, type AdminContext } from './section';

/** API tokens (read-only, for wall screens and scripts): made, shown once, revoked. */
export class TokensSection {
  constructor(private readonly admin: AdminContext) {
    byId('token-create-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const name = byId<HTMLInputElement>('token-name');
      void admin.act(async () => {
        const created = await admin.api.tokens.create({ body: { name: name.value, role: 'city_official' } });
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
  }

  show(tokens: ApiToken[]): void {
    byId('token-table')
      .querySelector('tbody')
      ?.replaceChildren(
        ...(tokens.length > 0 ? tokens.map((token) => this.tokenRow(token)) : [empty(5, 'Chưa có mã truy cập nào.')]),
      );
  }

  private tokenRow(token: ApiToken): HTMLTableRowElement {
    const revoke = async () => {
      const confirmed = await openDialog({
        title: fill('Thu hồi mã truy cập {name}?', { name: token.name }),
        body: [fill('Mọi chương trình dùng mã này sẽ mất quyền truy cập ngay lập tức. Không thể hoàn tác.')],
        confirm: 'Thu hồi',
        danger: true,
      });
      if (confirmed)
        await this.admin.act(async () => {
          await this.admin.api.tokens.revoke({ params: { id: token.id } });
        });
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
}
