import { fill } from '../../dialog';
import { byId } from '../../dom';
import type { AdminContext } from './section';

/**
 * The form for a ward's population (total, aged 60+, source and date), which the per-10,000
 * rates divide by.
 */
export function setUpPopulations(admin: AdminContext): void {
  const populationWard = byId<HTMLSelectElement>('population-ward');
  admin.wards.fill(populationWard);
  populationWard.required = true;
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
      return fill('Đã lưu dân số của {ward}.', { ward });
    });
  });
}
