import { Counter, Gauge, Histogram } from 'prom-client';
import type { Namespace } from 'socket.io';

/** From the api accepting a batch to the counts that include it leaving for the dashboards. */
export const postToCountsSeconds = new Histogram({
  name: 'kiosk_pulse_post_to_counts_seconds',
  help: 'Time from a POST accepted (202) to the live counts that include its events being sent',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
});

// The /live namespace of the app started last in this process (there is one outside tests).
let live: Namespace | undefined;

export function observeLiveSockets(namespace: Namespace): void {
  live = namespace;
}

new Gauge({
  name: 'kiosk_pulse_live_sockets',
  help: 'Dashboards connected to this api on /live',
  collect() {
    this.set(live?.sockets.size ?? 0);
  },
});

/** Today's counts read from the database for /live (pushes and new subscribers together). */
export const liveReads = new Counter({
  name: 'kiosk_pulse_live_reads_total',
  help: 'Reads of the live counts from the database, for pushes and new subscribers',
});
