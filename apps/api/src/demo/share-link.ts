import { SHARE_TOKEN_HEADER } from '@kiosk-pulse/contract';

/**
 * The token of the demo's public page (a share link of the whole city), made once and used again
 * while it still opens the page (until someone revokes it).
 */
export async function demoShareToken(apiUrl: string, adminToken: string, kept: string | undefined): Promise<string> {
  if (kept && (await opens(apiUrl, kept))) return kept;
  const response = await fetch(`${apiUrl}/api/v1/share-links`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ label: 'Kiosk Pulse – TP. Hồ Chí Minh (demo)' }),
  });
  if (!response.ok)
    throw new Error(`could not make the demo's share link: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

async function opens(apiUrl: string, token: string): Promise<boolean> {
  const response = await fetch(`${apiUrl}/api/v1/public/view`, { headers: { [SHARE_TOKEN_HEADER]: token } });
  return response.ok;
}
