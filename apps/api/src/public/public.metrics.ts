import { Counter } from 'prom-client';

/** Public view answers by where they came from: the shared cache, or built from the database. */
export const publicViewAnswers = new Counter({
  name: 'kiosk_pulse_public_view_answers_total',
  help: 'Public view answers, from the shared Redis cache (cached) or built from the database (built)',
  labelNames: ['source'] as const,
});
