/** Thrown when the server does not accept the token: the session is over. */
export class UnauthorizedError extends Error {}

/** A refused request, with the server's own message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfter: number | undefined = undefined,
  ) {
    super(message);
  }
}

export async function request<T>(
  method: string,
  path: string,
  token: string | null,
  options: { query?: Record<string, string | undefined>; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) params.set(key, value);
  const search = params.size > 0 ? `?${params}` : '';
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${path}${search}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  if (response.status === 401 && token) throw new UnauthorizedError('unauthorized');
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => ({}))) as { message?: string };
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('retry-after')) || undefined;
    throw new ApiError(response.status, body.message ?? response.statusText, retryAfter);
  }
  return body as T;
}

export const getJson = <T>(
  path: string,
  token: string,
  query: Record<string, string | undefined> = {},
  signal?: AbortSignal,
): Promise<T> => request<T>('GET', path, token, { query, signal });
