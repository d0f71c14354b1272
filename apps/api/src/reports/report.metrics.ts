import { Counter } from 'prom-client';

/** Report files made: a PDF printed by Chromium (seconds each) or an XLSX built, by format. */
export const reportRenders = new Counter({
  name: 'kiosk_pulse_report_renders_total',
  help: 'Report files rendered (PDF printed by Chromium, XLSX built), by format',
  labelNames: ['format'] as const,
});

/** Scheduled reports' files taken from this process's files of the run instead of rendered again. */
export const reportFilesReused = new Counter({
  name: 'kiosk_pulse_report_files_reused_total',
  help: "Scheduled reports' files reused for another subscriber of the same scope, period and language",
  labelNames: ['format'] as const,
});
