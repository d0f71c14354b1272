import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { RedisAdapter } from '@socket.io/redis-adapter';
import { COUNTS_CHANGED_CHANNEL, cityDay, type CountsChangedMessage, type LiveCounts } from '@kiosk-pulse/contract';
import { cityDayStart, nextCityDayStart } from '@kiosk-pulse/contract/time';
import { RedisBus } from '@kiosk-pulse/redis';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { RedisClient } from '../redis/redis-client';
import { LiveCountsRepository } from './live-counts.repository';
import type { LiveNamespace } from './live-socket';
import { liveReads, postToCountsSeconds } from './live.metrics';

export const CITY_ROOM = 'city';
export const wardRoom = (wardCode: string) => `ward:${wardCode}`;
const isLiveRoom = (room: string) => room === CITY_ROOM || room.startsWith('ward:');

const READ_SHARE_FACTOR = 3;
// A snapshot no change has replaced is still used this long (a lost change message cannot keep it for ever).
const SNAPSHOT_MAX_AGE_MS = 5_000;
// Takes the lease when free, or renews it when this api holds it: 1 while this api leads.
const HOLD_LEAD = `
  if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
  if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('pexpire', KEYS[1], ARGV[2]) return 1 end
  return 0`;
const RELEASE_LEAD = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/**
 * Today's counts for the /live subscribers. Workers only say which wards changed; the counts
 * themselves are read from the database, so a client can never drift from the truth.
 *
 * However many api processes run, one of them (the holder of a lease in Redis) reads the
 * changed rooms and sends them through the socket.io Redis adapter to every api's sockets: the
 * database is read once per change, not once per api. Changes are coalesced: a change after a
 * quiet spell is sent at once, and then rooms are re-read at most once per LIVE_INTERVAL_MS. If
 * the holder stops, another api takes the lease when it lapses.
 */
@Injectable()
export class LiveCountsService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(LiveCountsService.name);
  private readonly id = randomUUID();
  private readonly dirtyRooms = new Set<string>();
  private readonly lastSent = new Map<string, string>();
  private namespace: LiveNamespace | undefined;
  private timer: NodeJS.Timeout | undefined;
  private today = cityDay(Date.now());
  private leading = false;
  private flushing = false;
  private quietUntil = 0;
  private lastFlushAt = 0;
  private soon: NodeJS.Timeout | undefined;
  /** When the earliest batch behind the pending changes was accepted (ms), to time POST -> counts. */
  private pendingSince: number | undefined;
  /** Each room's latest counts, for new subscribers; dropped when its counts change. */
  private readonly snapshots = new Map<string, { counts: LiveCounts; at: number }>();
  private readonly snapshotReads = new Map<string, Promise<LiveCounts>>();
  private readonly snapshotGenerations = new Map<string, number>();

  constructor(
    private readonly counts: LiveCountsRepository,
    private readonly redis: RedisClient,
    bus: RedisBus,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    bus.on(COUNTS_CHANGED_CHANNEL, (text) => this.onCountsChanged(JSON.parse(text) as CountsChangedMessage));
  }

  attach(namespace: LiveNamespace): void {
    this.namespace = namespace;
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), this.config.liveIntervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.soon);
    if (this.leading) {
      // Hand over now rather than leave the others waiting for the lease to lapse.
      await this.redis.redis.eval(RELEASE_LEAD, 1, this.leaseKey(), this.id).catch(() => undefined);
    }
  }

  /**
   * Today's counts for a new subscriber: the room's snapshot while no change has come in since,
   * otherwise one read shared by everyone who asks meanwhile. However many subscribe, the
   * database is read at most once per change per room.
   */
  snapshot(wardCode: string | undefined): Promise<LiveCounts> {
    const room = wardCode === undefined ? CITY_ROOM : wardRoom(wardCode);
    const kept = this.snapshots.get(room);
    const now = Date.now();
    if (kept && kept.counts.day === cityDay(now) && now - kept.at < SNAPSHOT_MAX_AGE_MS) {
      return Promise.resolve(kept.counts);
    }
    let reading = this.snapshotReads.get(room);
    if (!reading) {
      const generation = this.snapshotGenerations.get(room) ?? 0;
      reading = this.read(wardCode).then((counts) => {
        this.keepSnapshot(room, counts, generation);
        return counts;
      });
      const shared = reading;
      this.snapshotReads.set(room, shared);
      const forget = () => {
        if (this.snapshotReads.get(room) === shared) this.snapshotReads.delete(room);
      };
      shared.then(forget, forget);
    }
    return reading;
  }

  /** Keeps counts read for a room unless its counts changed while they were being read. */
  private keepSnapshot(room: string, counts: LiveCounts, generation: number): void {
    if ((this.snapshotGenerations.get(room) ?? 0) === generation) this.snapshots.set(room, { counts, at: Date.now() });
  }

  /** The room's counts changed: what was kept or is being read for it is out of date. */
  private dropSnapshot(room: string): void {
    this.snapshotGenerations.set(room, (this.snapshotGenerations.get(room) ?? 0) + 1);
    this.snapshots.delete(room);
    this.snapshotReads.delete(room);
  }

  /**
   * Today's totals for the city (no ward) or one ward, read now. No age split: today has none
   * until it is over (docs/privacy.md), or each push would tell the age of whoever just came.
   * One statement: the figures and the outcomes come back together.
   */
  async read(wardCode: string | undefined): Promise<LiveCounts> {
    liveReads.inc();
    const now = Date.now();
    const { guidesCompleted, accountsRegistered, peopleReached, byGuide, byOutcome } = await this.counts.dayCounts(
      cityDayStart(now),
      nextCityDayStart(now),
      wardCode,
    );
    return {
      scope: wardCode ? 'ward' : 'city',
      wardCode: wardCode ?? null,
      day: cityDay(now),
      guidesCompleted,
      accountsRegistered,
      peopleReached,
      byGuide,
      byOutcome,
      asOf: new Date(now).toISOString(),
    };
  }

  private onCountsChanged(message: CountsChangedMessage): void {
    if (!message.days.includes(this.today)) return;
    const acceptedAt = message.acceptedAt ? Date.parse(message.acceptedAt) : NaN;
    if (!Number.isNaN(acceptedAt)) this.pendingSince = Math.min(this.pendingSince ?? acceptedAt, acceptedAt);
    for (const room of [CITY_ROOM, ...message.wardCodes.map(wardRoom)]) {
      this.dirtyRooms.add(room);
      this.dropSnapshot(room);
    }
    this.flushSoon();
  }

  /*
   * The interval's tick alone would hold a change for up to a whole interval, even on a quiet
   * evening: flush as soon as the last flush is an interval old (and the database's quiet time
   * is over), and no sooner.
   */
  private flushSoon(): void {
    if (this.soon) return;
    const at = Math.max(this.lastFlushAt + this.config.liveIntervalMs, this.quietUntil);
    this.soon = setTimeout(
      () => {
        this.soon = undefined;
        void this.flush();
      },
      Math.max(0, at - Date.now()),
    );
  }

  private async flush(): Promise<void> {
    if (this.flushing || !this.namespace || Date.now() < this.quietUntil) return;
    this.flushing = true;
    const started = Date.now();
    try {
      await this.flushAsLeader(this.namespace);
    } catch (error) {
      this.logger.warn(`could not send live counts: ${(error as Error).message}`);
    } finally {
      this.flushing = false;
      // Reads that take long (a busy database, or the embedded one, which serves one connection
      // at a time) leave it at least three times as long for the writes before the next ones.
      this.quietUntil = Date.now() + READ_SHARE_FACTOR * (Date.now() - started);
      // Changes that came in during this flush.
      if (this.dirtyRooms.size > 0) this.flushSoon();
    }
  }

  private async flushAsLeader(namespace: LiveNamespace): Promise<void> {
    const wasLeading = this.leading;
    this.leading = await this.holdLease();
    if (!this.leading) {
      // The leader hears the same changes and sends them.
      this.dirtyRooms.clear();
      this.pendingSince = undefined;
      return;
    }
    const day = cityDay(Date.now());
    // A new leader does not know what was sent before it; on a new city day every room starts
    // again from zero.
    const refreshAll = !wasLeading || day !== this.today;
    this.today = day;
    if (!refreshAll && this.dirtyRooms.size === 0) return;
    if (!wasLeading) this.lastSent.clear();

    const watched = [...(await (namespace.adapter as RedisAdapter).allRooms())].filter(isLiveRoom);
    const rooms = refreshAll ? watched : watched.filter((room) => this.dirtyRooms.has(room));
    const pendingSince = this.pendingSince;
    // Only a flush that reads counts spaces the next one: the ticks of a quiet spell do not.
    if (rooms.length > 0) this.lastFlushAt = Date.now();
    this.dirtyRooms.clear();
    this.pendingSince = undefined;
    let sent = false;
    try {
      for (const room of rooms) {
        const generation = this.snapshotGenerations.get(room) ?? 0;
        const counts = await this.read(room === CITY_ROOM ? undefined : room.slice('ward:'.length));
        this.keepSnapshot(room, counts, generation);
        const print = fingerprint(counts);
        if (this.lastSent.get(room) === print) continue;
        this.lastSent.set(room, print);
        namespace.to(room).emit('counts', counts);
        sent = true;
      }
    } catch (error) {
      for (const room of rooms) this.dirtyRooms.add(room);
      this.pendingSince = pendingSince;
      throw error;
    }
    if (sent && pendingSince !== undefined) postToCountsSeconds.observe((Date.now() - pendingSince) / 1000);
  }

  /** Takes or renews the lease; true while this api is the one that sends. */
  private async holdLease(): Promise<boolean> {
    const ttl = Math.max(2_000, 8 * this.config.liveIntervalMs);
    return (await this.redis.redis.eval(HOLD_LEAD, 1, this.leaseKey(), this.id, ttl)) === 1;
  }

  private leaseKey(): string {
    return this.redis.key('live:leader');
  }
}

/** The counts without their read time, to tell whether anything changed. */
function fingerprint(counts: LiveCounts): string {
  return JSON.stringify({ ...counts, asOf: undefined });
}
