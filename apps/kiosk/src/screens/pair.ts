import type { KioskApp } from '../app-types';
import { h } from '../dom';
import { t } from '../i18n';
import { normaliseCode } from '../pairing';
import { canScan, scanPairingCode } from '../scanner';
import { heading, notice } from './heading';

/**
 * Pairing: the first screen of a new device, and the screen of a kiosk whose key the server
 * refused (`repair`), which says that nothing recorded is lost. `code` (from a pairing link) is
 * sent at once.
 */
export function pairScreen(app: KioskApp, options: { repair: boolean; code?: string }): HTMLElement {
  const problem = notice('pair-problem', '', 'alert');
  const input = h('input', {
    id: 'pair-code',
    name: 'code',
    class: 'code-input',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    maxlength: '16',
    placeholder: 'XXXX-XXXX',
    'aria-describedby': 'pair-problem',
    value: options.code ?? '',
  });
  const submit = h('button', { id: 'pair-submit', type: 'submit', class: 'button primary' }, t('Ghép nối'));

  const tryCode = async (typed: string) => {
    const code = normaliseCode(typed);
    if (!code) {
      problem.textContent = t('Mã ghép nối gồm 8 chữ và số, dạng XXXX-XXXX.');
      input.focus();
      return;
    }
    problem.textContent = '';
    submit.disabled = true;
    submit.textContent = t('Đang ghép nối…');
    const refusal = await app.pairWith(code);
    if (refusal === null) return;
    submit.disabled = false;
    submit.textContent = t('Ghép nối');
    problem.textContent = refusal;
  };

  const form = h(
    'form',
    {
      class: 'pair-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        void tryCode(input.value);
      },
    },
    h('label', { for: 'pair-code' }, t('Mã ghép nối')),
    input,
    submit,
  );
  const scanAndPair = async () => {
    problem.textContent = '';
    const code = await scanPairingCode((message) => (problem.textContent = message));
    if (code) {
      input.value = code;
      await tryCode(code);
    }
  };
  const scan =
    canScan() &&
    h(
      'button',
      {
        id: 'pair-scan',
        type: 'button',
        class: 'button secondary',
        onclick: () => void scanAndPair(),
      },
      t('Quét mã QR'),
    );

  const kept = h('p', { id: 'pair-kept', class: 'kept' });
  if (options.repair) {
    void app.pending().then((count) => {
      kept.textContent =
        count === 0
          ? t('Mọi bản ghi đã được gửi.')
          : t('{n} bản ghi chưa gửi vẫn được giữ trên máy này và sẽ được gửi sau khi ghép nối lại.', { n: count });
    });
  }
  const screen = h(
    'section',
    { class: options.repair ? 'screen pair repair' : 'screen pair' },
    heading(options.repair ? t('Cần ghép nối lại') : t('Ghép nối kiosk')),
    options.repair
      ? h(
          'div',
          { class: 'repair-reason' },
          h('p', {}, t('Máy chủ không nhận khóa của kiosk này nữa (kiosk đã bị thu hồi hoặc được cấp khóa mới).')),
          h('p', { class: 'ask' }, t('Hãy nhờ cán bộ phường cấp mã ghép nối mới.')),
          kept,
        )
      : h('p', {}, t('Nhập mã ghép nối do cán bộ phường cấp (8 ký tự, ví dụ K7MQ-9TXA), hoặc quét mã QR của mã đó.')),
    form,
    scan,
    problem,
    !options.repair &&
      app.paired &&
      h('button', { type: 'button', class: 'button secondary', onclick: () => app.show('settings') }, t('Quay lại')),
  );
  if (options.code) queueMicrotask(() => void tryCode(options.code ?? ''));
  return screen;
}
