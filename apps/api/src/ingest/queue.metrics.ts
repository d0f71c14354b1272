import { Gauge } from 'prom-client';

/** What the queue gauges read at each scrape. */
export interface QueueReadings {
  jobCounts(): Promise<Record<string, number>>;
  oldestWaitingAgeMs(): Promise<number>;
}

// Read at scrape time from the queue of the app started last in this process (there is one
// outside tests).
let readings: QueueReadings | undefined;

export function observeQueue(queue: QueueReadings): void {
  readings = queue;
}

new Gauge({
  name: 'kiosk_pulse_queue_jobs',
  help: 'Ingest jobs (one per accepted POST) by state',
  labelNames: ['state'] as const,
  async collect() {
    if (!readings) return;
    for (const [state, jobs] of Object.entries(await readings.jobCounts())) this.set({ state }, jobs);
  },
});

new Gauge({
  name: 'kiosk_pulse_queue_oldest_waiting_seconds',
  help: 'Age of the oldest ingest job still waiting for a worker (0 when none waits)',
  async collect() {
    if (readings) this.set((await readings.oldestWaitingAgeMs()) / 1000);
  },
});
