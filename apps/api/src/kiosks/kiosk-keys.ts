import { Injectable, Logger } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { KioskWithKey } from '@kiosk-pulse/contract';
import { InjectPool, transaction } from '@kiosk-pulse/database';
import { KioskAuthenticator } from './kiosk-authenticator';
import { generateKioskKey, hashKioskKey } from './kiosk-key';
import { KiosksRepository } from './kiosks.repository';

/** Gives a kiosk of `id` a new key in the transaction; undefined when it has none to replace. */
export type NewKey = (id: string, options?: { reactivate?: boolean }) => Promise<KioskWithKey | undefined>;

/**
 * New keys for kiosks, whether an admin rotates one or the kiosk app pairs with a code: the key
 * is made here, only its hash is stored, and the old key stops working everywhere at once.
 */
@Injectable()
export class KioskKeys {
  private readonly logger = new Logger(KioskKeys.name);

  constructor(
    private readonly kiosks: KiosksRepository,
    private readonly authenticator: KioskAuthenticator,
    @InjectPool() private readonly pool: Pool,
  ) {}

  /**
   * Runs `work` in one transaction, in which it may give kiosks new keys (and record why). The
   * old keys are forgotten once it has committed: before, another api process could still read
   * and cache the old key as valid.
   */
  async replacing<T>(work: (newKey: NewKey, db: PoolClient) => Promise<T>): Promise<T> {
    const replaced: Buffer[] = [];
    const result = await transaction(this.pool, (db) =>
      work(async (id, options) => {
        const key = generateKioskKey();
        const changed = await this.kiosks.replaceKey(id, hashKioskKey(key), db, options);
        if (!changed) return undefined;
        const { previousKeyHash, ...kiosk } = changed;
        replaced.push(previousKeyHash);
        return { ...kiosk, key };
      }, db),
    );
    for (const keyHash of replaced) await this.forget(keyHash);
    return result;
  }

  /**
   * Drops a key from the ingest caches: at once here, and in the other api processes through
   * Redis. With Redis away the change stands all the same (the others' caches forget within a
   * minute, and they cannot take posts without Redis anyway).
   */
  async forget(keyHash: Buffer): Promise<void> {
    await this.authenticator
      .forget(keyHash)
      .catch((error: Error) => this.logger.warn(`could not tell the other api processes: ${error.message}`));
  }
}
