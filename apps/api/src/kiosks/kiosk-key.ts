import { createHash, randomBytes } from 'node:crypto';

const KEY_PREFIX = 'kpk_';

/** A new kiosk key: 256 random bits, shown to the admin once. */
export function generateKioskKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * What is stored and looked up instead of the key. A fast hash is right here (unlike for
 * passwords): the key is 256 random bits, so there is nothing to guess at any speed.
 */
export function hashKioskKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}
