import { Counter } from 'prom-client';

/** Reads and exports of figures written to the audit log. */
export const readsRecorded = new Counter({
  name: 'kiosk_pulse_audit_reads_recorded_total',
  help: 'Signed-in reads and exports of figures written to the audit log',
});

/** Reads and exports whose batch the database refused: answered, but not in the audit log. */
export const readsLost = new Counter({
  name: 'kiosk_pulse_audit_reads_lost_total',
  help: 'Signed-in reads and exports of figures that could not be written to the audit log (see the error log)',
});
