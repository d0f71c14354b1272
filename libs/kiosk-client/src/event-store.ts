import type { KioskEvent } from '@kiosk-pulse/contract/events';

/**
 * Where a kiosk keeps the events it has recorded until the server has taken them. Every
 * method resolves only once the change is durable, so an event is never held in memory alone.
 */
export interface EventStore {
  /** Keeps these events, after any already kept. */
  append(events: KioskEvent[]): Promise<void>;
  /** Up to `limit` of the oldest events kept. */
  oldest(limit: number): Promise<KioskEvent[]>;
  /** Forgets the events with these ids. */
  remove(ids: string[]): Promise<void>;
  size(): Promise<number>;
}

/** Keeps events in memory only: for tests and simulations, where losing them on exit is fine. */
export class MemoryEventStore implements EventStore {
  private events: KioskEvent[] = [];

  async append(events: KioskEvent[]): Promise<void> {
    this.events.push(...events);
  }

  async oldest(limit: number): Promise<KioskEvent[]> {
    return this.events.slice(0, limit);
  }

  async remove(ids: string[]): Promise<void> {
    const gone = new Set(ids);
    this.events = this.events.filter((event) => !gone.has(event.id));
  }

  async size(): Promise<number> {
    return this.events.length;
  }
}
