import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  UseGuards,
} from '@nestjs/common';
import { z } from 'zod';
import { AdminTokenGuard } from '../auth/admin-token.guard';
import { parseInput } from '../http/zod-query';
import { WardsRepository } from '../wards/wards.repository';
import { KioskAuthenticator } from './kiosk-authenticator';
import { generateKioskKey, hashKioskKey } from './kiosk-key';
import { KiosksRepository, type Kiosk } from './kiosks.repository';

const createKioskBody = z.strictObject({
  wardCode: z.string().regex(/^\d{5}$/, 'must be a 5-digit ward code'),
  label: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(100, 'must be at most 100 characters')
    .transform((label) => label.normalize('NFC')),
});

@Controller('api/v1/kiosks')
@UseGuards(AdminTokenGuard)
export class KiosksController {
  constructor(
    private readonly kiosks: KiosksRepository,
    private readonly wards: WardsRepository,
    private readonly authenticator: KioskAuthenticator,
  ) {}

  /** Creates a kiosk; its key is in this answer only. */
  @Post()
  async create(@Body() body: unknown): Promise<Kiosk & { key: string }> {
    const input = parseInput(createKioskBody, body);
    if (!(await this.wards.exists(input.wardCode))) throw new BadRequestException(`unknown ward ${input.wardCode}`);
    const key = generateKioskKey();
    const kiosk = await this.kiosks.create({ id: randomUUID(), ...input, keyHash: hashKioskKey(key) });
    return { ...kiosk, key };
  }

  @Get()
  list(): Promise<Kiosk[]> {
    return this.kiosks.list();
  }

  @Post(':id/revoke')
  @HttpCode(200)
  async revoke(@Param('id', new ParseUUIDPipe()) id: string): Promise<Kiosk> {
    const revoked = await this.kiosks.revoke(id);
    if (!revoked) throw new NotFoundException(`no kiosk ${id}`);
    const { keyHash, ...kiosk } = revoked;
    await this.authenticator.forget(keyHash);
    return kiosk;
  }
}
