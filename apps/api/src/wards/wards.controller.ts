import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import type { Ward } from '@kiosk-pulse/contract';
import { parseInput } from '../http/zod-query';
import { WardsRepository } from './wards.repository';

const wardsQuery = z.strictObject({ q: z.string().max(100).optional() });

@Controller('api/v1/wards')
export class WardsController {
  constructor(private readonly wards: WardsRepository) {}

  @Get()
  list(@Query() query: unknown): Promise<Ward[]> {
    return this.wards.list(parseInput(wardsQuery, query).q);
  }
}
