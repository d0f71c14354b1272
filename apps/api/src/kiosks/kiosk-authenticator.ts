import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { KIOSK_KEYS_CHANGED_CHANNEL } from '@kiosk-pulse/contract';
import { RedisBus } from '@kiosk-pulse/redis';
import { hashKioskKey } from './kiosk-key';
import { KiosksRepository, type ActiveKiosk } from './kiosks.repository';

const NOT_FOUND = 'not-found' as const;

/**
 * Finds the kiosk a key belongs to. Ingest asks on every request, so answers are cached
 * (briefly for unknown keys); a revocation anywhere clears the caches of every api process
 * through Redis, so a revoked key stops working at once.
 */
@Injectable()
export class KioskAuthenticator {
  private readonly cache = new LRUCache<string, ActiveKiosk | typeof NOT_FOUND>({ max: 50_000, ttl: 60_000 });

  constructor(
    private readonly kiosks: KiosksRepository,
    private readonly bus: RedisBus,
  ) {
    bus.on(KIOSK_KEYS_CHANGED_CHANNEL, (keyHashHex) => this.cache.delete(keyHashHex));
  }

  async authenticate(key: string | undefined): Promise<ActiveKiosk | undefined> {
    if (!key) return undefined;
    const keyHash = hashKioskKey(key);
    const cacheKey = keyHash.toString('hex');
    const cached = this.cache.get(cacheKey);
    if (cached !== undefined) return cached === NOT_FOUND ? undefined : cached;
    const kiosk = await this.kiosks.findActiveByKeyHash(keyHash);
    this.cache.set(cacheKey, kiosk ?? NOT_FOUND, kiosk ? undefined : { ttl: 5_000 });
    return kiosk;
  }

  /** Forgets a key (revoked, replaced, or its kiosk moved) here and in every other api process. */
  async forget(keyHash: Buffer): Promise<void> {
    const cacheKey = keyHash.toString('hex');
    this.cache.delete(cacheKey);
    await this.bus.publish(KIOSK_KEYS_CHANGED_CHANNEL, cacheKey);
  }
}
