import { RATING_LABELS, RATINGS, type Rating } from '@kiosk-pulse/contract';
import { h } from '../dom';
import { language, t } from '../i18n';
import { notice } from './heading';

// Faces drawn, not emoji: a tablet without an emoji font would show boxes.
const MOUTHS: Record<Rating, string> = { 1: 'M15 34 Q24 26 33 34', 2: 'M15 31 H33', 3: 'M15 28 Q24 38 33 28' };
const face = (rating: Rating): HTMLSpanElement => {
  const span = h('span', { class: 'face', 'aria-hidden': 'true' });
  span.innerHTML =
    '<svg viewBox="0 0 48 48" width="48" height="48" fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round">' +
    '<circle cx="24" cy="24" r="21"/><circle cx="17" cy="19" r="1.5" fill="currentColor"/>' +
    `<circle cx="31" cy="19" r="1.5" fill="currentColor"/><path d="${MOUTHS[rating]}"/></svg>`;
  return span;
};
const ratingLabel = (rating: Rating): string => RATING_LABELS[rating][language()];

/** The resident's optional one-tap answer, after a visit or a guide: it never stands between two residents. */
export function ratingPanel(
  canRate: boolean,
  rate: (rating: Rating) => Promise<boolean>,
  hint = t('Người dân chạm một mặt (không bắt buộc).'),
): HTMLElement | null {
  if (!canRate) return null;
  const problem = notice('rating-problem', '', 'alert');
  const buttons = RATINGS.map((rating) =>
    h(
      'button',
      {
        type: 'button',
        class: `button face-button face-${rating}`,
        'data-rating': String(rating),
        onclick: () => void answer(rating),
      },
      face(rating),
      h('span', {}, ratingLabel(rating)),
    ),
  );
  const panel = h(
    'div',
    { id: 'rating', class: 'rating', role: 'group', 'aria-labelledby': 'rating-title' },
    h('h2', { id: 'rating-title' }, t('Hài lòng?')),
    h('p', { class: 'hint' }, hint),
    h('div', { class: 'faces' }, ...buttons),
    problem,
  );
  const answer = async (rating: Rating) => {
    for (const button of buttons) button.disabled = true;
    if (await rate(rating)) {
      panel.replaceChildren(notice('rating-thanks', t('Cảm ơn!')));
      return;
    }
    for (const button of buttons) button.disabled = false;
    problem.textContent = t('Không ghi được trên máy này. Hãy thử lại.');
  };
  return panel;
}
