import type { AlertKind } from '@kiosk-pulse/contract';

/*
 * The demo's alert rules: each kind with its defaults, in the wards that held a kiosk day, so
 * the Cảnh báo page has incidents to show (the demo's kiosks fall silent now and then, and a
 * ward may fall behind its targets). They have no e-mail and no webhook: the demo has no mail
 * server, and an alert is listed on the page whatever its channels.
 */
const KINDS: AlertKind[] = ['silent_kiosk', 'behind_pace', 'sudden_drop'];

/** Sets the demo's rules once, when there are none; resolves with how many, or null. */
export async function seedDemoAlertRules(
  apiUrl: string,
  adminToken: string,
  wardCodes: string[],
): Promise<number | null> {
  const api = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${apiUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', ...init.headers },
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<unknown>;
  };
  if (((await api('/api/v1/alerts/rules')) as unknown[]).length > 0) return null;
  let made = 0;
  for (const wardCode of wardCodes) {
    for (const kind of KINDS) {
      await api('/api/v1/alerts/rules', { method: 'POST', body: JSON.stringify({ wardCode, kind }) });
      made++;
    }
  }
  return made;
}
