import { collectDefaultMetrics, register } from 'prom-client';

/** Node's own metrics (memory, CPU, event-loop lag, GC), once per process however many apps it runs. */
export function collectProcessMetrics(): void {
  if (!register.getSingleMetric('process_resident_memory_bytes')) collectDefaultMetrics();
}
