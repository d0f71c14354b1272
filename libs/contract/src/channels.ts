/*
 * The Redis pub/sub channels between the processes of one deployment. A name here is always
 * used under the deployment's prefix, through RedisBus (@kiosk-pulse/redis), never bare.
 */

/** On which the worker says which counts changed (a CountsChangedMessage). */
export const COUNTS_CHANGED_CHANNEL = 'counts-changed';

export interface CountsChangedMessage {
  /** Wards whose counts changed. */
  wardCodes: string[];
  /** City days (YYYY-MM-DD, Asia/Ho_Chi_Minh) that the new events fell on. */
  days: string[];
  /** When the api accepted the earliest of the batches written (ISO-8601), to time POST -> counts. */
  acceptedAt?: string;
}

/** On which the API tells its peers a kiosk key stopped working. */
export const KIOSK_KEYS_CHANGED_CHANNEL = 'kiosk-keys-changed';

/**
 * On which an api process tells the others a credential changed (a user locked, given a new
 * role or password; an API token revoked; a sign-in ended), so their /live sockets check it again.
 */
export const CREDENTIALS_CHANGED_CHANNEL = 'credentials-changed';
