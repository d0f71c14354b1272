import {
  API,
  endpointPath,
  queryString,
  type BodyOf,
  type Endpoint,
  type ParamsOf,
  type QueryOf,
  type ResponseOf,
} from '@kiosk-pulse/contract';

/** Thrown when the server does not accept the token: the session is over. */
export class UnauthorizedError extends Error {}

/** A refused request, with the server's own message (and the rest of its answer, such as an import's row errors). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfter: number | undefined = undefined,
    readonly answer: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * What a call of the endpoint E takes: the values of its path's `:name` parts, its query (which
 * may be left out when all of it is optional) and its body, where it has them; and a signal
 * that cancels it.
 */
export type CallInput<E> = (ParamsOf<E> extends undefined ? unknown : { params: ParamsOf<E> }) &
  (QueryOf<E> extends undefined
    ? unknown
    : object extends QueryOf<E>
      ? { query?: QueryOf<E> }
      : { query: QueryOf<E> }) &
  (BodyOf<E> extends undefined ? unknown : { body: BodyOf<E> }) & { signal?: AbortSignal };

/** One endpoint's client function: its input may be left out when nothing in it is required. */
type ClientFunction<E> =
  object extends CallInput<E>
    ? (input?: CallInput<E>) => Promise<ResponseOf<E>>
    : (input: CallInput<E>) => Promise<ResponseOf<E>>;

/** One typed function per endpoint of the contract's table (API), grouped as it groups them. */
export type ApiClient = {
  [Group in keyof typeof API]: { [Name in keyof (typeof API)[Group]]: ClientFunction<(typeof API)[Group][Name]> };
};

/** The API as one credential calls it (null: no credential, to sign in). */
export function apiClient(token: string | null): ApiClient {
  const group = (endpoints: Record<string, Endpoint>) =>
    Object.fromEntries(
      Object.entries(endpoints).map(([name, endpoint]) => [
        name,
        (input: { params?: Record<string, string>; query?: object; body?: unknown; signal?: AbortSignal } = {}) =>
          call(endpoint, token, input),
      ]),
    );
  return Object.fromEntries(
    Object.entries(API).map(([name, endpoints]) => [name, group(endpoints)]),
  ) as unknown as ApiClient;
}

/** The address of a call: its path, parameters filled in, and its query string. */
export const endpointUrl = (endpoint: Endpoint, input: { params?: Record<string, string>; query?: object } = {}) =>
  endpointPath(endpoint, input.params) + queryString(input.query);

function call<T>(
  endpoint: Endpoint,
  token: string | null,
  input: { params?: Record<string, string>; query?: object; body?: unknown; signal?: AbortSignal },
): Promise<T> {
  return send<T>(endpoint.method, endpointUrl(endpoint, input), token, input.body, input.signal);
}

async function send<T>(
  method: string,
  url: string,
  token: string | null,
  body: unknown,
  signal: AbortSignal | undefined,
): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  // A file (an imported spreadsheet) goes as it is, of its own type; its name, percent-encoded
  // (a header cannot carry "Chỉ tiêu quý II.xlsx" as it is), for the audit log.
  const file = body instanceof Blob ? body : undefined;
  if (file) {
    headers['content-type'] = file.type;
    if (file instanceof File) headers['x-file-name'] = encodeURIComponent(file.name);
  } else if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    body: file ?? (body === undefined ? undefined : JSON.stringify(body)),
    signal,
  });
  if (response.status === 401 && token) throw new UnauthorizedError('unauthorized');
  if (response.status === 204) return undefined as T;
  const answer = (await response.json().catch(() => ({}))) as { message?: string };
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('retry-after')) || undefined;
    throw new ApiError(response.status, answer.message ?? response.statusText, retryAfter, answer);
  }
  return answer as T;
}
