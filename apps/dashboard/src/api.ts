const TOKEN_KEY = 'kioskPulse.token';

export class UnauthorizedError extends Error {}

/** The admin token: from the link's #token=… (then removed from the address bar), else as stored. */
export function takeToken(): string | null {
  const fromLink = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromLink) {
    localStorage.setItem(TOKEN_KEY, fromLink);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return localStorage.getItem(TOKEN_KEY);
}

export const saveToken = (token: string): void => localStorage.setItem(TOKEN_KEY, token);
export const forgetToken = (): void => localStorage.removeItem(TOKEN_KEY);

export async function getJson<T>(
  path: string,
  token: string,
  query: Record<string, string | undefined> = {},
): Promise<T> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, value);
  const search = params.size > 0 ? `?${params}` : '';
  const response = await fetch(`${path}${search}`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status === 401) throw new UnauthorizedError('unauthorized');
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return (await response.json()) as T;
}
