import {
  AGE_GROUPS,
  AGE_GROUP_NAMES,
  GUIDE_LABELS,
  OUTCOMES,
  OUTCOME_NAMES,
  addCityDays,
  labelsIn,
  targetIndicatorName,
  type AgeCount,
} from '@kiosk-pulse/contract';
import type { ReportData } from '@kiosk-pulse/contract';
import { PAGE_WORDS, type PageWords } from './report-words';

/** What the page writes its figures with, in the report's language. */
export interface Writers {
  words: PageWords;
  number: (value: number) => string;
  percent: (fraction: number | null, signed?: boolean) => string;
  day: (day: string) => string;
  dateTime: (instant: string) => string;
  age: (count: AgeCount) => string;
}

export function writersFor(data: ReportData): Writers {
  const words = PAGE_WORDS[data.language];
  const locale = data.language === 'vi' ? 'vi-VN' : 'en-GB';
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const percents = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const signed = new Intl.NumberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  });
  const dateTimes = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const number = (value: number) => numbers.format(value);
  return {
    words,
    number,
    percent: (fraction, withSign = false) =>
      fraction === null ? words.noChange : (withSign ? signed : percents).format(fraction),
    day: (day) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`,
    dateTime: (instant) => dateTimes.format(new Date(instant)).replace(',', ''),
    // As the dashboard writes an age count: a hidden one as "ẩn", one some period hid part of as "≥ n".
    age: (count) =>
      typeof count === 'number' ? number(count) : count.atLeast === 0 ? words.hidden : `≥ ${number(count.atLeast)}`,
  };
}

type Child = Node | string | null | undefined | false;

/** An element with its attributes and children; text is always text, never HTML (names are free text). */
export function el(tag: string, attributes: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

/** A table with a header row; `numeric` marks the columns (by index) set right-aligned. */
function table(
  header: string[],
  rows: (string | Node)[][],
  numeric: number[] = [],
  rowClass?: (index: number) => string,
): HTMLElement {
  const cell = (tag: string, index: number, content: string | Node) =>
    el(tag, numeric.includes(index) ? { class: 'num' } : {}, content);
  return el(
    'table',
    {},
    el('thead', {}, el('tr', {}, ...header.map((text, index) => cell('th', index, text)))),
    el(
      'tbody',
      {},
      ...rows.map((row, index) =>
        el(
          'tr',
          rowClass ? { class: rowClass(index) } : {},
          ...row.map((content, column) => cell('td', column, content)),
        ),
      ),
    ),
  );
}

const section = (title: string, ...children: Child[]) =>
  el('section', { class: 'block' }, el('h2', {}, title), ...children);

/** The elements the charts are drawn in. */
export interface ChartSlots {
  days: HTMLElement;
  ages: HTMLElement;
}

/** At most this many kiosks are listed in a city report's PDF; the XLSX lists them all. */
const CITY_KIOSK_ROWS = 15;

/** Writes the whole report into `root`, and gives back where the charts go. */
export function renderReport(root: HTMLElement, data: ReportData, write: Writers): ChartSlots {
  const w = write.words;
  const lang = data.language;
  const ageNames = labelsIn(AGE_GROUP_NAMES, lang);
  const outcomeNames = labelsIn(OUTCOME_NAMES, lang);
  const guideNames = labelsIn(GUIDE_LABELS, lang);
  const metrics = ['peopleReached', 'guidesCompleted', 'accountsRegistered'] as const;

  const header = el(
    'header',
    { class: 'report-head' },
    el('p', { class: 'kicker' }, `Kiosk Pulse · ${w.title}`),
    el('h1', {}, data.placeName),
    el(
      'p',
      { class: 'period' },
      // A week's label names its days already.
      data.period.kind === 'week'
        ? `${w.period}: ${data.period.label}`
        : `${w.period}: ${data.period.label} (${write.day(data.period.firstDay)} – ${write.day(data.period.lastDay)})`,
    ),
    el(
      'p',
      { class: 'meta' },
      `${w.previousPeriod}: ${write.day(data.previousPeriod.firstDay)} – ${write.day(data.previousPeriod.lastDay)} · ${w.generated} ${data.generatedAtText}`,
    ),
  );

  const headline = section(
    w.headline,
    table(
      [w.item, w.value, w.previous, w.change, w.median, w.againstMedian],
      [
        ...metrics.map((metric) => [
          w.metrics[metric],
          write.number(data.totals[metric]),
          write.number(data.previous[metric]),
          write.percent(data.change[metric], true),
          data.median[metric] === null ? w.noChange : write.number(data.median[metric]),
          write.percent(data.againstMedian[metric], true),
        ]),
        [`${w.metrics.peopleReached} – ${w.sixtyPlus}`, write.age(data.sixtyPlus), '', '', '', ''],
      ],
      [1, 2, 3, 4, 5],
      (index) => (index === metrics.length ? 'sixty' : ''),
    ),
  );

  const days = el('div', { class: 'chart chart-days', role: 'img', 'aria-label': w.days });
  const daysBlock = section(w.days, days);

  const ages = el('div', { class: 'chart chart-ages', role: 'img', 'aria-label': w.ages });
  const covered =
    data.ageSplit.from === null || data.ageSplit.to === null
      ? w.ageNone
      : w.ageCovers(write.day(data.ageSplit.from), write.day(addCityDays(data.ageSplit.to, -1)));
  const agesBlock = section(
    w.ages,
    el(
      'div',
      { class: 'two' },
      table(
        [w.ageGroup, w.visits],
        [
          ...AGE_GROUPS.map((group) => [ageNames[group], write.age(data.ageSplit.byAgeGroup[group])]),
          [w.sixtyPlus, write.age(data.sixtyPlus)],
        ],
        [1],
        (index) =>
          index === AGE_GROUPS.length
            ? 'sixty total'
            : data.sixtyPlusGroups.includes(AGE_GROUPS[index] as never)
              ? 'sixty'
              : '',
      ),
      ages,
    ),
    el('p', { class: 'note' }, `${w.sixtyPlusNote} ${covered} ${data.suppression.rule}`),
  );

  const outcomes = section(
    w.outcomes,
    table(
      [w.outcome, w.value, w.previous, w.change],
      OUTCOMES.map((outcome) => {
        const now = data.byOutcome[outcome];
        const before = data.previousByOutcome[outcome];
        return [
          outcomeNames[outcome],
          write.number(now),
          write.number(before),
          write.percent(before === 0 ? null : (now - before) / before, true),
        ];
      }),
      [1, 2, 3],
    ),
  );

  const guides = section(
    w.guides,
    table(
      [w.guide, w.started, w.completed, w.completionRate],
      data.guides.map((guide) => [
        guideNames[guide.guide],
        write.number(guide.started),
        write.number(guide.completed),
        write.percent(guide.completionRate),
      ]),
      [1, 2, 3],
    ),
  );

  // "≥ n" where a figure is a lower bound (an age group's count some published day hid part of),
  // as the Chỉ tiêu page writes it; a team's age-group target, which no split counts, says why
  // in place of its figures and status.
  const atLeast = (lowerBound: boolean | undefined, text: string) => (lowerBound ? `≥ ${text}` : text);
  const targetRow = (entry: ReportData['targets']['progress'][number]): (string | Node)[] => {
    const name = targetIndicatorName(entry.target.indicator, entry.target.ageGroups, lang, 'full');
    const place = entry.wardName ?? w.wholeCity;
    if (entry.uncounted) {
      return [
        el('span', {}, name, el('br'), el('small', {}, entry.uncounted[lang])),
        place,
        write.number(entry.target.target),
        w.noChange,
        w.noChange,
        w.noChange,
        w.noChange,
        w.noChange,
        write.day(entry.target.deadline),
      ];
    }
    return [
      el('span', {}, name, el('br'), el('small', {}, w.status[entry.status])),
      place,
      write.number(entry.target.target),
      atLeast(entry.countAtLeast, write.number(entry.count)),
      atLeast(entry.countAtLeast, write.percent(entry.percent / 100)),
      entry.neededPerDay === null ? w.noChange : write.number(entry.neededPerDay),
      atLeast(entry.recentPace.atLeast, write.number(entry.recentPace.perDay)),
      entry.projectedDay === null ? w.noChange : write.day(entry.projectedDay),
      write.day(entry.target.deadline),
    ];
  };
  const targets = section(
    w.targets,
    data.targets.progress.length === 0
      ? el('p', {}, w.noTargets)
      : table(
          [
            w.indicator,
            w.ward,
            w.target,
            w.reached,
            w.percent,
            w.neededPerDay,
            w.recentPerDay,
            w.projected,
            w.deadline,
          ],
          data.targets.progress.map(targetRow),
          [2, 3, 4, 5, 6],
        ),
    el('p', { class: 'note' }, `${w.targetsAsOf(write.day(data.targets.asOf))} ${data.countNote}`),
  );

  const shortList = data.scope === 'city' && data.kiosks.list.length > CITY_KIOSK_ROWS;
  const listed = shortList
    ? [...data.kiosks.list].sort((a, b) => (a.uptime ?? 0) - (b.uptime ?? 0)).slice(0, CITY_KIOSK_ROWS)
    : data.kiosks.list;
  const kiosks = section(
    w.kiosks,
    el(
      'ul',
      { class: 'facts' },
      el('li', {}, `${w.kiosksRegistered}: `, el('strong', {}, write.number(data.kiosks.registered))),
      el('li', {}, `${w.kiosksActive}: `, el('strong', {}, write.number(data.kiosks.active))),
      el('li', {}, `${w.meanUptime}: `, el('strong', {}, write.percent(data.kiosks.meanUptime))),
    ),
    listed.length > 0 &&
      table(
        [w.kiosk, w.ward, w.metrics.peopleReached, w.metrics.guidesCompleted, w.daysActive, w.uptime],
        listed.map((kiosk) => [
          kiosk.label,
          kiosk.wardCode,
          write.number(kiosk.peopleReached),
          write.number(kiosk.guidesCompleted),
          write.number(kiosk.daysActive),
          write.percent(kiosk.uptime),
        ]),
        [2, 3, 4, 5],
      ),
    el(
      'p',
      { class: 'note' },
      `${shortList ? `${w.kioskListShort(CITY_KIOSK_ROWS, data.kiosks.list.length)} ` : ''}${w.uptimeNote}`,
    ),
  );

  const campaigns = section(
    w.campaigns,
    data.campaigns.length === 0
      ? el('p', {}, w.noCampaigns)
      : table(
          [w.name, w.ward, w.place, w.when, w.kioskCount],
          data.campaigns.map((campaign) => [
            campaign.name,
            campaign.wardCode,
            campaign.place ?? '',
            `${write.dateTime(campaign.startsAt)} – ${write.dateTime(campaign.endsAt)}`,
            write.number(campaign.kioskIds.length),
          ]),
          [4],
        ),
  );

  const notes = section(
    w.notes,
    el('p', { class: 'note' }, data.suppression.rule),
    el('p', { class: 'note' }, data.countNote),
  );

  root.replaceChildren(header, headline, daysBlock, agesBlock, outcomes, guides, targets, kiosks, campaigns, notes);
  return { days, ages };
}
