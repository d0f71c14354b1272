// Connection failures, and Postgres refusing work while it shuts down or starts up.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
// SQLSTATE classes 08 (connection), 57 (operator intervention: shutting down) and 53 (out of resources).
const SERVER_CLASSES = /^(08|57|53)/;
const MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
];

/**
 * Whether an error says the database cannot be reached right now (as opposed to refusing the
 * query itself): the caller should answer "retry later", not "failed".
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_CLASSES.test(code))) {
    return true;
  }
  return MESSAGES.some((pattern) => pattern.test(error.message));
}

/** Whether the database refused a statement for its data (a SQLSTATE of its own, the server reachable). */
export function isRefusedForData(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !isDatabaseUnavailable(error);
}
