import { Pool, types } from 'pg';

// bigint counts (count(*), sum()) arrive as strings by default; ours stay far below 2^53.
types.setTypeParser(types.builtins.INT8, (value) => Number(value));
// A date is a calendar day, not an instant: keep it as YYYY-MM-DD rather than a local midnight.
types.setTypeParser(types.builtins.DATE, (value) => value);

export interface PoolOptions {
  /** The embedded database serves one connection at a time, so it gets a pool of one. */
  max: number;
  applicationName: string;
}

export function createPool(databaseUrl: string, options: PoolOptions): Pool {
  return new Pool({
    connectionString: databaseUrl,
    max: options.max,
    application_name: options.applicationName,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
}
