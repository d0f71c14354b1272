import { Client } from 'pg';

// What the operator can do about the usual ways a connection fails.
const REASONS: Record<string, string> = {
  ECONNREFUSED: 'nothing answers there (ECONNREFUSED)',
  ENOTFOUND: 'no such host (ENOTFOUND)',
  EAI_AGAIN: 'the host name could not be looked up (EAI_AGAIN)',
  EHOSTUNREACH: 'the host cannot be reached (EHOSTUNREACH)',
  ETIMEDOUT: 'no answer in time (ETIMEDOUT)',
};

function reason(error: unknown): string {
  // Node tries every address of a name (127.0.0.1 and ::1 for localhost) and reports them together.
  const first = error instanceof AggregateError && error.errors.length > 0 ? (error.errors[0] as unknown) : error;
  const { code, message } = first as { code?: string; message?: string };
  if (code && REASONS[code]) return REASONS[code];
  if (message) return message;
  return code ?? String(first);
}

/** The URL without its password, to name it in a message. */
function shown(url: string): string {
  try {
    const parsed = new URL(url);
    const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : '';
    return `${user}${parsed.host}${parsed.pathname}`;
  } catch {
    return 'it';
  }
}

/**
 * Connects to the database once, before anything else uses it, so that a database that cannot be
 * reached (wrong host or port, not running, wrong password, no such database) stops the process
 * with one line naming the setting, as any other wrong setting does, not with a driver's stack.
 * `refuse` makes the error thrown from that line (the apps' ConfigError).
 */
export async function checkDatabaseUrl(
  url: string,
  refuse: (problem: string) => Error,
  setting = 'DATABASE_URL',
  timeoutMs = 10_000,
): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw refuse(
      `${setting}: cannot connect to ${shown(url)}: ${reason(error)}; is the database running, and are its host, port, user, password and name right?`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
