import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { Roles } from '../auth/decorators';
import { parseInput } from '../http/zod-query';
import { AuditLog, type AuditEntry } from './audit-log';

const auditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().min(1).optional(),
});

@Controller('api/v1/audit')
@Roles('admin')
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  /** Newest first; page back with `before` = the last id seen. */
  @Get()
  list(@Query() query: unknown): Promise<AuditEntry[]> {
    const { limit, before } = parseInput(auditQuery, query);
    return this.audit.list(limit, before);
  }
}
