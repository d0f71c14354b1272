import { AGE_GROUPS, GUIDES, OUTCOMES, type AccountLevel, type Guide, type Outcome } from '@kiosk-pulse/contract';
import type { KioskApp } from '../app-types';
import { visitsToday } from '../device';
import { h } from '../dom';
import { t } from '../i18n';
import { ageGroupLabel, guideLabel, newVisit, outcomeLabel } from '../visit';
import { heading, notice } from './heading';
import { ratingPanel } from './rating';

/*
 * Volunteer (assisted) mode, one resident at a time: Start, the age group (one tap), what was
 * done (toggles), Done. Nothing is recorded before Done; Cancel leaves no trace.
 */

export function startScreen(app: KioskApp, message = ''): HTMLElement {
  const today = visitsToday();
  return h(
    'section',
    { class: 'screen start' },
    heading(t('Điểm hỗ trợ chuyển đổi số')),
    h(
      'button',
      {
        id: 'start',
        type: 'button',
        class: 'button start-button',
        'aria-describedby': 'start-hint',
        onclick: () => app.beginVisit(),
      },
      t('Bắt đầu'),
    ),
    h('p', { id: 'start-hint', class: 'hint' }, t('Bấm khi có người dân cần hỗ trợ')),
    notice('start-notice', message || (today > 0 ? t('Hôm nay máy này đã ghi {n} lượt.', { n: today }) : '')),
    ratingPanel(app.canRate(), (rating) => app.rateLastVisit(rating)),
    lastVisitPanel(app),
  );
}

/** The resident just recorded, with a way to take the visit back while the server still allows it. */
function lastVisitPanel(app: KioskApp): HTMLElement | null {
  const last = app.lastVisit();
  if (!last) return null;
  const problem = notice('undo-problem', '', 'alert');
  const undo = h(
    'button',
    {
      id: 'undo',
      type: 'button',
      class: 'button secondary',
      'aria-describedby': 'last-visit-text',
      onclick: () => void takeBack(),
    },
    t('Hoàn tác'),
  );
  const takeBack = async () => {
    undo.disabled = true;
    if (await app.undoLastVisit()) return;
    undo.disabled = false;
    problem.textContent = t('Không hoàn tác được. Hãy thử lại.');
  };
  return h(
    'div',
    { id: 'last-visit', class: 'last-visit' },
    h(
      'p',
      { id: 'last-visit-text' },
      t('Vừa ghi: nhóm tuổi {age}. Ghi nhầm? Có thể hoàn tác trong 2 phút.', { age: ageGroupLabel(last.ageGroup) }),
    ),
    undo,
    problem,
  );
}

const cancelButton = (app: KioskApp): HTMLButtonElement =>
  h(
    'button',
    {
      id: 'cancel',
      type: 'button',
      class: 'button secondary',
      onclick: () => {
        app.visit = null;
        app.show('start');
      },
    },
    t('Hủy'),
  );

export function ageScreen(app: KioskApp): HTMLElement {
  return h(
    'section',
    { class: 'screen age' },
    heading(t('Người dân thuộc nhóm tuổi nào?')),
    h(
      'div',
      { class: 'age-grid' },
      ...AGE_GROUPS.map((group) =>
        h(
          'button',
          {
            type: 'button',
            class: 'button age-button',
            'data-age': group,
            'aria-pressed': String(app.visit?.ageGroup === group),
            onclick: () => {
              if (!app.visit) app.visit = newVisit();
              app.visit.ageGroup = group;
              app.show('outcomes');
            },
          },
          ageGroupLabel(group),
        ),
      ),
    ),
    h('div', { class: 'actions' }, cancelButton(app)),
  );
}

export function outcomesScreen(app: KioskApp): HTMLElement {
  const visit = app.visit;
  if (!visit?.ageGroup) return ageScreen(app);
  const problem = notice('outcomes-problem', '', 'alert');

  const guideToggle = (guide: Guide) => {
    const toggle = h(
      'button',
      {
        type: 'button',
        class: 'button toggle',
        'data-guide': guide,
        'aria-pressed': String(visit.guides.has(guide)),
        onclick: () => {
          if (visit.guides.has(guide)) visit.guides.delete(guide);
          else visit.guides.add(guide);
          toggle.setAttribute('aria-pressed', String(visit.guides.has(guide)));
        },
      },
      guideLabel(guide),
    );
    return toggle;
  };

  const outcomeToggle = (outcome: Outcome) => {
    const toggle = h(
      'button',
      {
        type: 'button',
        class: 'button toggle',
        'data-outcome': outcome,
        'aria-pressed': String(visit.outcomes.has(outcome)),
        onclick: () => {
          if (visit.outcomes.has(outcome)) visit.outcomes.delete(outcome);
          else visit.outcomes.add(outcome);
          toggle.setAttribute('aria-pressed', String(visit.outcomes.has(outcome)));
        },
      },
      outcomeLabel(outcome),
    );
    return toggle;
  };

  // Registered or activated: one account, one count, so the two exclude each other.
  const accountToggles: HTMLButtonElement[] = [];
  const accountToggle = (level: AccountLevel, label: string) => {
    const toggle = h(
      'button',
      {
        type: 'button',
        class: 'button toggle',
        'data-account': String(level),
        'aria-pressed': String(visit.account === level),
        onclick: () => {
          visit.account = visit.account === level ? undefined : level;
          for (const each of accountToggles) {
            each.setAttribute('aria-pressed', String(each.dataset.account === String(visit.account)));
          }
        },
      },
      label,
    );
    accountToggles.push(toggle);
    return toggle;
  };

  const done = h(
    'button',
    {
      id: 'done',
      type: 'button',
      class: 'button primary done',
      onclick: () => void finish(),
    },
    t('Xong'),
  );
  const finish = async () => {
    done.disabled = true;
    done.textContent = t('Đang ghi…');
    if (await app.finishVisit()) return;
    done.disabled = false;
    done.textContent = t('Xong');
    problem.textContent = t('Không ghi được trên máy này. Hãy thử lại.');
  };

  return h(
    'section',
    { class: 'screen outcomes' },
    heading(t('Đã hỗ trợ những gì?')),
    h(
      'p',
      { class: 'visit-age' },
      t('Nhóm tuổi: {age}', { age: ageGroupLabel(visit.ageGroup) }),
      h(
        'button',
        { id: 'change-age', type: 'button', class: 'button small', onclick: () => app.show('age') },
        t('Đổi'),
      ),
    ),
    h('p', { class: 'hint' }, t('Chạm để chọn, chạm lần nữa để bỏ.')),
    h(
      'div',
      { class: 'groups' },
      h(
        'div',
        { class: 'group', role: 'group', 'aria-labelledby': 'guides-title' },
        h('h2', { id: 'guides-title' }, t('Hướng dẫn')),
        h('div', { class: 'toggles' }, ...GUIDES.map(guideToggle)),
      ),
      h(
        'div',
        { class: 'group', role: 'group', 'aria-labelledby': 'account-title' },
        h('h2', { id: 'account-title' }, t('Tài khoản VNeID')),
        h(
          'div',
          { class: 'toggles' },
          accountToggle(1, t('Đã đăng ký tài khoản')),
          accountToggle(2, t('Đã kích hoạt mức 2')),
        ),
      ),
      h(
        'div',
        { class: 'group', role: 'group', 'aria-labelledby': 'outcomes-title' },
        h('h2', { id: 'outcomes-title' }, t('Kết quả')),
        h(
          'div',
          { class: 'toggles' },
          // VNeID level 2 is the account toggle above: one tap, both counts.
          ...OUTCOMES.filter((outcome) => outcome !== 'vneid_level2_activated').map(outcomeToggle),
        ),
      ),
    ),
    problem,
    h('div', { class: 'actions sticky' }, cancelButton(app), done),
  );
}
