import { AGE_GROUPS, type AgeGroup } from '@kiosk-pulse/contract';
import type { KioskApp } from '../app-types';
import { h } from '../dom';
import { GUIDE_CONTENTS, say } from '../guides';
import { t } from '../i18n';
import { pagesOf, type GuideInProgress } from '../self-service';
import { canReadAloud, readAloud } from '../speech';
import { ageGroupLabel } from '../visit';
import { heading, notice } from './heading';
import { ratingPanel } from './rating';

/*
 * Self-service mode: a resident alone at the kiosk, often for the first time. Large type, one
 * thing per screen, a way back everywhere, and read aloud on request. The session and its events
 * are app.selfService's; these screens only draw it.
 */

const COULD_NOT_KEEP = 'Máy chưa ghi được. Bác chạm lại một lần nữa.';

const button = (id: string, label: string, onclick: () => void, kind = 'secondary'): HTMLButtonElement =>
  h('button', { id, type: 'button', class: `button ${kind}`, onclick }, label);

/** Runs a step that records an event, then shows where it leads; says so if the device could not keep it. */
async function recordThen(
  target: HTMLButtonElement,
  problem: HTMLElement,
  record: () => Promise<boolean>,
  next: () => void,
): Promise<void> {
  target.disabled = true;
  if (await record()) return next();
  target.disabled = false;
  problem.textContent = t(COULD_NOT_KEEP);
}

export function selfStartScreen(app: KioskApp): HTMLElement {
  return h(
    'section',
    { class: 'screen self-start' },
    heading(t('Hướng dẫn dùng dịch vụ số')),
    h('p', { class: 'lead' }, t('Từng bước, chữ to, có đọc to: VNeID, dịch vụ công, nhận diện lừa đảo.')),
    h(
      'button',
      {
        id: 'self-start',
        type: 'button',
        class: 'button start-button',
        'aria-describedby': 'self-start-hint',
        onclick: () => {
          app.selfService.welcome();
          app.show('self-age');
        },
      },
      t('Bắt đầu'),
    ),
    h('p', { id: 'self-start-hint', class: 'hint' }, t('Máy không hỏi tên, số điện thoại hay số giấy tờ của bác.')),
  );
}

export function selfAgeScreen(app: KioskApp): HTMLElement {
  const problem = notice('self-age-problem', '', 'alert');
  const choose = (target: HTMLButtonElement, group: AgeGroup) =>
    void recordThen(
      target,
      problem,
      () => app.selfService.begin(group),
      () => app.show('guides'),
    );
  const ageButton = (group: AgeGroup, label: string, kind: string) => {
    const each: HTMLButtonElement = h(
      'button',
      { type: 'button', class: `button ${kind}`, 'data-age': group, onclick: () => choose(each, group) },
      label,
    );
    return each;
  };
  return h(
    'section',
    { class: 'screen self-age' },
    heading(t('Bác bao nhiêu tuổi?')),
    h('p', { class: 'hint' }, t('Chỉ để đếm lượt hỗ trợ theo độ tuổi.')),
    h(
      'div',
      { class: 'age-grid' },
      ...AGE_GROUPS.filter((group) => group !== 'unknown').map((group) =>
        ageButton(group, ageGroupLabel(group), 'age-button'),
      ),
    ),
    problem,
    h(
      'div',
      { class: 'actions' },
      button('self-age-back', t('Quay lại'), () => app.selfService.finish()),
      ageButton('unknown', t('Không muốn trả lời'), 'secondary'),
    ),
  );
}

export function guidesScreen(app: KioskApp): HTMLElement {
  const problem = notice('guides-problem', '', 'alert');
  return h(
    'section',
    { class: 'screen guides' },
    heading(t('Bác cần làm gì?')),
    h(
      'div',
      { class: 'guide-list' },
      ...GUIDE_CONTENTS.map((content) => {
        const open: HTMLButtonElement = h(
          'button',
          {
            type: 'button',
            class: 'button guide-button',
            'data-guide-id': content.id,
            onclick: () =>
              void recordThen(
                open,
                problem,
                () => app.selfService.startGuide(content),
                () => app.show('guide'),
              ),
          },
          say(content.title),
        );
        return open;
      }),
    ),
    problem,
    h(
      'div',
      { class: 'actions' },
      button('self-end', t('Kết thúc'), () => app.selfService.finish()),
    ),
  );
}

export function guideScreen(app: KioskApp): HTMLElement {
  const guide = app.selfService.guide;
  if (!guide) return guidesScreen(app);
  const { content, page } = guide;
  const pages = pagesOf(content);
  const last = page === pages - 1;
  const problem = notice('guide-problem', '', 'alert');
  const body = page < content.steps.length ? stepBody(guide) : quizBody(app, guide);
  const turn = (to: number) => {
    guide.page = to;
    guide.chosen = undefined;
    app.show('guide');
  };
  const forward = last
    ? button(
        'guide-finish',
        t('Xong'),
        () =>
          void recordThen(
            forward,
            problem,
            () => app.selfService.finishGuide(),
            () => app.show('guide-done'),
          ),
        'primary',
      )
    : button('step-next', t('Tiếp theo'), () => turn(page + 1), 'primary');
  // A question is answered before going on: the answer's reason is the point of the quiz.
  if (body.waitsForAnswer) forward.disabled = true;
  const exit = button('guide-exit', t('Thoát hướng dẫn'), () => {
    void recordThen(
      exit,
      problem,
      () => app.selfService.leaveGuide(),
      () => app.show('guides'),
    );
  });
  return h(
    'section',
    { class: 'screen guide' },
    heading(say(content.title)),
    h(
      'p',
      { id: 'guide-progress', class: 'progress' },
      page < content.steps.length
        ? t('Bước {n}/{total}', { n: page + 1, total: content.steps.length })
        : t('Câu hỏi {n}/{total}', { n: page - content.steps.length + 1, total: content.quiz?.length ?? 0 }),
    ),
    canReadAloud() &&
      h(
        'button',
        {
          id: 'read-aloud',
          type: 'button',
          class: 'button secondary read-aloud',
          onclick: () => readAloud(body.spoken),
        },
        t('Đọc to'),
      ),
    body.element,
    problem,
    h(
      'div',
      { class: 'actions sticky' },
      page > 0 && button('step-back', t('Quay lại'), () => turn(page - 1)),
      forward,
    ),
    h('div', { class: 'actions' }, exit),
  );
}

interface PageBody {
  element: HTMLElement;
  /** What "Đọc to" reads. */
  spoken: string;
  waitsForAnswer: boolean;
}

function stepBody(guide: GuideInProgress): PageBody {
  const text = say(guide.content.steps[guide.page]);
  return { element: h('p', { id: 'step-text', class: 'step-text' }, text), spoken: text, waitsForAnswer: false };
}

function quizBody(app: KioskApp, guide: GuideInProgress): PageBody {
  const question = guide.content.quiz?.[guide.page - guide.content.steps.length];
  if (!question) return stepBody({ ...guide, page: 0 });
  const answered = guide.chosen !== undefined;
  const choices = question.choices.map((choice, index) =>
    h(
      'button',
      {
        type: 'button',
        class: `button choice${answered && index === question.answer ? ' right' : ''}${
          answered && index === guide.chosen && index !== question.answer ? ' wrong' : ''
        }`,
        'data-choice': String(index),
        'aria-pressed': String(index === guide.chosen),
        disabled: answered,
        onclick: () => {
          guide.chosen = index;
          app.show('guide');
          // On a phone the reason comes below the fold: bring it up, above the sticky buttons.
          document.getElementById('quiz-verdict')?.scrollIntoView({ block: 'center' });
        },
      },
      say(choice),
    ),
  );
  const verdict = !answered
    ? null
    : h(
        'p',
        { id: 'quiz-verdict', class: 'verdict', role: 'status' },
        h('strong', {}, guide.chosen === question.answer ? t('Đúng rồi!') : t('Chưa đúng.')),
        ' ',
        say(question.why),
      );
  const spoken = [say(question.question), ...question.choices.map((choice, index) => `${index + 1}. ${say(choice)}`)];
  return {
    element: h(
      'div',
      { class: 'quiz' },
      h('p', { id: 'step-text', class: 'step-text' }, say(question.question)),
      h('div', { class: 'choices' }, ...choices),
      verdict,
    ),
    spoken: answered ? `${spoken[0]} ${verdict?.textContent ?? ''}` : spoken.join(' '),
    waitsForAnswer: !answered,
  };
}

export function guideDoneScreen(app: KioskApp): HTMLElement {
  const completed = app.selfService.completed;
  if (!completed) return guidesScreen(app);
  return h(
    'section',
    { class: 'screen guide-done' },
    heading(t('Bác đã làm xong!')),
    h('p', { class: 'lead' }, say(completed.content.title)),
    ratingPanel(completed.rateable, (rating) => app.selfService.rate(rating), t('Bác chạm một mặt, nếu muốn.')),
    h(
      'div',
      { class: 'actions' },
      button('another-guide', t('Xem hướng dẫn khác'), () => app.show('guides'), 'primary'),
      button('self-end', t('Kết thúc'), () => app.selfService.finish()),
    ),
  );
}
