/** What the management pages share: modal dialogs, text with data in it, the server's refusals. */
import { ApiError } from './api';
import { element } from './dom';
import { t } from './i18n';

/** Data (a kiosk label, a user name) inside translated text: never translated, isolated for bidi. */
export const data = (text: string): HTMLElement => element('bdi', { textContent: text, translate: false });

/**
 * A translated sentence with `{name}` places filled: strings become data (translate="no"),
 * nodes go in as they are.
 */
export function fill(template: string, values: Record<string, string | Node> = {}): (string | Node)[] {
  const text = t(template);
  const parts: (string | Node)[] = [];
  let last = 0;
  for (const match of text.matchAll(/\{(\w+)\}/g)) {
    parts.push(text.slice(last, match.index));
    const value = values[match[1]] ?? '';
    parts.push(typeof value === 'string' ? data(value) : value);
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts.filter((part) => part !== '');
}

/** Plain text of a filled sentence, for attributes (aria-label, title). */
export const fillText = (template: string, values: Record<string, string> = {}): string =>
  t(template).replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');

const REFUSALS: Record<number, string> = {
  400: 'Dữ liệu không hợp lệ',
  403: 'Bạn không có quyền làm việc này',
  404: 'Không tìm thấy',
  409: 'Không thực hiện được',
  429: 'Quá nhiều yêu cầu, vui lòng thử lại sau',
};

/** A refusal in the page's language, with the server's own words (English, technical) after it. */
export function refusal(error: ApiError): (string | Node)[] {
  const reason = REFUSALS[error.status] ?? (error.status >= 500 ? 'Máy chủ gặp lỗi' : 'Không thực hiện được');
  const detail = element('span', { textContent: error.message, translate: false, lang: 'en' });
  return [`${t(reason)}: `, detail];
}

let dialogs = 0;

export interface DialogOptions {
  title: (string | Node)[];
  /** Paragraphs that say what will happen. */
  body?: (string | Node)[][];
  /** Inputs inside the dialog's form; constraint validation applies. */
  fields?: Node[];
  confirm: string;
  /** The label of the way out (default: Cancel). */
  cancel?: string;
  danger?: boolean;
  /** Focus this on opening (default: the cancel button, the safe choice). */
  focus?: HTMLElement;
}

/**
 * A modal dialog (<dialog>: focus kept inside, Escape cancels). Resolves true once confirmed,
 * false when cancelled; the focus goes back where it was.
 */
export function openDialog(options: DialogOptions): Promise<boolean> {
  const id = `dialog-${++dialogs}`;
  const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const title = element('h2', { id: `${id}-title` }, ...options.title);
  const paragraphs = (options.body ?? []).map((parts, index) =>
    element('p', { id: index === 0 ? `${id}-body` : '' }, ...parts),
  );
  const cancel = element('button', { type: 'button', textContent: t(options.cancel ?? 'Hủy'), value: 'cancel' });
  const confirm = element('button', {
    type: 'submit',
    textContent: t(options.confirm),
    value: 'confirm',
    className: options.danger ? 'danger' : 'primary',
  });
  const form = element(
    'form',
    { method: 'dialog' },
    title,
    ...paragraphs,
    ...(options.fields ?? []),
    element('div', { className: 'dialog-buttons' }, cancel, confirm),
  );
  const dialog = element('dialog', { className: 'modal' }, form);
  dialog.setAttribute('aria-labelledby', title.id);
  if (paragraphs.length > 0) dialog.setAttribute('aria-describedby', `${id}-body`);
  cancel.addEventListener('click', () => dialog.close('cancel'));
  document.body.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'confirm');
      dialog.remove();
      if (returnTo?.isConnected) returnTo.focus();
    });
    dialog.showModal();
    (options.focus ?? cancel).focus();
  });
}

/** A labelled field for a dialog. */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement): HTMLElement {
  control.id ||= `field-${++dialogs}`;
  return element(
    'p',
    { className: 'field' },
    element('label', { htmlFor: control.id, textContent: t(label) }),
    control,
  );
}
