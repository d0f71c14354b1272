/** The Redis the api uses, resolved at start-up (REDIS_URL, or a local one). */
export const REDIS_URL = Symbol('REDIS_URL');
