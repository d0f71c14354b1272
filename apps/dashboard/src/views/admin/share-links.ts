import type { CreatedShareLink, ShareLink, Ward } from '@kiosk-pulse/contract';
import { ApiError, apiClient, type ApiClient } from '../../api';
import { data, fill, openDialog, refusal } from '../../dialog';
import { button, byId, element, row } from '../../dom';
import { formatDateTime } from '../../format';
import { t } from '../../i18n';
import type { Session } from '../../session';
import { actorName } from './audit';
import { WardNames, empty } from './section';

/** The address a share link opens: its token after `#`, which browsers never send to a server. */
export const shareUrl = (token: string): string => `${location.origin}/share/#${token}`;

/**
 * Share links to the public page (`#/share`): an admin makes them for the city or any ward, ward
 * staff for their own ward. A new link is shown once, with a copy button and a QR code; any link
 * can be revoked, after a confirmation, and its page stops at the next read.
 */
export class ShareLinksView {
  private readonly api: ApiClient;
  private readonly wards: WardNames;

  constructor(
    private readonly session: Session,
    wards: Ward[],
    private readonly onUnauthorized: (error: unknown) => void,
  ) {
    this.api = apiClient(session.token);
    this.wards = new WardNames(wards);
    this.fillScopes();
    byId('share-link-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const label = byId<HTMLInputElement>('share-link-label');
      const ward = byId<HTMLSelectElement>('share-link-ward').value;
      let created: CreatedShareLink | undefined;
      void this.act(async () => {
        created = await this.api.shareLinks.create({
          body: { label: label.value, ...(ward ? { wardCode: ward } : {}) },
        });
        label.value = '';
        this.showCreated(created);
      }).then(() => {
        // The new link is read first: the focus goes to it.
        if (created) byId('share-link-new-title').focus();
      });
    });
  }

  show(): void {
    void this.act(async () => undefined);
  }

  /** An admin shares the city or any ward; ward staff their own ward, the only choice they have. */
  private fillScopes(): void {
    const select = byId<HTMLSelectElement>('share-link-ward');
    const own = this.session.user.role === 'ward_staff' ? this.session.user.wardCode : null;
    const wards = own ? this.wards.list.filter((ward) => ward.code === own) : this.wards.list;
    select.replaceChildren(
      ...(own ? [] : [new Option(t('Toàn thành phố'), '')]),
      ...wards.map((ward) => {
        const option = new Option(`${ward.name} (${ward.code})`, ward.code);
        option.translate = false;
        return option;
      }),
    );
    select.value = own ?? '';
  }

  private scope(wardCode: string | null): Node | string {
    return wardCode ? this.wards.cell(wardCode) : t('Toàn thành phố');
  }

  /** The new link, once: its address to copy, a QR code to scan from the screen, and a way to close it. */
  private showCreated(link: CreatedShareLink): void {
    const url = shareUrl(link.token);
    const panel = byId('share-link-new');
    const copied = element('span', { className: 'muted', role: 'status' });
    const qr = element('img', { className: 'qr', alt: t('Mã QR của liên kết') });
    qr.width = 200;
    qr.height = 200;
    void import('qrcode')
      .then((qrcode) => qrcode.toDataURL(url, { margin: 2, width: 200 }))
      .then((source) => (qr.src = source));
    const heading = element(
      'h3',
      { id: 'share-link-new-title', tabIndex: -1 },
      ...fill('Liên kết {label}', { label: link.label }),
    );
    panel.replaceChildren(
      element(
        'div',
        {},
        heading,
        element('p', {}, t('Liên kết chỉ hiển thị một lần: hãy sao chép hoặc quét mã QR trước khi đóng khung này.')),
        element(
          'p',
          {},
          element('code', { id: 'share-link-url', className: 'key', textContent: url, translate: false }),
        ),
        element(
          'p',
          { className: 'actions' },
          button(t('Sao chép liên kết'), () => {
            void navigator.clipboard?.writeText(url).then(
              () => (copied.textContent = t('Đã sao chép.')),
              () => (copied.textContent = t('Không sao chép được; hãy chọn và sao chép liên kết bằng tay.')),
            );
          }),
          element('a', { href: url, target: '_blank', rel: 'noopener noreferrer', textContent: t('Mở trang') }),
          button(t('Đóng'), () => {
            panel.hidden = true;
            panel.replaceChildren();
            byId('share-links').querySelector<HTMLElement>('h2')?.focus();
          }),
          copied,
        ),
      ),
      qr,
    );
    panel.setAttribute('aria-labelledby', heading.id);
    panel.hidden = false;
  }

  private render(links: ShareLink[]): void {
    byId('share-link-table')
      .querySelector('tbody')
      ?.replaceChildren(
        ...(links.length > 0 ? links.map((link) => this.linkRow(link)) : [empty(6, 'Chưa có liên kết chia sẻ nào.')]),
      );
  }

  private linkRow(link: ShareLink): HTMLTableRowElement {
    const label = data(link.label);
    label.id = `share-link-label-${link.id}`;
    const revoke = button(t('Thu hồi'), () => void this.revoke(link), 'danger');
    revoke.id = `share-link-revoke-${link.id}`;
    revoke.setAttribute('aria-labelledby', `${revoke.id} ${label.id}`);
    const tableRow = row([
      label,
      this.scope(link.wardCode),
      element('span', {}, ...actorName(link.createdBy)),
      formatDateTime(link.createdAt),
      link.revokedAt ? formatDateTime(link.revokedAt) : '–',
      link.revokedAt ? t('Đã thu hồi') : revoke,
    ]);
    tableRow.dataset.link = link.id;
    return tableRow;
  }

  private async revoke(link: ShareLink): Promise<void> {
    const confirmed = await openDialog({
      title: fill('Thu hồi liên kết {label}?', { label: link.label }),
      body: [
        fill('Trang công khai của liên kết này ngừng hiển thị ngay, trên mọi màn hình đang mở nó.'),
        fill('Không thể hoàn tác: muốn chia sẻ lại, hãy tạo một liên kết mới.'),
      ],
      confirm: 'Thu hồi',
      danger: true,
    });
    if (confirmed) await this.act(() => this.api.shareLinks.revoke({ params: { id: link.id } }));
  }

  /** Runs an action and lists the links again; the server's refusal is said on the page. */
  private async act(action: () => Promise<unknown>): Promise<void> {
    byId('share-links-error').replaceChildren();
    try {
      await action();
      this.render(await this.api.shareLinks.list());
    } catch (error) {
      if (error instanceof ApiError) byId('share-links-error').replaceChildren(...refusal(error));
      else this.onUnauthorized(error);
    }
  }
}
