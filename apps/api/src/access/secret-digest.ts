import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * SHA-256 of a high-entropy secret (a kiosk key, an API token). A fast hash is right for these,
 * unlike passwords: 256 random bits leave nothing to guess at any speed.
 */
export const digestSecret = (secret: string): Buffer => createHash('sha256').update(secret).digest();

/** Compares two secrets in constant time (their digests have equal length). */
export const sameSecret = (a: string, b: string): boolean => timingSafeEqual(digestSecret(a), digestSecret(b));
