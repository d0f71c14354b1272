import { BadRequestException, ForbiddenException, Injectable, type HttpException } from '@nestjs/common';
import { z } from 'zod';
import { canReadWard, type Principal } from '../access/principal';
import { WardsRepository } from './wards.repository';

/** The official 5-digit code of a ward, however a request or a socket message names one. */
export const wardCode = z.string().regex(/^\d{5}$/, 'must be a 5-digit ward code');

/**
 * The ward rule, for HTTP and the socket alike: a ward that does not exist is a bad request
 * (400); with a principal, a ward they may not read in full (ward staff asking for another
 * ward) is forbidden (403). Undefined when the ward may be used. Without a principal only the
 * first holds: the caller has its own rule for who may act on the ward (admins manage users in
 * every ward; kiosks have `assertManagesKiosksOf`).
 */
export function wardRefusal(code: string, known: boolean, principal?: Principal): HttpException | undefined {
  if (!known) return new BadRequestException(`unknown ward ${code}`);
  if (principal && !canReadWard(principal, code)) return new ForbiddenException(`no access to ward ${code}`);
  return undefined;
}

/** The ward rule for HTTP requests, against the wards in the database. */
@Injectable()
export class WardAccess {
  constructor(private readonly wards: WardsRepository) {}

  /** Throws the ward's refusal, if any; no ward named (undefined or null) is always fine. */
  async require(code: string | null | undefined, principal?: Principal): Promise<void> {
    if (code === undefined || code === null) return;
    const refusal = wardRefusal(code, await this.wards.exists(code), principal);
    if (refusal) throw refusal;
  }
}
