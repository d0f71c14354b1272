import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { KioskEvent } from '@kiosk-pulse/contract/events';
import type { EventStore } from './event-store';

interface PendingEvents extends DBSchema {
  events: { key: string; value: KioskEvent };
}

/**
 * Keeps a browser kiosk app's events in IndexedDB, where they outlive a reload, a crash or the
 * browser closing. Events are keyed by id; the client's ids are UUIDv7, which sort by time, so
 * key order is the order they were recorded in.
 */
export class IndexedDbEventStore implements EventStore {
  private readonly db: Promise<IDBPDatabase<PendingEvents>>;

  constructor(name = 'kiosk-pulse') {
    this.db = openDB<PendingEvents>(name, 1, {
      upgrade(db) {
        db.createObjectStore('events', { keyPath: 'id' });
      },
    });
  }

  async append(events: KioskEvent[]): Promise<void> {
    const transaction = (await this.db).transaction('events', 'readwrite', { durability: 'strict' });
    await Promise.all([...events.map((event) => transaction.store.put(event)), transaction.done]);
  }

  async oldest(limit: number): Promise<KioskEvent[]> {
    return (await this.db).getAll('events', null, limit);
  }

  async remove(ids: string[]): Promise<void> {
    const transaction = (await this.db).transaction('events', 'readwrite', { durability: 'strict' });
    await Promise.all([...ids.map((id) => transaction.store.delete(id)), transaction.done]);
  }

  async size(): Promise<number> {
    return (await this.db).count('events');
  }
}
