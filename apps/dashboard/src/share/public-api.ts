import { API, SHARE_TOKEN_HEADER, endpointPath, type PublicView } from '@kiosk-pulse/contract';

/** What the public API answered a share link: its page, no such link (any more), or "not now". */
export type PublicAnswer =
  { kind: 'view'; view: PublicView } | { kind: 'gone' } | { kind: 'busy'; retryAfterSeconds: number };

/**
 * The public view of the link `token`, sent in a header (docs/privacy.md): never in the address,
 * which servers log. No credentials of the dashboard go with it. Throws when the server cannot
 * be reached or fails.
 */
export async function readPublicView(token: string): Promise<PublicAnswer> {
  const response = await fetch(endpointPath(API.public.view), {
    headers: { [SHARE_TOKEN_HEADER]: token },
    credentials: 'omit',
    cache: 'no-store',
  });
  // An unknown, malformed and revoked link are answered alike.
  if (response.status === 404) return { kind: 'gone' };
  if (response.status === 429) {
    return { kind: 'busy', retryAfterSeconds: Number(response.headers.get('retry-after')) || 60 };
  }
  if (!response.ok) throw new Error(`the public view: HTTP ${response.status}`);
  return { kind: 'view', view: (await response.json()) as PublicView };
}
