import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { KioskEvent } from '@kiosk-pulse/contract/events';
import type { EventStore } from './event-store';

/**
 * Keeps a Node kiosk agent's events in one JSON file. Each change writes a new file, flushes
 * it to disk and renames it over the old one, so after a crash or power cut the file holds
 * either the old list or the new one, never half of either. A kiosk records a few events a
 * minute, so rewriting the list is cheap even after days offline.
 */
export class FileEventStore implements EventStore {
  private events: KioskEvent[] | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {}

  async append(events: KioskEvent[]): Promise<void> {
    await this.change((kept) => [...kept, ...events]);
  }

  async oldest(limit: number): Promise<KioskEvent[]> {
    return (await this.load()).slice(0, limit);
  }

  async remove(ids: string[]): Promise<void> {
    const gone = new Set(ids);
    await this.change((kept) => kept.filter((event) => !gone.has(event.id)));
  }

  async size(): Promise<number> {
    return (await this.load()).length;
  }

  private async load(): Promise<KioskEvent[]> {
    if (!this.events) {
      try {
        this.events = JSON.parse(await readFile(this.path, 'utf8')) as KioskEvent[];
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        this.events = [];
      }
    }
    return this.events;
  }

  /** Changes run one after another, each written to disk before the next begins. */
  private change(update: (kept: KioskEvent[]) => KioskEvent[]): Promise<void> {
    const next = this.writing.then(async () => {
      const events = update(await this.load());
      await mkdir(dirname(this.path), { recursive: true });
      const temporary = `${this.path}.tmp`;
      const file = await open(temporary, 'w');
      try {
        await file.writeFile(JSON.stringify(events));
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, this.path);
      this.events = events;
    });
    this.writing = next.catch(() => undefined);
    return next;
  }
}
