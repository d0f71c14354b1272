/**
 * The API token of the demo's wall-screen link: read-only (city_official), never the admin
 * token, since the link ends up on screens, in chat messages and in browser histories. The one
 * kept from an earlier start is used again while the server still takes it as read-only.
 */
export async function wallScreenToken(apiUrl: string, adminToken: string, kept: string | undefined): Promise<string> {
  if (kept && (await readOnlyToken(apiUrl, kept))) return kept;
  const response = await fetch(`${apiUrl}/api/v1/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'demo wall screen', role: 'city_official' }),
  });
  if (!response.ok)
    throw new Error(`could not make the wall screen's token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

async function readOnlyToken(apiUrl: string, token: string): Promise<boolean> {
  const response = await fetch(`${apiUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) return false;
  const { user } = (await response.json()) as { user: { role: string } };
  return user.role === 'city_official';
}
