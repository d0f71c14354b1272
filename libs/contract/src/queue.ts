import type { KioskEvent } from './events';

/** The queue between the API (producer) and the worker (consumer). */
export const INGEST_QUEUE = 'ingest';
export const INGEST_JOB = 'events';

/**
 * One job carries one accepted request batch: never one job per event
 * (one event per job is about twenty times slower to drain).
 */
export interface IngestJobData {
  kioskId: string;
  wardCode: string;
  /** Server time the API received the batch, ISO-8601. */
  receivedAt: string;
  /** receivedAt minus the kiosk's sentAt, when the kiosk sent sentAt. */
  clockOffsetMs: number | null;
  events: KioskEvent[];
  /**
   * Ids of the events that arrived late: from a city day before the one the api received them
   * on (or older than EVENT_LATE_AFTER_HOURS). They are stored and counted, and the kiosk's
   * fleet row is flagged. Absent when none is late (and on jobs queued by older apis).
   */
  lateIds?: string[];
}

/** The ingest queue as an admin sees it. */
export interface QueueHealth {
  waiting: number;
  active: number;
  delayed: number;
  /** Jobs that used up their attempts; kept with their error until retried. */
  failed: number;
  failedJobs: {
    id: string;
    kioskId: string;
    wardCode: string;
    events: number;
    receivedAt: string;
    attempts: number;
    failedAt: string | null;
    error: string;
  }[];
}
