import type { PopulationFigure, PopulationGroup } from '@kiosk-pulse/contract';
import { fill, openDialog } from '../../dialog';
import { button, byId, element } from '../../dom';
import { formatDate, formatNumber } from '../../format';
import { t } from '../../i18n';
import { actorName } from './audit';
import { empty, type AdminContext } from './section';

const GROUP_LABELS: Record<PopulationGroup, string> = {
  residents: 'Dân số',
  adults18Plus: 'Từ 18 tuổi',
  aged60Plus: 'Từ 60 tuổi',
};

/**
 * A ward's population (total, aged 60+, source and date), which the per-10,000 rates divide by;
 * and the chosen ward's history: every figure of each group with its source, date and the day
 * the next took over, the shipped official figures marked; an admin adds a newer one (an
 * estimate for adults 18+ and 60+, which have no official figure per ward) or removes a mistake.
 */
export function setUpPopulations(admin: AdminContext): void {
  const populationWard = byId<HTMLSelectElement>('population-ward');
  admin.wards.fill(populationWard);
  populationWard.required = true;
  const history = element('div', { id: 'population-history', className: 'population-history' });
  const form = figureForm(
    admin,
    () => populationWard.value,
    () => void showHistory(),
  );
  byId('population-form').after(history, form);

  const showHistory = async (): Promise<void> => {
    const code = populationWard.value;
    form.hidden = code === '';
    if (code === '') return history.replaceChildren();
    try {
      const { figures } = await admin.api.wards.populations({ params: { code } });
      if (populationWard.value !== code) return;
      history.replaceChildren(historyTable(admin, code, figures, () => void showHistory()));
    } catch {
      // The admin's refusal is said by the section's own action; nothing to list.
      history.replaceChildren();
    }
  };
  populationWard.addEventListener('change', () => void showHistory());
  void showHistory();

  byId('population-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const aged60 = byId<HTMLInputElement>('population-60').value;
    const ward = admin.wards.name(populationWard.value);
    void admin.act(async () => {
      await admin.api.wards.setPopulation({
        params: { code: populationWard.value },
        body: {
          total: Number(byId<HTMLInputElement>('population-total').value),
          aged60Plus: aged60 === '' ? null : Number(aged60),
          source: byId<HTMLInputElement>('population-source').value,
          asOf: byId<HTMLInputElement>('population-date').value,
        },
      });
      void showHistory();
      return fill('Đã lưu dân số của {ward}.', { ward });
    });
  });
}

/** The form that adds one figure of one group to the chosen ward's history. */
function figureForm(admin: AdminContext, ward: () => string, added: () => void): HTMLFormElement {
  const group = element(
    'select',
    { id: 'population-group' },
    ...(Object.keys(GROUP_LABELS) as PopulationGroup[]).map((value) => new Option(t(GROUP_LABELS[value]), value)),
  );
  const count = element('input', { id: 'population-count', type: 'number', min: '1', required: true });
  const source = element('input', { id: 'population-figure-source', required: true, maxLength: 200 });
  const asOf = element('input', { id: 'population-figure-date', type: 'date', required: true });
  const estimate = element('input', { id: 'population-estimate', type: 'checkbox' });
  // Adults 18+ and people 60+ have no official per-ward figure: an estimate unless unticked.
  const estimateFollows = () => (estimate.checked = group.value !== 'residents');
  group.addEventListener('change', estimateFollows);
  estimateFollows();
  const label = (control: HTMLElement, text: string) => element('label', { htmlFor: control.id, textContent: t(text) });
  const form = element(
    'form',
    { id: 'population-figure-form', className: 'inline-form', hidden: true },
    element('h4', { textContent: t('Thêm số liệu mới hơn cho phường này') }),
    label(group, 'Nhóm'),
    group,
    label(count, 'Số người'),
    count,
    label(source, 'Nguồn'),
    source,
    label(asOf, 'Ngày số liệu'),
    asOf,
    element('label', {}, estimate, ` ${t('Là số ước tính')}`),
    element('button', { type: 'submit', textContent: t('Thêm') }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const code = ward();
    void admin.act(async () => {
      await admin.api.wards.addPopulation({
        params: { code },
        body: {
          group: group.value as PopulationGroup,
          population: Number(count.value),
          source: source.value,
          asOf: asOf.value,
          estimate: estimate.checked,
        },
      });
      added();
      return fill('Đã thêm số liệu dân số của {ward}.', { ward: admin.wards.name(code) });
    });
  });
  return form;
}

/** The ward's figures, newest first in each group, each with where it comes from and when it held. */
function historyTable(
  admin: AdminContext,
  code: string,
  figures: PopulationFigure[],
  removed: () => void,
): HTMLElement {
  const rows = figures.map((figure) =>
    element(
      'tr',
      { dataset: { group: figure.group, asOf: figure.asOf } },
      element('td', { textContent: t(GROUP_LABELS[figure.group]) }),
      element('td', { className: 'number', textContent: formatNumber(figure.population) }),
      element('td', { textContent: figure.source, translate: false }),
      element('td', {
        textContent: `${formatDate(figure.asOf)} – ${figure.until ? formatDate(figure.until) : t('nay')}`,
      }),
      element('td', {
        textContent: [figure.estimate ? t('ước tính') : t('chính thức'), figure.shipped ? t('kèm phần mềm') : '']
          .filter((part) => part)
          .join(' · '),
      }),
      element('td', {}, ...(figure.shipped ? ['–'] : actorName(figure.updatedBy))),
      element(
        'td',
        {},
        button(t('Xóa'), () => {
          void openDialog({
            title: fill('Xóa số liệu {group} ngày {date}?', {
              group: t(GROUP_LABELS[figure.group]),
              date: formatDate(figure.asOf),
            }),
            body: [fill('Số liệu trước đó của nhóm này sẽ được dùng lại cho những ngày này.')],
            confirm: 'Xóa',
            danger: true,
          }).then((confirmed) => {
            if (!confirmed) return;
            void admin.act(async () => {
              await admin.api.wards.removePopulation({
                params: { code, group: figure.group, asOf: figure.asOf },
              });
              removed();
            });
          });
        }),
      ),
    ),
  );
  return element(
    'div',
    { className: 'table-scroll', tabIndex: 0 },
    element(
      'table',
      { className: 'data', id: 'population-history-table' },
      element('caption', {}, ...fill('Lịch sử dân số của {ward}', { ward: admin.wards.name(code) })),
      element(
        'thead',
        {},
        element(
          'tr',
          {},
          ...['Nhóm', 'Số người', 'Nguồn', 'Dùng cho', 'Loại', 'Người nhập', ''].map((name) =>
            element('th', { scope: 'col', textContent: name ? t(name) : '' }),
          ),
        ),
      ),
      element('tbody', {}, ...(rows.length === 0 ? [empty(7, 'Chưa có số liệu dân số.')] : rows)),
    ),
  );
}
