import type { Ward } from '@kiosk-pulse/contract';
import { apiClient } from './api';
import { element } from './dom';
import { fillText } from './dialog';
import { t } from './i18n';
import { Latest, isAborted } from './latest';

const MAX_SHOWN = 12;

/**
 * A ward chosen by searching its name (the server folds accents and tone-mark placement) or
 * its code: a search box and the matches as radio buttons. One match is chosen at once.
 */
export class WardPicker {
  readonly element: HTMLFieldSetElement;
  private readonly input: HTMLInputElement;
  private readonly list: HTMLElement;
  private readonly note: HTMLElement;
  private chosen: string | undefined;
  private readonly searching = new Latest();
  private timer: number | undefined;

  constructor(
    private readonly token: string,
    private readonly wards: Ward[],
    private readonly exclude: string | null = null,
  ) {
    const id = `ward-picker-${Math.random().toString(36).slice(2, 8)}`;
    this.input = element('input', {
      id: `${id}-q`,
      type: 'search',
      autocomplete: 'off',
      placeholder: t('Tên hoặc mã, ví dụ: tan son hoa'),
    });
    this.list = element('div', { className: 'ward-choices', id: `${id}-list` });
    this.note = element('p', { className: 'muted', id: `${id}-note` });
    this.note.setAttribute('role', 'status');
    this.element = element(
      'fieldset',
      { className: 'ward-picker' },
      element('legend', { textContent: t('Phường, xã mới') }),
      element('label', { htmlFor: this.input.id, textContent: t('Tìm phường, xã') }),
      this.input,
      this.note,
      this.list,
    );
    this.input.setAttribute('aria-describedby', this.note.id);
    this.input.addEventListener('input', () => {
      window.clearTimeout(this.timer);
      this.timer = window.setTimeout(() => void this.search(), 150);
    });
    // Enter in the box takes the only match rather than submitting an empty choice.
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !this.chosen) event.preventDefault();
    });
  }

  get value(): string | undefined {
    return this.chosen;
  }

  focus(): HTMLInputElement {
    return this.input;
  }

  private async search(): Promise<void> {
    const query = this.input.value.trim();
    // A newer search aborts this one: an older, slower answer never replaces a newer one.
    const signal = this.searching.next();
    let matches: Ward[] = [];
    try {
      if (/^\d{1,5}$/.test(query)) matches = this.wards.filter((ward) => ward.code.startsWith(query));
      else if (query.length > 0) matches = await apiClient(this.token).wards.list({ query: { q: query }, signal });
    } catch (error) {
      if (isAborted(error, signal)) return;
      throw error;
    }
    if (signal.aborted) return;
    matches = matches.filter((ward) => ward.code !== this.exclude);
    this.show(query, matches);
  }

  private show(query: string, matches: Ward[]): void {
    this.chosen = undefined;
    if (query === '') {
      this.note.textContent = '';
      this.list.replaceChildren();
      return;
    }
    this.note.textContent =
      matches.length === 0
        ? t('Không có phường, xã nào khớp.')
        : matches.length > MAX_SHOWN
          ? fillText('{count} kết quả; {shown} đầu tiên được hiện, hãy gõ thêm.', {
              count: String(matches.length),
              shown: String(MAX_SHOWN),
            })
          : fillText('{count} kết quả.', { count: String(matches.length) });
    const name = `${this.input.id}-choice`;
    this.list.replaceChildren(
      ...matches.slice(0, MAX_SHOWN).map((ward) => {
        const radio = element('input', { type: 'radio', name, value: ward.code, required: true });
        radio.checked = matches.length === 1;
        radio.addEventListener('change', () => (this.chosen = ward.code));
        return element(
          'label',
          { className: 'ward-choice' },
          radio,
          element('span', { textContent: ward.name, translate: false, lang: 'vi' }),
          element('span', { className: 'muted', textContent: ` ${ward.code}` }),
        );
      }),
    );
    if (matches.length === 1) this.chosen = matches[0].code;
  }
}
