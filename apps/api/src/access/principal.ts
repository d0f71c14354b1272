import { ForbiddenException, NotFoundException } from '@nestjs/common';

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
  assertWritesForWard(principal, wardCode, 'city officials read kiosks but do not manage them');
}

/*
 * The ward-scope guards of the features whose records belong to a ward (or to the city):
 * campaigns, targets, kiosks. Ward staff read and write their own ward's; the others read every
 * ward's. Who may write is each feature's rule, told by the refusal it gives.
 */

/** The wards whose records the principal reads: ward staff their own; the others every ward (undefined). */
export function readableWards(principal: Principal): string[] | undefined {
  return principal.role === 'ward_staff' ? [principal.wardCode as string] : undefined;
}

/** The wards a list asks for: the one named (its access checked already), or all the principal reads. */
export function listedWards(principal: Principal, wardCode: string | undefined): string[] | undefined {
  return wardCode ? [wardCode] : readableWards(principal);
}

/**
 * A record the principal may read, or 404 as for an unknown id: a record of another ward is not
 * told apart from none. A city-wide record (wardCode null) is everyone's to read.
 */
export function readableRecord<T extends { wardCode: string | null }>(
  record: T | undefined,
  principal: Principal,
  notFound: string,
): T {
  const wards = readableWards(principal);
  if (!record || (wards && record.wardCode !== null && !wards.includes(record.wardCode)))
    throw new NotFoundException(notFound);
  return record;
}

/**
 * Admins write every ward's records, ward staff their own ward's, city officials none: they read
 * them (`officials` tells them so).
 */
export function assertWritesForWard(principal: Principal, wardCode: string, officials: string): void {
  if (principal.role === 'admin') return;
  if (principal.role === 'ward_staff' && principal.wardCode === wardCode) return;
  throw new ForbiddenException(principal.role === 'city_official' ? officials : `no access to ward ${wardCode}`);
}

/** Admins and city officials write these records (targets, say); ward staff read them (`staff` tells them so). */
export function assertWritesCityWide(principal: Principal, staff: string): void {
  if (principal.role === 'admin' || principal.role === 'city_official') return;
  throw new ForbiddenException(staff);
}
