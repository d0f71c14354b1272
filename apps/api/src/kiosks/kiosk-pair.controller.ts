import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { PairedKiosk } from '@kiosk-pulse/contract';
import { Public } from '../access/decorators';
import { RateLimits } from '../auth/rate-limits';
import { parseInput } from '../http/parse-input';
import { KioskPairing } from './kiosk-pairing.service';
import { pairKioskBody } from './pair-kiosk.schema';

/**
 * The kiosk app pairs here: no sign-in (the code is the credential), limited per address. What
 * it gets is the kiosk's new key, which the app keeps on the device.
 */
@Controller('api/v1/kiosk')
@Public()
export class KioskPairController {
  constructor(
    private readonly pairing: KioskPairing,
    private readonly limits: RateLimits,
  ) {}

  @Post('pair')
  @HttpCode(200)
  async pair(@Body() body: unknown, @Req() request: FastifyRequest): Promise<PairedKiosk> {
    await this.limits.pairAttempt(request.ip);
    const { code } = parseInput(pairKioskBody, body);
    return this.pairing.pair(code, request.ip);
  }
}
