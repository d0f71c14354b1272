import { endpointPath, type BodyOf, type Endpoint, type ParamsOf, type ResponseOf } from '@kiosk-pulse/contract';

/** Calls one endpoint of the contract's table (API), with what it takes, answering what it answers. */
export type AdminCall = <E extends Endpoint>(
  endpoint: E,
  input?: { params?: ParamsOf<E>; body?: BodyOf<E> },
) => Promise<ResponseOf<E>>;

/** The HTTP client the CLIs share: API_URL (default http://127.0.0.1:3000) and ADMIN_TOKEN. */
export function adminApi(): AdminCall {
  const apiUrl = (process.env.API_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const token = process.env.ADMIN_TOKEN;
  if (!token) {
    throw new Error(
      'ADMIN_TOKEN is not set: export the admin token the server was started with (demo mode prints it), or an admin API token',
    );
  }
  return async <E extends Endpoint>(endpoint: E, input: { params?: ParamsOf<E>; body?: BodyOf<E> } = {}) => {
    const { body } = input;
    const path = endpointPath(endpoint, input.params as Record<string, string> | undefined);
    const response = await fetch(`${apiUrl}${path}`, {
      method: endpoint.method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const answer = (await response.json().catch(() => ({}))) as { message?: string };
    if (!response.ok) throw new Error(`${response.status}: ${answer.message ?? response.statusText}`);
    return answer as ResponseOf<E>;
  };
}

/** Runs a CLI's main and exits with its code, printing an error's message (not its stack). */
export function runCli(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: Error) => {
      const cause = error.cause as Error | undefined;
      console.error(cause ? `${error.message} (${cause.message ?? String(cause)})` : error.message);
      process.exit(1);
    },
  );
}
