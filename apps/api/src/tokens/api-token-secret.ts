import { randomBytes } from 'node:crypto';
import { digestSecret } from '../access/secret-digest';

/** What every named API token starts with: how a bearer token is told from a sign-in token. */
export const API_TOKEN_PREFIX = 'kpt_';

/** A new API token: 256 random bits, shown to the admin once. */
export function generateApiToken(): string {
  return API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** What is stored and looked up instead of the token. */
export const hashApiToken = (token: string): Buffer => digestSecret(token);
