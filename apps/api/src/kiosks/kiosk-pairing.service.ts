import { Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Kiosk, KioskPairingCode, PairedKiosk } from '@kiosk-pulse/contract';
import { InjectPool, transaction } from '@kiosk-pulse/database';
import type { Principal } from '../access/principal';
import { AuditLog } from '../audit/audit-log';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { KioskKeys } from './kiosk-keys';
import { KioskPairingRepository } from './kiosk-pairing.repository';
import { PAIRING_CODE_TTL_MS, formatPairingCode, generatePairingCode, hashPairingCode } from './pairing-code';

/** One answer for an unknown, used and expired code: which of them it was is nobody's business. */
export const INVALID_PAIRING_CODE =
  'This pairing code is not valid: it may have expired (10 minutes) or been used. Ask ward staff for a new one.';

const DRAWS = 5;

/**
 * Pairing a kiosk device: ward staff or an admin get a short code (and a link for its QR code),
 * and the kiosk app exchanges it, once and within 10 minutes, for a new key of the kiosk.
 */
@Injectable()
export class KioskPairing {
  constructor(
    private readonly codes: KioskPairingRepository,
    private readonly keys: KioskKeys,
    private readonly audit: AuditLog,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @InjectPool() private readonly pool: Pool,
  ) {}

  /** A new code for a kiosk the caller manages; the kiosk's older unused codes stop working. */
  async newCode(kiosk: Kiosk, principal: Principal, origin: string): Promise<KioskPairingCode> {
    for (let draw = 0; draw < DRAWS; draw++) {
      const code = generatePairingCode();
      const expiresAt = await transaction(this.pool, async (db) => {
        const expires = await this.codes.issue(
          { hash: this.hash(code), kioskId: kiosk.id, createdBy: principal.actor, ttlMs: PAIRING_CODE_TTL_MS },
          db,
        );
        if (expires) {
          await this.audit.record(
            principal,
            'kiosk.pairing-code',
            { type: 'kiosk', id: kiosk.id },
            { expiresAt: expires.toISOString(), revoked: kiosk.revokedAt !== null },
            db,
          );
        }
        return expires;
      });
      if (expiresAt) {
        const shown = formatPairingCode(code);
        return {
          kioskId: kiosk.id,
          code: shown,
          url: `${origin}/kiosk/#pair=${shown}`,
          expiresAt: expiresAt.toISOString(),
        };
      }
    }
    throw new ServiceUnavailableException('could not draw a free pairing code; try again');
  }

  /**
   * Takes the code and gives its kiosk a new key, in one transaction: the old key stops working,
   * and a revoked kiosk is active again. `code` is normalised (`normalisePairingCode`).
   */
  async pair(code: string, address: string): Promise<PairedKiosk> {
    return this.keys.replacing(async (newKey, db) => {
      const claimed = await this.codes.claim(this.hash(code), db);
      if (!claimed) throw new NotFoundException(INVALID_PAIRING_CODE);
      const kiosk = await newKey(claimed.kioskId, { reactivate: true });
      if (!kiosk) throw new NotFoundException(INVALID_PAIRING_CODE);
      await this.audit.record(
        'anonymous',
        'kiosk.paired',
        { type: 'kiosk', id: kiosk.id },
        { address, codeBy: claimed.createdBy, reactivated: claimed.wasRevoked },
        db,
      );
      return {
        kioskId: kiosk.id,
        key: kiosk.key,
        label: kiosk.label,
        wardCode: kiosk.wardCode,
        wardName: claimed.wardName,
      };
    });
  }

  private hash(code: string): Buffer {
    return hashPairingCode(code, this.config.jwtSecret);
  }
}
