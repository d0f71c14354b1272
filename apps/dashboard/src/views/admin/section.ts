import type { Ward } from '@kiosk-pulse/contract';
import type { ApiClient } from '../../api';
import { element } from '../../dom';
import { t } from '../../i18n';
import type { Session } from '../../session';

/** What every section of the admin page is handed: the session, the API, ward names, and a way to act. */
export interface AdminContext {
  readonly session: Session;
  /** The API, called with the session's token. */
  readonly api: ApiClient;
  readonly wards: WardNames;
  /** Runs an action, says what it did (or the server's refusal) and shows every section again. */
  act(action: () => Promise<(string | Node)[] | void>): Promise<void>;
}

/** Ward names as the admin sections show them: data, never translated. */
export class WardNames {
  constructor(readonly list: Ward[]) {}

  /** No ward is chosen for anyone. */
  fill(select: HTMLSelectElement): void {
    const none = new Option(t('— Chọn phường, xã —'), '');
    select.replaceChildren(
      none,
      ...this.list.map((ward) => {
        const option = new Option(`${ward.name} (${ward.code})`, ward.code);
        option.translate = false;
        return option;
      }),
    );
    select.value = '';
  }

  name(code: string | null): string {
    return code ? (this.list.find((ward) => ward.code === code)?.name ?? code) : '–';
  }

  cell(code: string | null): Node | string {
    return code ? element('span', { textContent: this.name(code), translate: false, lang: 'vi' }) : '–';
  }
}

/** A table's only row, saying it has nothing to show. */
export const empty = (columns: number, message: string): HTMLTableRowElement =>
  element('tr', {}, element('td', { colSpan: columns, className: 'empty', textContent: t(message) }));

/** A table of rows with its column headings, a caption for screen readers, and a line saying so when it has none. */
export function dataTable(
  id: string,
  caption: string,
  headings: string[],
  rows: HTMLTableRowElement[],
  none: string,
): HTMLElement {
  return element(
    'div',
    { className: 'table-scroll', tabIndex: 0 },
    element(
      'table',
      { className: 'data', id },
      element('caption', { className: 'visually-hidden', textContent: t(caption) }),
      element(
        'thead',
        {},
        element('tr', {}, ...headings.map((name) => element('th', { scope: 'col', textContent: t(name) }))),
      ),
      element('tbody', {}, ...(rows.length === 0 ? [empty(headings.length, none)] : rows)),
    ),
  );
}
