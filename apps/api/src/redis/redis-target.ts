/** The Redis the api uses (a RedisTarget), resolved at start-up. */
export const REDIS_TARGET = Symbol('REDIS_TARGET');
