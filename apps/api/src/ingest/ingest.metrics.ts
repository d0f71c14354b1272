import { Counter } from 'prom-client';

export const acceptedEvents = new Counter({
  name: 'kiosk_pulse_events_accepted_total',
  help: 'Events accepted from kiosks and queued (202)',
});

export const rejectedEvents = new Counter({
  name: 'kiosk_pulse_events_rejected_total',
  help: 'Events refused one by one inside an accepted batch, by rejection code',
  labelNames: ['code'] as const,
});
