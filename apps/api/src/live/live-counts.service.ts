import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import {
  COUNTS_CHANGED_CHANNEL,
  cityDay,
  cityDayStart,
  nextCityDayStart,
  type CountsChangedMessage,
  type LiveCounts,
} from '@kiosk-pulse/contract';
import { API_CONFIG, type ApiConfig } from '../config';
import { RedisBus } from '../redis/redis-bus';
import { hideSmallAgeCounts } from '../stats/small-counts';
import { StatsRepository } from '../stats/stats.repository';

export const CITY_ROOM = 'city';
export const wardRoom = (wardCode: string) => `ward:${wardCode}`;

/**
 * Today's counts for the /live subscribers. Workers only say which wards changed; the counts
 * themselves are read from the database, so a client can never drift from the truth. Changes
 * are coalesced: each room is re-read at most once per LIVE_INTERVAL_MS.
 */
@Injectable()
export class LiveCountsService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(LiveCountsService.name);
  private readonly dirtyRooms = new Set<string>();
  private readonly lastSent = new Map<string, string>();
  private namespace: Namespace | undefined;
  private timer: NodeJS.Timeout | undefined;
  private today = cityDay(Date.now());
  private flushing = false;

  constructor(
    private readonly stats: StatsRepository,
    bus: RedisBus,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    bus.on(COUNTS_CHANGED_CHANNEL, (text) => this.onCountsChanged(JSON.parse(text) as CountsChangedMessage));
  }

  attach(namespace: Namespace): void {
    this.namespace = namespace;
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), this.config.liveIntervalMs);
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Today's counts for the city (no ward) or one ward, read now. */
  async read(wardCode: string | undefined): Promise<LiveCounts> {
    const now = Date.now();
    const figures = await this.stats.figures(cityDayStart(now), nextCityDayStart(now), wardCode);
    return {
      scope: wardCode ? 'ward' : 'city',
      wardCode: wardCode ?? null,
      day: cityDay(now),
      ...hideSmallAgeCounts(figures, this.config.smallCountThreshold),
      asOf: new Date(now).toISOString(),
    };
  }

  private onCountsChanged(message: CountsChangedMessage): void {
    if (!message.days.includes(this.today)) return;
    this.dirtyRooms.add(CITY_ROOM);
    for (const wardCode of message.wardCodes) this.dirtyRooms.add(wardRoom(wardCode));
  }

  private async flush(): Promise<void> {
    if (this.flushing || !this.namespace) return;
    const day = cityDay(Date.now());
    if (day !== this.today) {
      // A new city day: every room starts again from zero.
      this.today = day;
      for (const room of this.namespace.adapter.rooms.keys()) {
        if (room === CITY_ROOM || room.startsWith('ward:')) this.dirtyRooms.add(room);
      }
    }
    if (this.dirtyRooms.size === 0) return;
    this.flushing = true;
    const rooms = [...this.dirtyRooms];
    this.dirtyRooms.clear();
    try {
      for (const room of rooms) {
        if (!this.namespace.adapter.rooms.get(room)?.size) continue;
        const counts = await this.read(room === CITY_ROOM ? undefined : room.slice('ward:'.length));
        const print = fingerprint(counts);
        if (this.lastSent.get(room) === print) continue;
        this.lastSent.set(room, print);
        this.namespace.to(room).emit('counts', counts);
      }
    } catch (error) {
      for (const room of rooms) this.dirtyRooms.add(room);
      this.logger.warn(`could not read live counts: ${(error as Error).message}`);
    } finally {
      this.flushing = false;
    }
  }
}

/** The counts without their read time, to tell whether anything changed. */
function fingerprint(counts: LiveCounts): string {
  return JSON.stringify({ ...counts, asOf: undefined });
}
