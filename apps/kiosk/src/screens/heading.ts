import { h } from '../dom';

/** A screen's heading: focused when the screen appears, so a screen reader starts there. */
export const heading = (text: string): HTMLHeadingElement => h('h1', { tabindex: '-1', class: 'screen-title' }, text);

/** A line the screen reader reads out when it changes (a refusal, a confirmation). */
export const notice = (id: string, text = '', kind: 'status' | 'alert' = 'status'): HTMLParagraphElement =>
  h('p', { id, class: `notice notice-${kind}`, role: kind }, text);
