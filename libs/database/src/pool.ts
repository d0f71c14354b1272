import { Pool, types } from 'pg';

// bigint counts (count(*), sum()) arrive as strings by default; ours stay far below 2^53.
types.setTypeParser(types.builtins.INT8, (value) => Number(value));
// A date is a calendar day, not an instant: keep it as YYYY-MM-DD rather than a local midnight.
types.setTypeParser(types.builtins.DATE, (value) => value);

export interface PoolOptions {
  /** The embedded database serves one connection at a time, so it gets a pool of one. */
  max: number;
  applicationName: string;
  /** How long an unused connection stays open (default 30 s). */
  idleMs?: number;
  /**
   * Whether Postgres may start parallel workers for a query (default true). The dashboard's
   * reads are small aggregate queries for which starting workers costs more than it saves: a
   * 90-day ward comparison over 10 million events took 28-31 ms on a native TimescaleDB with
   * them and 13.5 ms without.
   */
  parallelQueries?: boolean;
}

export function createPool(databaseUrl: string, options: PoolOptions): Pool {
  const pool = new Pool({
    connectionString: databaseUrl,
    max: options.max,
    application_name: options.applicationName,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: options.idleMs ?? 30_000,
    // A setting for the session, sent when the connection starts (the embedded database, which
    // starts no parallel workers, ignores it).
    options: options.parallelQueries === false ? '-c max_parallel_workers_per_gather=0' : undefined,
  });
  // A connection that breaks (the database restarting, the network failing) fails the query
  // that was using it, which is retried; unheard, the 'error' event would end the process.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}
