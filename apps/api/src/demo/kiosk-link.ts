import QRCode from 'qrcode';

/** Phường Tân Sơn Hòa (libs/database/seed/hcmc-wards.csv). */
export const DEMO_KIOSK_WARD = '26977';

export interface DemoKioskLink {
  kioskId: string;
  url: string;
}

/**
 * A link that opens the kiosk app paired to the demo's own kiosk. The kiosk is not one of the
 * simulated ones: pairing gives it a new key, which would stop a simulated kiosk posting. The
 * code comes from the API (the pairing service), so it is as a ward officer would get it: single
 * use, 10 minutes; a fresh one at each start.
 */
export async function demoKioskLink(
  apiUrl: string,
  origin: string,
  adminToken: string,
  kept: string | undefined,
): Promise<DemoKioskLink> {
  const kioskId = kept && (await exists(apiUrl, adminToken, kept)) ? kept : await createKiosk(apiUrl, adminToken);
  const response = await fetch(`${apiUrl}/api/v1/kiosks/${kioskId}/pairing-code`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}` },
  });
  if (!response.ok)
    throw new Error(`could not make the demo kiosk's pairing code: ${response.status} ${await response.text()}`);
  const { code } = (await response.json()) as { code: string };
  // The answer's own link names the address the request came to (127.0.0.1): print the one the banner uses.
  return { kioskId, url: `${origin}/kiosk/#pair=${code}` };
}

/** The link as a QR code drawn in the terminal, for a phone or tablet to scan. */
export const terminalQrCode = (url: string): Promise<string> => QRCode.toString(url, { type: 'terminal', small: true });

async function exists(apiUrl: string, adminToken: string, kioskId: string): Promise<boolean> {
  const response = await fetch(`${apiUrl}/api/v1/kiosks/${kioskId}`, {
    headers: { authorization: `Bearer ${adminToken}` },
  });
  return response.ok;
}

async function createKiosk(apiUrl: string, adminToken: string): Promise<string> {
  const response = await fetch(`${apiUrl}/api/v1/kiosks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ wardCode: DEMO_KIOSK_WARD, label: 'Kiosk demo – Tân Sơn Hòa' }),
  });
  if (!response.ok) throw new Error(`could not make the demo kiosk: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}
