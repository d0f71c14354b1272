import { ADMIN_TOKEN } from './app';

export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** An HTTP call to the app under test; the body is parsed when it is JSON. */
export async function call<T = any>(
  url: string,
  init: {
    method?: string;
    token?: string | null;
    json?: unknown;
    body?: string;
    contentType?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Reply<T>> {
  const token = init.token === undefined ? ADMIN_TOKEN : init.token;
  const headers: Record<string, string> = { ...init.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers['content-type'] = 'application/json';
  }
  if (init.contentType) headers['content-type'] = init.contentType;
  const response = await fetch(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  if (response.headers.get('content-type')?.includes('application/json')) parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed as T };
}
