import { randomBytes } from 'node:crypto';
import { digestSecret } from '../access/secret-digest';

const KEY_PREFIX = 'kpk_';

/** A new kiosk key: 256 random bits, shown to the admin once. */
export function generateKioskKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** What is stored and looked up instead of the key. */
export const hashKioskKey = (key: string): Buffer => digestSecret(key);
