import type { KioskApp } from '../app-types';
import { DEVICE_ROLES } from '../device';
import { h } from '../dom';
import { language, t, type Language } from '../i18n';
import { roleLabel } from '../visit';
import { heading } from './heading';

const LANGUAGES: { language: Language; name: string }[] = [
  { language: 'vi', name: 'Tiếng Việt' },
  { language: 'en', name: 'English' },
];

/** The device's settings: the helper role, the language, which kiosk it is, pairing again. */
export function settingsScreen(app: KioskApp): HTMLElement {
  const kiosk = app.paired;
  const chosen = app.role();
  const fact = (term: string, value: string) =>
    h('div', { class: 'fact' }, h('dt', {}, term), h('dd', { translate: 'no' }, value));
  return h(
    'section',
    { class: 'screen settings' },
    heading(t('Cài đặt')),
    h(
      'div',
      { class: 'group', role: 'group', 'aria-labelledby': 'role-title' },
      h('h2', { id: 'role-title' }, t('Vai trò người hỗ trợ')),
      h(
        'div',
        { class: 'choices' },
        ...DEVICE_ROLES.map((role) =>
          h(
            'button',
            {
              type: 'button',
              class: 'button choice',
              'data-role': role,
              'aria-pressed': String(role === chosen),
              onclick: () => {
                app.chooseRole(role);
                app.show('settings');
              },
            },
            roleLabel(role),
          ),
        ),
      ),
    ),
    h(
      'div',
      { class: 'group', role: 'group', 'aria-labelledby': 'language-title' },
      h('h2', { id: 'language-title' }, t('Ngôn ngữ')),
      h(
        'div',
        { class: 'choices two' },
        ...LANGUAGES.map((each) =>
          h(
            'button',
            {
              type: 'button',
              class: 'button choice',
              lang: each.language,
              'data-language': each.language,
              'aria-pressed': String(each.language === language()),
              onclick: () => {
                app.chooseLanguage(each.language);
                app.show('settings');
              },
            },
            each.name,
          ),
        ),
      ),
    ),
    kiosk &&
      h(
        'div',
        { class: 'group' },
        h('h2', {}, t('Kiosk này')),
        h(
          'dl',
          { class: 'facts' },
          fact(t('Tên kiosk'), kiosk.label),
          fact(t('Phường, xã'), kiosk.wardName),
          fact(t('Mã kiosk'), kiosk.kioskId),
        ),
        h(
          'button',
          { id: 'repair', type: 'button', class: 'button secondary', onclick: () => app.show('pair') },
          t('Ghép nối lại'),
        ),
      ),
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        { id: 'settings-back', type: 'button', class: 'button primary', onclick: () => app.show('start') },
        t('Quay lại'),
      ),
    ),
  );
}
