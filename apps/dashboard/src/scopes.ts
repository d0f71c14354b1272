import type { SignedInUser, Ward } from '@kiosk-pulse/contract';

/**
 * The wards a user may open in full (breakdowns, hourly, kiosks): every ward for admins and city
 * officials, their own for ward staff. Other wards reach ward staff only through the comparison
 * views (ranking, map), which the server trims to what they may see.
 */
export const readableWards = (user: SignedInUser, wards: Ward[]): Ward[] =>
  user.role === 'ward_staff' ? wards.filter((ward) => ward.code === user.wardCode) : wards;

export const mayRead = (user: SignedInUser, wardCode: string): boolean =>
  user.role !== 'ward_staff' || user.wardCode === wardCode;

/** Where a ward leads (a ranking row, a map region): that ward's overview. */
export const wardOverview = (code: string): string => `/?ward=${code}#/`;
