import { ForbiddenException } from '@nestjs/common';

export const ROLES = ['admin', 'city_official', 'ward_staff'] as const;
export type Role = (typeof ROLES)[number];

/** Who is making a request: a signed-in user, a named API token, or the admin automation token. */
export interface Principal {
  /** For the audit log: "user:<username>", "token:<name>" or "admin-token". */
  actor: string;
  role: Role;
  /** The one ward a ward_staff principal belongs to; null for the others. */
  wardCode: string | null;
  /** The signed-in user; null for API tokens and ADMIN_TOKEN. */
  userId: string | null;
  /** The user whose rights this acts with: the signed-in user, or the admin who made the API token. */
  ownerId: string | null;
  /** The API token's id, when it is one. */
  tokenId?: string;
  /** The sign-in token's id and expiry (seconds), so logout can revoke exactly it. */
  session?: { jti: string; exp: number };
}

/** One key per person or credential, for limits that count what each of them does. */
export function principalKey(principal: Principal): string {
  if (principal.userId) return `user:${principal.userId}`;
  if (principal.tokenId) return `token:${principal.tokenId}`;
  return principal.actor;
}

/**
 * May this principal read a ward in full (its breakdowns, its kiosks)? Everyone but ward staff
 * reads every ward; ward staff read their own, and others only as the ranking's comparison figures.
 */
export function canReadWard(principal: Principal, wardCode: string): boolean {
  return principal.role !== 'ward_staff' || principal.wardCode === wardCode;
}

/** Admins manage every kiosk; ward staff those of their ward; city officials none. */
export function assertManagesKiosksOf(principal: Principal, wardCode: string): void {
  if (principal.role === 'admin') return;
  if (principal.role === 'ward_staff' && principal.wardCode === wardCode) return;
  throw new ForbiddenException(
    principal.role === 'city_official'
      ? 'city officials read kiosks but do not manage them'
      : `no access to ward ${wardCode}`,
  );
}
