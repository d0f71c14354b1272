import { Counter, Histogram } from 'prom-client';
import type { IngestJobData } from '@kiosk-pulse/contract';
import type { WrittenEvents } from './events.repository';

/** The writer's counters of events, one a fate: stored, stored late, turned away, taken back. */
const eventCounter = (name: string, help: string) => new Counter({ name, help });

/*
 * A Prometheus counter never goes down (a drop reads as a restart of the process), so an event a
 * kiosk takes back (entry_undone) stays counted as stored and is counted again as undone: the
 * events the database holds are the stored ones less the undone ones.
 */
const storedEvents = eventCounter(
  'kiosk_pulse_events_stored_total',
  'Events written to TimescaleDB (a resent duplicate is not counted again; an undone event stays counted)',
);
const undoneEvents = eventCounter(
  'kiosk_pulse_events_undone_total',
  'Stored events deleted again because their kiosk took them back (entry_undone)',
);
const lateEvents = eventCounter(
  'kiosk_pulse_events_late_total',
  'Events stored that arrived late (an earlier city day, or EVENT_LATE_AFTER_HOURS); flagged on the fleet',
);
const duplicateIds = eventCounter(
  'kiosk_pulse_events_duplicate_id_total',
  'Events not stored because another kiosk had sent their id first (a rejection of the sender)',
);

const batchEvents = new Histogram({
  name: 'kiosk_pulse_write_batch_events',
  help: 'Events per database write (many jobs are written together)',
  buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000],
});

const writeSeconds = new Histogram({
  name: 'kiosk_pulse_write_duration_seconds',
  help: 'Time to write one batch of events and commit',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});

export function recordWrite(jobs: IngestJobData[], written: WrittenEvents, seconds: number): void {
  storedEvents.inc(written.inserted);
  undoneEvents.inc(written.undone);
  for (const n of written.latePerKiosk.values()) lateEvents.inc(n);
  for (const n of written.duplicatesPerKiosk.values()) duplicateIds.inc(n);
  batchEvents.observe(jobs.reduce((events, job) => events + job.events.length, 0));
  writeSeconds.observe(seconds);
}
