import { Controller, ForbiddenException, Get, Query } from '@nestjs/common';
import { CurrentPrincipal, Roles } from '../access/decorators';
import type { Principal } from '../access/principal';
import { parseInput } from '../http/parse-input';
import { WardAccess } from '../wards/ward-code';
import { AuditLog, type AuditEntry } from './audit-log';
import { auditQuery, type AuditFilter } from './audit-query';

@Controller('api/v1/audit')
@Roles('admin', 'ward_staff')
export class AuditController {
  constructor(
    private readonly audit: AuditLog,
    private readonly wards: WardAccess,
  ) {}

  /**
   * Newest first; page back with `before` = the last id seen. Admins read the whole log; ward
   * staff who read or exported their own ward's figures, and nothing else.
   */
  @Get()
  async list(@Query() query: unknown, @CurrentPrincipal() principal: Principal): Promise<AuditEntry[]> {
    const filter = parseInput(auditQuery, query);
    await this.wards.require(filter.wardCode, principal);
    return this.audit.list(principal.role === 'ward_staff' ? ownWardReads(filter, principal) : filter);
  }
}

/** A ward-staff reader's filter: the reads and exports of their ward, narrowed by what they asked. */
function ownWardReads(filter: AuditFilter, principal: Principal): AuditFilter {
  if (filter.kind === 'changes')
    throw new ForbiddenException('ward staff read only the reads and exports of their ward');
  return { ...filter, kind: 'reads', wardCode: principal.wardCode as string };
}
