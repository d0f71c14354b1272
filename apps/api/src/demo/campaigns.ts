import type { DemoHistory } from './history';
import { DEMO_KIOSK_WARD } from './kiosk-link';

/**
 * Records the demo history's kiosk days as ward staff would, through the API: each from 7:00 to
 * 17:00 city time with the ward's kiosks, Phường Tân Sơn Hòa's at Khu phố 28 as on
 * 9 November 2025. Resolves with how many.
 */
export async function recordDemoCampaigns(
  apiUrl: string,
  adminToken: string,
  kioskDays: DemoHistory['kioskDays'],
): Promise<number> {
  let recorded = 0;
  for (const { wardCode, day, kioskIds } of kioskDays) {
    if (kioskIds.length === 0) continue;
    const ours = wardCode === DEMO_KIOSK_WARD;
    const response = await fetch(`${apiUrl}/api/v1/campaigns`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: ours ? 'Ngày hội Đại đoàn kết — kiosk chuyển đổi số' : 'Ngày hội chuyển đổi số',
        wardCode,
        place: ours ? 'Khu phố 28' : null,
        startsAt: `${day}T07:00:00+07:00`,
        endsAt: `${day}T17:00:00+07:00`,
        kioskIds,
      }),
    });
    if (!response.ok)
      throw new Error(`could not record the demo's kiosk day: ${response.status} ${await response.text()}`);
    recorded++;
  }
  return recorded;
}
