export { KioskClient, type KioskClientOptions, type KioskClientStatus, type TrackInput } from './kiosk-client';
export { MemoryEventStore, type EventStore } from './event-store';
export { IndexedDbEventStore } from './indexeddb-event-store';
export { backoffDelay, retryAfterMs, type Backoff } from './retry';
