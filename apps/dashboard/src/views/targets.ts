import {
  AGE_GROUPS,
  OUTCOMES,
  cityDay,
  targetIndicatorName,
  type AgeGroup,
  type Target,
  type TargetImportError,
  type TargetIndicator,
  type TargetProgress,
  type TargetProgressReport,
  type TargetRanking,
  type TargetStatus,
  type Ward,
} from '@kiosk-pulse/contract';
import { ApiError, apiClient, type ApiClient } from '../api';
import { fill, openDialog, refusal } from '../dialog';
import type { MountedChart } from '../charts/mount-chart';
import { chartedWards, targetRankingOptions, type TargetBar } from '../charts/target.options';
import { afterPaint, button, byId, element } from '../dom';
import { AGE_GROUP_LABELS, OUTCOME_LABELS, formatClock, formatDate, formatNumber, formatPercent } from '../format';
import { language, t } from '../i18n';
import { Latest, isAborted } from '../latest';
import { LiveConnection, throttle } from '../live';
import type { Session } from '../session';
import { WardNames, empty } from './admin/section';

const STATUS_LABELS: Record<TargetStatus, string> = {
  met: 'Đã đạt',
  on_track: 'Đúng tiến độ',
  behind: 'Chậm tiến độ',
  not_started: 'Chưa bắt đầu',
  missed: 'Không đạt',
};

/** The columns of a ranking's table, in order (the target list has the scope in place of the rank). */
const COLUMNS = [
  // The percent first: what the wards are ranked by, and in sight on a phone.
  '% chỉ tiêu',
  'Số đã đạt (lượt)',
  'Chỉ tiêu (lượt)',
  'Cần mỗi ngày',
  'Tốc độ 7 ngày qua (mỗi ngày)',
  'Dự kiến đạt',
  'Tình trạng',
];

/** The spreadsheet types the import takes, by the file's extension (browsers type a CSV differently). */
const FILE_TYPES: Record<string, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** What a target counts, in words (targetIndicatorName, the reports' and alerts' name too), in the page's language. */
export const indicatorName = (indicator: TargetIndicator, ageGroups: readonly AgeGroup[] | null): string =>
  targetIndicatorName(indicator, ageGroups, language());

const period = (startDay: string, deadline: string): string => `${formatDate(startDay)} – ${formatDate(deadline)}`;

/** Every target's progress the report tells (in scope, or compared in a ranking), by id. */
const progressById = (report: TargetProgressReport): Map<string, TargetProgress> =>
  new Map([...report.targets, ...report.compared].map((entry) => [entry.target.id, entry]));

/** A percent of the API (25.3, in percent) as the dashboard writes one. */
const percentOf = (progress: TargetProgress): string => formatPercent(progress.percent / 100);

const number = (value: number | null): string => (value === null ? '–' : formatNumber(value));

/** "≥ " before a figure that is a lower bound (an age group's count some published day hid part of). */
const atLeast = (lowerBound: boolean | undefined, text: string): string => (lowerBound ? `≥ ${text}` : text);

/**
 * The figures of one target, as table cells: %, count, target, needed per day, the last 7 days'
 * pace, the projected day and the status. Each has its data-cell name, for tests and styles. An
 * age group's count is its published days' (docs/privacy.md): "≥ n" where a day hid part of it;
 * a team's age groups are not counted, and the row says why in place of the figures.
 */
function figureCells(progress: TargetProgress): HTMLTableCellElement[] {
  const cell = (name: string, text: string, className = 'number') =>
    element('td', { textContent: text, className, dataset: { cell: name } });
  if (progress.uncounted) {
    const why = progress.uncounted[language()];
    return [
      cell('percent', '–'),
      cell('count', why, 'uncounted'),
      cell('target', formatNumber(progress.target.target)),
      ...['needed', 'pace', 'projected', 'status'].map((name) => cell(name, '–', '')),
    ];
  }
  const status = cell('status', t(STATUS_LABELS[progress.status]), `status-${progress.status}`);
  const count = cell('count', atLeast(progress.countAtLeast, formatNumber(progress.count)));
  if (progress.countAtLeast) count.title = t('“≥ n”: ít nhất n, một phần bị ẩn.');
  return [
    cell('percent', atLeast(progress.countAtLeast, percentOf(progress))),
    count,
    cell('target', formatNumber(progress.target.target)),
    cell('needed', number(progress.neededPerDay)),
    cell('pace', atLeast(progress.recentPace.atLeast, formatNumber(progress.recentPace.perDay))),
    cell('projected', progress.projectedDay ? formatDate(progress.projectedDay) : '–', ''),
    status,
  ];
}

const headRow = (first: string[], last: string[] = []): HTMLTableSectionElement =>
  element(
    'thead',
    {},
    element(
      'tr',
      {},
      ...[...first, ...COLUMNS, ...last].map((name) => element('th', { scope: 'col', textContent: t(name) })),
    ),
  );

/**
 * "Chỉ tiêu" (`#/targets`): every target in the user's scope with its count, percent, the pace
 * it needs against the last 7 days' pace and the day it is projected to be reached; the wards of
 * each indicator and period ranked by percent, with the city's median. Ward staff find their own
 * ward first and only read; admins and city officials set targets and import the city's
 * spreadsheet. A push on the live socket (an event stored) reads the progress again, at most
 * every 3 seconds. Every percent is of contributions (lượt), not of a population: the page says so.
 */
export class TargetsView {
  private readonly api: ApiClient;
  private readonly wards: WardNames;
  private readonly reading = new Latest();
  private readonly mayEdit: boolean;
  private readonly ownWard: string | null;
  private readonly refresh = throttle(() => this.read(), 3_000);
  private live: LiveConnection | undefined;
  private shown = false;
  /** The rankings' charts on screen, ended when the rankings are drawn again. */
  private charts: MountedChart[] = [];
  /** The charts to draw once the tables are on screen: the chart's element id and its bars. */
  private pendingCharts: { id: string; bars: TargetBar[]; median: number | null }[] = [];
  /** The target the form is changing; undefined while it sets a new one. */
  private editing: Target | undefined;

  constructor(
    private readonly session: Session,
    wards: Ward[],
    private readonly onUnauthorized: (error: unknown) => void,
  ) {
    this.api = apiClient(session.token);
    this.wards = new WardNames(wards);
    this.mayEdit = session.user.role === 'admin' || session.user.role === 'city_official';
    this.ownWard = session.user.role === 'ward_staff' ? session.user.wardCode : null;
    byId('targets-manage').hidden = !this.mayEdit;
    if (this.mayEdit) this.buildForms();
  }

  show(): void {
    this.shown = true;
    // The socket follows the user's own scope (ward staff: their ward; others: the city): each
    // push says an event was stored, so the progress is read again.
    this.live ??= new LiveConnection(this.session.token, {
      onCounts: () => (this.shown ? this.refresh() : undefined),
      onStatus: (status) => (status === 'unauthorized' ? this.onUnauthorized(new Error('unauthorized')) : undefined),
    });
    this.live.follow(this.ownWard ?? undefined);
    void this.read();
  }

  hide(): void {
    this.shown = false;
    this.reading.cancel();
  }

  private async read(): Promise<void> {
    const signal = this.reading.next();
    const main = byId('targets');
    main.setAttribute('aria-busy', 'true');
    try {
      const report = await this.api.targets.progress({ signal });
      if (signal.aborted) return;
      byId('targets-error').replaceChildren();
      this.render(report);
    } catch (error) {
      if (isAborted(error, signal)) return;
      if (!(error instanceof ApiError)) return this.onUnauthorized(error);
      byId('targets-error').replaceChildren(...refusal(error));
    } finally {
      if (!signal.aborted) main.removeAttribute('aria-busy');
    }
  }

  private render(report: TargetProgressReport): void {
    const note = report.countNote[language()];
    byId('targets-note').textContent = note;
    byId('targets-as-of').replaceChildren(
      ...fill('Số liệu đến hôm nay, {day}, cập nhật lúc {time}.', {
        day: formatDate(report.asOf),
        time: formatClock(new Date()),
      }),
    );
    byId('targets-list').replaceChildren(this.list(report.targets, note));
    for (const chart of this.charts) chart.dispose();
    this.charts = [];
    this.pendingCharts = [];
    byId('targets-rankings').replaceChildren(
      ...(report.rankings.length === 0
        ? [element('p', { className: 'muted', textContent: t('Chưa có chỉ tiêu nào của các phường, xã để xếp hạng.') })]
        : report.rankings.map((ranking, index) => this.ranking(ranking, index, note, progressById(report)))),
    );
    // The numbers first; ECharts (its own chunk) draws the bars after.
    const pending = this.pendingCharts;
    if (pending.length > 0) afterPaint(() => void this.drawCharts(pending));
  }

  private async drawCharts(pending: { id: string; bars: TargetBar[]; median: number | null }[]): Promise<void> {
    const [{ mountChart }, { PAGE_LOOK }] = await Promise.all([
      import('../charts/mount-chart'),
      import('../charts/page-look'),
    ]);
    // Drawn again meanwhile: these elements are gone.
    if (pending !== this.pendingCharts) return;
    const look = { ...PAGE_LOOK, percent: (value: number) => formatPercent(value / 100) };
    for (const { id, bars, median } of pending) {
      const chart = mountChart(id);
      chart.setOption(
        targetRankingOptions(bars, median === null ? null : { value: median, label: t('Trung vị') }, look),
      );
      this.charts.push(chart);
    }
  }

  /** Where a target counts: the city, a ward, or a team's kiosks. */
  private scopeOf(target: Target): string {
    const place = target.wardCode ? this.wards.name(target.wardCode) : t('Toàn thành phố');
    return target.teamId ? `${place} · ${t('một tổ')}` : place;
  }

  /** Every target in scope (ward staff: their ward's first, as the server orders them). */
  private list(targets: TargetProgress[], note: string): HTMLElement {
    const rows = targets.map((progress) => {
      const tr = element(
        'tr',
        { dataset: { target: progress.target.id, ward: progress.target.wardCode ?? '' } },
        element(
          'th',
          { scope: 'row' },
          element('span', {
            className: 'target-name',
            textContent: indicatorName(progress.target.indicator, progress.target.ageGroups),
          }),
          element('span', { className: 'target-scope', textContent: this.scopeOf(progress.target), translate: false }),
          element('span', {
            className: 'muted',
            textContent: period(progress.target.startDay, progress.target.deadline),
          }),
        ),
        ...figureCells(progress),
        ...(this.mayEdit ? [this.actions(progress.target)] : []),
      );
      if (this.ownWard && progress.target.wardCode === this.ownWard) tr.className = 'selected';
      return tr;
    });
    return element(
      'div',
      {},
      element(
        'div',
        { className: 'table-scroll', tabIndex: 0 },
        element(
          'table',
          { className: 'data targets-table', id: 'targets-table' },
          element('caption', { className: 'visually-hidden', textContent: t('Chỉ tiêu trong phạm vi của bạn') }),
          headRow(['Chỉ tiêu, phạm vi và thời hạn'], this.mayEdit ? ['Thao tác'] : []),
          element(
            'tbody',
            {},
            ...(rows.length === 0
              ? [empty(COLUMNS.length + (this.mayEdit ? 2 : 1), 'Chưa có chỉ tiêu nào trong phạm vi của bạn.')]
              : rows),
          ),
        ),
      ),
      element('p', { className: 'footnote', textContent: `% ${t('chỉ tiêu')}: ${note}` }),
    );
  }

  /** One indicator and period: the wards by percent (the user's own first), the median and the city's target. */
  private ranking(
    ranking: TargetRanking,
    index: number,
    note: string,
    progress: Map<string, TargetProgress>,
  ): HTMLElement {
    const id = `targets-ranking-${index}`;
    const city = ranking.cityTargetId === null ? undefined : progress.get(ranking.cityTargetId);
    const wards = ranking.wards.flatMap((ward) => {
      const figures = progress.get(ward.targetId);
      return figures ? [{ ...ward, ...figures }] : [];
    });
    const median = ranking.medianPercent === null ? '–' : formatPercent(ranking.medianPercent / 100);
    const facts = [
      element(
        'p',
        { className: 'ranking-median', dataset: { median: String(ranking.medianPercent ?? '') } },
        ...fill('Trung vị các phường, xã: {median} chỉ tiêu.', { median }),
      ),
      ...(city
        ? [
            element(
              'p',
              { className: 'muted ranking-city' },
              ...fill('Chỉ tiêu toàn thành phố: {count} / {target} lượt ({percent}).', {
                count: atLeast(city.countAtLeast, formatNumber(city.count)),
                target: formatNumber(city.target.target),
                percent: atLeast(city.countAtLeast, percentOf(city)),
              }),
            ),
          ]
        : []),
    ];
    const rows = wards.map((ward) => {
      const tr = element(
        'tr',
        { dataset: { ward: ward.target.wardCode ?? '', rank: String(ward.rank) } },
        element('td', { className: 'number', textContent: formatNumber(ward.rank), dataset: { cell: 'rank' } }),
        element('th', { scope: 'row', textContent: ward.wardName, translate: false }),
        ...figureCells(ward),
      );
      if (ward.target.wardCode === this.ownWard) tr.className = 'selected';
      return tr;
    });
    const bars = chartedWards(
      wards.map((ward) => ({
        name: ward.wardName,
        percent: ward.percent,
        own: ward.target.wardCode === this.ownWard,
      })),
    );
    const chart = element('div', {
      id: `${id}-chart`,
      className: 'chart target-chart',
      role: 'img',
      ariaLabel: t('Biểu đồ: phường, xã theo % chỉ tiêu, với đường trung vị và mốc 100%'),
    });
    // A bar's height each, and room for the axis: every ward named, none squeezed.
    chart.style.height = `${bars.length * 28 + 48}px`;
    this.pendingCharts.push({ id: chart.id, bars, median: ranking.medianPercent });
    return element(
      'section',
      { className: 'panel target-ranking', id },
      element(
        'h4',
        { className: 'caption', id: `${id}-title` },
        `${indicatorName(ranking.indicator, ranking.ageGroups)} · ${period(ranking.startDay, ranking.deadline)}`,
      ),
      ...facts,
      chart,
      element(
        'div',
        { className: 'table-scroll', tabIndex: 0, ariaLabel: t('Bảng xếp hạng') },
        element(
          'table',
          { className: 'data targets-table' },
          element('caption', { className: 'visually-hidden', textContent: t('Xếp hạng phường, xã theo % chỉ tiêu') }),
          headRow(['Hạng', 'Phường, xã']),
          element('tbody', {}, ...rows),
        ),
      ),
      element('p', { className: 'footnote', textContent: `% ${t('chỉ tiêu')}: ${note}` }),
    );
  }

  /** Change and delete, for admins and city officials: each names its target for a screen reader. */
  private actions(target: Target): HTMLTableCellElement {
    const what = `${indicatorName(target.indicator, target.ageGroups)}, ${this.scopeOf(target)}`;
    const change = button(t('Sửa'), () => this.edit(target));
    change.ariaLabel = `${t('Sửa')}: ${what}`;
    change.dataset.action = 'edit';
    const remove = button(t('Xóa'), () => void this.remove(target, what), 'danger');
    remove.ariaLabel = `${t('Xóa')}: ${what}`;
    remove.dataset.action = 'delete';
    return element('td', { className: 'target-actions' }, change, ' ', remove);
  }

  /** The form takes the target's values; saving it changes that target. */
  private edit(target: Target): void {
    this.editing = target;
    byId<HTMLSelectElement>('target-indicator').value = target.indicator;
    byId<HTMLSelectElement>('target-indicator').dispatchEvent(new Event('change'));
    for (const box of document.querySelectorAll<HTMLInputElement>('input[name="target-age"]'))
      box.checked = target.ageGroups?.includes(box.value as AgeGroup) ?? false;
    byId<HTMLSelectElement>('target-ward').value = target.wardCode ?? '';
    byId<HTMLInputElement>('target-count').value = String(target.target);
    byId<HTMLInputElement>('target-start').value = target.startDay;
    byId<HTMLInputElement>('target-deadline').value = target.deadline;
    byId<HTMLInputElement>('target-note-input').value = target.note ?? '';
    this.fixScope(true);
    byId('target-form-title').textContent = t('Sửa chỉ tiêu');
    byId('target-submit').textContent = t('Lưu thay đổi');
    byId('target-cancel').hidden = false;
    byId('target-form-status').replaceChildren();
    byId('target-form').scrollIntoView({ block: 'nearest' });
    byId('target-count').focus();
  }

  /** While a target is changed, what it counts and where are shown but fixed. */
  private fixScope(fixed: boolean): void {
    byId<HTMLSelectElement>('target-indicator').disabled = fixed;
    byId<HTMLSelectElement>('target-ward').disabled = fixed;
    const ages = byId<HTMLFieldSetElement>('target-ages');
    ages.disabled = fixed || byId<HTMLSelectElement>('target-indicator').value !== 'visits';
  }

  private stopEditing(): void {
    this.editing = undefined;
    this.fixScope(false);
    byId('target-form-title').textContent = t('Giao chỉ tiêu mới');
    byId('target-submit').textContent = t('Giao chỉ tiêu');
    byId('target-cancel').hidden = true;
  }

  private async remove(target: Target, what: string): Promise<void> {
    const confirmed = await openDialog({
      title: fill('Xóa chỉ tiêu {target}?', { target: what }),
      body: [fill('Chỉ tiêu sẽ không còn trong danh sách và bảng xếp hạng; nhật ký thay đổi vẫn giữ bản ghi.')],
      confirm: 'Xóa',
      danger: true,
    });
    if (!confirmed) return;
    try {
      await this.api.targets.delete({ params: { id: target.id } });
      if (this.editing?.id === target.id) this.stopEditing();
      byId('targets-error').replaceChildren();
      byId('target-form-status').textContent = t('Đã xóa chỉ tiêu.');
      await this.read();
    } catch (error) {
      if (!(error instanceof ApiError)) return this.onUnauthorized(error);
      byId('targets-error').replaceChildren(...refusal(error));
    }
  }

  /** The new-target form and the import, for admins and city officials. */
  private buildForms(): void {
    // The form changes a target too: its button says which, and a way back to a new one.
    const form = byId<HTMLFormElement>('target-form');
    const submit = form.querySelector<HTMLButtonElement>('button[type=submit]');
    if (submit) submit.id = 'target-submit';
    const cancel = button(t('Thôi sửa'), () => this.stopEditing());
    cancel.id = 'target-cancel';
    cancel.hidden = true;
    submit?.after(' ', cancel);
    const indicator = byId<HTMLSelectElement>('target-indicator');
    indicator.replaceChildren(
      new Option(t('Lượt người được hỗ trợ'), 'visits'),
      ...OUTCOMES.map((outcome) => new Option(OUTCOME_LABELS[outcome], outcome)),
    );
    const ages = byId<HTMLFieldSetElement>('target-ages');
    ages.append(
      ...AGE_GROUPS.map((group) =>
        element(
          'label',
          { className: 'check' },
          element('input', { type: 'checkbox', name: 'target-age', value: group }),
          ` ${AGE_GROUP_LABELS[group]}`,
        ),
      ),
    );
    // Age groups count only visits.
    const agesFollow = () => (ages.disabled = indicator.value !== 'visits');
    indicator.addEventListener('change', agesFollow);
    agesFollow();
    const ward = byId<HTMLSelectElement>('target-ward');
    ward.replaceChildren(
      new Option(t('Toàn thành phố'), ''),
      ...this.wards.list.map((one) => {
        const option = new Option(`${one.name} (${one.code})`, one.code);
        option.translate = false;
        return option;
      }),
    );
    byId<HTMLInputElement>('target-start').value = cityDay(new Date());
    byId<HTMLInputElement>('target-deadline').value = cityDay(new Date(), 90);

    byId<HTMLFormElement>('target-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.create();
    });
    byId<HTMLFormElement>('target-import').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.import();
    });
  }

  private async create(): Promise<void> {
    const value = (id: string) => byId<HTMLInputElement | HTMLSelectElement>(id).value.trim();
    const indicator = value('target-indicator') as TargetIndicator;
    const ageGroups = [...document.querySelectorAll<HTMLInputElement>('input[name="target-age"]:checked')].map(
      (box) => box.value as AgeGroup,
    );
    const status = byId('target-form-status');
    status.replaceChildren();
    const body = {
      indicator,
      ageGroups: indicator === 'visits' && ageGroups.length > 0 ? ageGroups : null,
      wardCode: value('target-ward') || null,
      target: Number(value('target-count')),
      startDay: value('target-start'),
      deadline: value('target-deadline'),
      note: value('target-note-input') || null,
    };
    try {
      const changing = this.editing;
      // What a target counts and where stay as they are (the API changes only these): another
      // indicator or ward is another target.
      const { target, startDay, deadline, note } = body;
      if (changing)
        await this.api.targets.update({ params: { id: changing.id }, body: { target, startDay, deadline, note } });
      else await this.api.targets.create({ body });
      byId('targets-error').replaceChildren();
      if (changing) this.stopEditing();
      status.textContent = t(changing ? 'Đã lưu thay đổi của chỉ tiêu.' : 'Đã giao chỉ tiêu.');
      await this.read();
    } catch (error) {
      if (!(error instanceof ApiError)) return this.onUnauthorized(error);
      byId('targets-error').replaceChildren(...refusal(error));
    }
  }

  /** Sends the chosen file as it is; a refused file lists every row's error, as the spreadsheet numbers rows. */
  private async import(): Promise<void> {
    const chosen = byId<HTMLInputElement>('target-file').files?.[0];
    const status = byId('target-import-status');
    const errors = byId('target-import-errors');
    status.replaceChildren();
    errors.hidden = true;
    if (!chosen) return;
    const type = FILE_TYPES[chosen.name.split('.').pop()?.toLowerCase() ?? ''];
    if (!type) {
      byId('targets-error').textContent = t('Chỉ nhận tệp .csv hoặc .xlsx.');
      return;
    }
    try {
      const result = await this.api.targets.import({ body: new File([chosen], chosen.name, { type }) });
      byId('targets-error').replaceChildren();
      status.replaceChildren(
        ...fill('Đã nhập: {created} chỉ tiêu mới, {updated} chỉ tiêu được cập nhật.', {
          created: formatNumber(result.created),
          updated: formatNumber(result.updated),
        }),
      );
      await this.read();
    } catch (error) {
      if (!(error instanceof ApiError)) return this.onUnauthorized(error);
      const rows = (error.answer.errors ?? []) as TargetImportError[];
      byId('targets-error').replaceChildren(
        ...(rows.length > 0
          ? fill('Tệp không được nhập: {count} lỗi, không dòng nào được ghi.', { count: formatNumber(rows.length) })
          : refusal(error)),
      );
      errors
        .querySelector('tbody')
        ?.replaceChildren(
          ...rows.map((problem) =>
            element(
              'tr',
              { dataset: { row: String(problem.row) } },
              element('td', { className: 'number', textContent: formatNumber(problem.row) }),
              element('td', { textContent: problem.column || '–', translate: false }),
              element('td', { textContent: problem.message, translate: false, lang: 'en' }),
            ),
          ),
        );
      errors.hidden = rows.length === 0;
    }
  }
}
