import type { KioskApp } from '../app-types';
import { DEVICE_ROLES } from '../device';
import { h } from '../dom';
import { t } from '../i18n';
import { roleLabel } from '../visit';
import { heading } from './heading';

/** Who helps residents at this device: asked once, after the first pairing. */
export function roleScreen(app: KioskApp): HTMLElement {
  return h(
    'section',
    { class: 'screen role' },
    heading(t('Ai hỗ trợ người dân tại máy này?')),
    h('p', {}, t('Chọn một lần; có thể đổi trong Cài đặt.')),
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
            onclick: () => {
              app.chooseRole(role);
              app.show('start');
            },
          },
          roleLabel(role),
        ),
      ),
    ),
  );
}
