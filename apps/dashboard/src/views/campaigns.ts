import {
  OUTCOMES,
  cityDay,
  type Campaign,
  type CampaignComparison,
  type CampaignFigures,
  type FleetEntry,
  type Ward,
} from '@kiosk-pulse/contract';
import { ApiError, apiClient, type ApiClient } from '../api';
import { describeCampaign, forgetCampaigns } from '../campaign-marks';
import { comparisonOptions } from '../charts/campaign.options';
import type { MountedChart } from '../charts/mount-chart';
import { fill, openDialog, refusal } from '../dialog';
import { afterPaint, button, byId, element } from '../dom';
import { OUTCOME_LABELS, byName, formatDate, formatNumber, formatPercent, locale } from '../format';
import { language, t } from '../i18n';
import { Latest, isAborted } from '../latest';
import type { Session } from '../session';
import { WardNames, empty } from './admin/section';

/** The city's offset: Vietnam keeps one all year, so a form's wall time is this instant. */
const CITY_OFFSET = '+07:00';

/** A form's date and time (YYYY-MM-DDTHH:mm, city time) as an instant the API takes. */
const instantOf = (local: string): string => `${local}:00${CITY_OFFSET}`;

/** An instant as a form's date and time in the city. */
const localOf = (instant: string): string => new Date(Date.parse(instant) + 7 * 3_600_000).toISOString().slice(0, 16);

/** Visits per hour and outcomes per visit are given to two decimals. */
const rate = (value: number | null): string =>
  value === null ? '–' : new Intl.NumberFormat(locale(), { maximumFractionDigits: 2 }).format(value);

/**
 * Kiosk days and campaigns (`#/campaigns`, `#/campaigns/<id>`, issue 17): the list, the form ward
 * staff and admins record one with (city officials read), and one campaign's page: its hours
 * against the same kiosks' ordinary days and the ward's other kiosks, totals only.
 */
export class CampaignsView {
  private readonly api: ApiClient;
  private readonly wards: WardNames;
  private readonly mayRecord: boolean;
  private readonly reading = new Latest();
  private kiosks: Promise<FleetEntry[]> | undefined;
  /** The campaign being changed in the form; undefined while the form records a new one. */
  private editing: Campaign | undefined;
  private chart: MountedChart | undefined;

  constructor(
    private readonly session: Session,
    wards: Ward[],
    private readonly onUnauthorized: (error: unknown) => void,
  ) {
    this.api = apiClient(session.token);
    this.wards = new WardNames(wards);
    this.mayRecord = session.user.role === 'admin' || session.user.role === 'ward_staff';
    byId('campaigns-manage').hidden = !this.mayRecord;
    if (this.mayRecord) this.buildForm();
  }

  /** The list (and the form). */
  async showList(): Promise<void> {
    const signal = this.reading.next();
    const main = byId('campaigns');
    main.setAttribute('aria-busy', 'true');
    try {
      const campaigns = await this.api.campaigns.list({ signal });
      if (signal.aborted) return;
      byId('campaigns-error').replaceChildren();
      byId('campaigns-list').replaceChildren(this.table(campaigns));
    } catch (error) {
      if (isAborted(error, signal)) return;
      this.refused(error, 'campaigns-error');
    } finally {
      if (!signal.aborted) main.removeAttribute('aria-busy');
    }
  }

  /** One campaign's page: its facts, and its comparison drawn and tabled. */
  async showOne(id: string): Promise<void> {
    const signal = this.reading.next();
    const main = byId('campaign');
    main.setAttribute('aria-busy', 'true');
    byId('campaign-title').textContent = '–';
    byId('campaign-facts').replaceChildren();
    byId('campaign-actions').replaceChildren();
    byId('campaign-comparison').replaceChildren();
    byId('campaign-definition').textContent = '';
    this.chart?.clear();
    try {
      const comparison = await this.api.campaigns.comparison({ params: { id }, signal });
      if (signal.aborted) return;
      byId('campaign-error').replaceChildren();
      this.render(comparison);
    } catch (error) {
      if (isAborted(error, signal)) return;
      this.refused(error, 'campaign-error');
    } finally {
      if (!signal.aborted) main.removeAttribute('aria-busy');
    }
  }

  hide(): void {
    this.reading.cancel();
  }

  private refused(error: unknown, where: string): void {
    if (!(error instanceof ApiError)) return this.onUnauthorized(error);
    byId(where).replaceChildren(...refusal(error));
  }

  private hours(campaign: Campaign): string {
    return describeCampaign({ ...campaign, name: '', place: null }).replace(/^ · /, '');
  }

  private table(campaigns: Campaign[]): HTMLElement {
    // The newest first: the kiosk day being planned or just held is the one looked for.
    const ordered = [...campaigns].sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
    const rows = ordered.map((campaign) =>
      element(
        'tr',
        { dataset: { campaign: campaign.id } },
        element(
          'th',
          { scope: 'row' },
          element('a', { href: `#/campaigns/${campaign.id}`, textContent: campaign.name, translate: false }),
        ),
        element('td', { textContent: this.wards.name(campaign.wardCode), translate: false }),
        element('td', { textContent: campaign.place ?? '–', translate: false }),
        element('td', { textContent: this.hours(campaign), dataset: { cell: 'hours' } }),
        element('td', { className: 'number', textContent: formatNumber(campaign.kioskIds.length) }),
      ),
    );
    return element(
      'div',
      { className: 'table-scroll', tabIndex: 0 },
      element(
        'table',
        { className: 'data', id: 'campaigns-table' },
        element('caption', { className: 'visually-hidden', textContent: t('Ngày hội và chiến dịch') }),
        element(
          'thead',
          {},
          element(
            'tr',
            {},
            ...['Tên', 'Phường, xã', 'Địa điểm', 'Thời gian', 'Số kiosk'].map((name) =>
              element('th', { scope: 'col', textContent: t(name) }),
            ),
          ),
        ),
        element('tbody', {}, ...(rows.length === 0 ? [empty(5, 'Chưa có ngày hội, chiến dịch nào.')] : rows)),
      ),
    );
  }

  private render(comparison: CampaignComparison): void {
    const { campaign } = comparison;
    byId('campaign-title').textContent = campaign.name;
    byId('campaign-title').translate = false;
    byId('campaign-facts').replaceChildren(
      ...fill('{ward} · {place} · {hours} · {kiosks} kiosk tham gia', {
        ward: this.wards.name(campaign.wardCode),
        place: campaign.place ?? '–',
        hours: this.hours(campaign),
        kiosks: formatNumber(campaign.kioskIds.length),
      }),
    );
    if (this.mayRecord) {
      byId('campaign-actions').replaceChildren(
        button(t('Sửa'), () => this.edit(campaign)),
        ' ',
        button(t('Xóa'), () => void this.remove(campaign), 'danger'),
      );
    }
    const ordinary = comparison.ordinaryDays;
    const sides: [string, CampaignFigures][] = [
      [t('Giờ chiến dịch'), comparison.campaignHours],
      [`${t('Ngày thường, cùng kiosk')} (${formatDate(ordinary.from)} – ${formatDate(ordinary.to)})`, ordinary],
      [t('Kiosk khác của phường, cùng giờ'), comparison.wardOtherKiosks],
    ];
    byId('campaign-comparison').replaceChildren(this.comparisonTable(sides));
    byId('campaign-definition').textContent = comparison.definition[language()];
    const chartSides = [
      { name: t('Giờ chiến dịch'), visitsPerHour: comparison.campaignHours.visitsPerHour },
      { name: t('Ngày thường'), visitsPerHour: ordinary.visitsPerHour },
      { name: t('Kiosk khác của phường'), visitsPerHour: comparison.wardOtherKiosks.visitsPerHour },
    ];
    // The figures first; ECharts (its own chunk) draws after.
    afterPaint(() => void this.draw(chartSides));
  }

  private async draw(sides: { name: string; visitsPerHour: number | null }[]): Promise<void> {
    const [{ mountChart }, { PAGE_LOOK }] = await Promise.all([
      import('../charts/mount-chart'),
      import('../charts/page-look'),
    ]);
    this.chart ??= mountChart('campaign-chart');
    this.chart.setOption(comparisonOptions(sides, { ...PAGE_LOOK, formatValue: (value) => rate(Number(value)) }), {
      notMerge: true,
    });
  }

  private comparisonTable(sides: [string, CampaignFigures][]): HTMLElement {
    const withheld = t('không công bố');
    const lines: [string, string, (figures: CampaignFigures) => string][] = [
      ['kiosks', 'Số kiosk', (figures) => formatNumber(figures.kiosks)],
      ['hours', 'Giờ mở cửa (kiosk × giờ)', (figures) => formatNumber(figures.hoursOpen)],
      ['visits', 'Lượt người', (figures) => formatNumber(figures.visits)],
      ['visitsPerHour', 'Lượt người mỗi giờ', (figures) => rate(figures.visitsPerHour)],
      ['outcomes', 'Kết quả ghi nhận', (figures) => formatNumber(figures.outcomes)],
      ...OUTCOMES.map((outcome): [string, string, (figures: CampaignFigures) => string] => [
        outcome,
        `· ${OUTCOME_LABELS[outcome]}`,
        (figures) => formatNumber(figures.byOutcome[outcome]),
      ]),
      ['outcomesPerVisit', 'Kết quả mỗi lượt người', (figures) => rate(figures.outcomesPerVisit)],
      [
        'share60Plus',
        'Tỷ lệ lượt người từ 60 tuổi',
        (figures) => (figures.share60Plus === null ? withheld : formatPercent(figures.share60Plus)),
      ],
      ['ages', 'Cơ cấu nhóm tuổi', (figures) => (figures.byAgeGroup === null ? withheld : '✓')],
    ];
    return element(
      'table',
      { className: 'data campaign-table', id: 'campaign-table' },
      element('caption', { className: 'visually-hidden', textContent: t('So sánh chiến dịch với ngày thường') }),
      element(
        'thead',
        {},
        element(
          'tr',
          {},
          element('th', { scope: 'col', textContent: t('Chỉ số') }),
          ...sides.map(([name]) => element('th', { scope: 'col', textContent: name })),
        ),
      ),
      element(
        'tbody',
        {},
        ...lines.map(([key, label, value]) =>
          element(
            'tr',
            { dataset: { line: key } },
            element('th', { scope: 'row', textContent: label.startsWith('· ') ? label : t(label) }),
            ...sides.map(([, figures], index) =>
              element('td', { className: 'number', textContent: value(figures), dataset: { side: String(index) } }),
            ),
          ),
        ),
      ),
    );
  }

  // ---- the form ----

  private buildForm(): void {
    const ward = byId<HTMLSelectElement>('campaign-ward');
    const own = this.session.user.role === 'ward_staff' ? this.session.user.wardCode : null;
    const choices = own ? this.wards.list.filter((one) => one.code === own) : this.wards.list;
    ward.replaceChildren(
      ...(own ? [] : [new Option(t('— Chọn phường, xã —'), '')]),
      ...choices.map((one) => {
        const option = new Option(`${one.name} (${one.code})`, one.code);
        option.translate = false;
        return option;
      }),
    );
    ward.value = own ?? '';
    ward.addEventListener('change', () => void this.fillKiosks([]));
    const today = cityDay(new Date());
    byId<HTMLInputElement>('campaign-start').value = `${today}T07:00`;
    byId<HTMLInputElement>('campaign-end').value = `${today}T17:00`;
    void this.fillKiosks([]);
    byId<HTMLFormElement>('campaign-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
    byId('campaign-cancel').addEventListener('click', () => this.stopEditing());
  }

  /** The ward's kiosks as boxes to tick, `checked` ticked. */
  private async fillKiosks(checked: string[]): Promise<void> {
    const box = byId<HTMLFieldSetElement>('campaign-kiosks');
    const wardCode = byId<HTMLSelectElement>('campaign-ward').value;
    const legend = box.querySelector('legend');
    if (!wardCode) {
      box.replaceChildren(
        ...(legend ? [legend] : []),
        element('p', { className: 'muted', textContent: t('Chọn phường, xã trước.') }),
      );
      return;
    }
    try {
      this.kiosks ??= this.api.kiosks.list();
      const kiosks = (await this.kiosks)
        .filter((kiosk) => kiosk.wardCode === wardCode && kiosk.revokedAt === null)
        .sort((a, b) => byName(a.label, b.label));
      if (byId<HTMLSelectElement>('campaign-ward').value !== wardCode) return;
      box.replaceChildren(
        ...(legend ? [legend] : []),
        ...(kiosks.length === 0
          ? [element('p', { className: 'muted', textContent: t('Phường, xã này chưa có kiosk nào.') })]
          : kiosks.map((kiosk) =>
              element(
                'label',
                { className: 'check' },
                element('input', {
                  type: 'checkbox',
                  name: 'campaign-kiosk',
                  value: kiosk.id,
                  checked: checked.includes(kiosk.id),
                }),
                ' ',
                element('span', { textContent: kiosk.label, translate: false }),
              ),
            )),
      );
    } catch (error) {
      this.kiosks = undefined;
      this.refused(error, 'campaigns-error');
    }
  }

  private edit(campaign: Campaign): void {
    this.editing = campaign;
    location.hash = '#/campaigns';
    const ward = byId<HTMLSelectElement>('campaign-ward');
    ward.value = campaign.wardCode;
    // The API keeps a campaign's ward: another ward is another campaign.
    ward.disabled = true;
    byId<HTMLInputElement>('campaign-name').value = campaign.name;
    byId<HTMLInputElement>('campaign-place').value = campaign.place ?? '';
    byId<HTMLInputElement>('campaign-start').value = localOf(campaign.startsAt);
    byId<HTMLInputElement>('campaign-end').value = localOf(campaign.endsAt);
    byId('campaign-form-title').textContent = t('Sửa ngày hội, chiến dịch');
    byId('campaign-submit').textContent = t('Lưu thay đổi');
    byId('campaign-cancel').hidden = false;
    byId('campaign-form-status').textContent = '';
    void this.fillKiosks(campaign.kioskIds);
    byId('campaign-name').focus();
  }

  private stopEditing(): void {
    this.editing = undefined;
    byId<HTMLSelectElement>('campaign-ward').disabled = false;
    byId('campaign-form-title').textContent = t('Ghi ngày hội, chiến dịch mới');
    byId('campaign-submit').textContent = t('Ghi ngày hội');
    byId('campaign-cancel').hidden = true;
    byId<HTMLInputElement>('campaign-name').value = '';
    byId<HTMLInputElement>('campaign-place').value = '';
    void this.fillKiosks([]);
  }

  private async save(): Promise<void> {
    const value = (id: string) => byId<HTMLInputElement | HTMLSelectElement>(id).value.trim();
    const kioskIds = [...document.querySelectorAll<HTMLInputElement>('input[name="campaign-kiosk"]:checked')].map(
      (box) => box.value,
    );
    const status = byId('campaign-form-status');
    status.replaceChildren();
    if (kioskIds.length === 0) {
      byId('campaigns-error').textContent = t('Chọn ít nhất một kiosk tham gia.');
      return;
    }
    const fields = {
      name: value('campaign-name'),
      place: value('campaign-place') || null,
      startsAt: instantOf(value('campaign-start')),
      endsAt: instantOf(value('campaign-end')),
      kioskIds,
    };
    try {
      const saved = this.editing
        ? await this.api.campaigns.update({ params: { id: this.editing.id }, body: fields })
        : await this.api.campaigns.create({ body: { ...fields, wardCode: value('campaign-ward') } });
      forgetCampaigns();
      byId('campaigns-error').replaceChildren();
      const was = this.editing;
      if (was) this.stopEditing();
      else byId<HTMLInputElement>('campaign-name').value = '';
      status.replaceChildren(...fill(was ? 'Đã lưu thay đổi của {name}.' : 'Đã ghi {name}.', { name: saved.name }));
      await this.showList();
    } catch (error) {
      this.refused(error, 'campaigns-error');
    }
  }

  private async remove(campaign: Campaign): Promise<void> {
    const confirmed = await openDialog({
      title: fill('Xóa {name}?', { name: campaign.name }),
      body: [fill('Ngày hội này sẽ không còn trên các biểu đồ; nhật ký thay đổi vẫn giữ bản ghi.')],
      confirm: 'Xóa',
      danger: true,
    });
    if (!confirmed) return;
    try {
      await this.api.campaigns.delete({ params: { id: campaign.id } });
      forgetCampaigns();
      location.hash = '#/campaigns';
    } catch (error) {
      this.refused(error, 'campaign-error');
    }
  }
}
