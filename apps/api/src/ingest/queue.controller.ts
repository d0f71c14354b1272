import { Controller, Get, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import type { QueueHealth, RetriedJob } from '@kiosk-pulse/contract';
import { CurrentPrincipal, Roles } from '../access/decorators';
import type { Principal } from '../access/principal';
import { AuditLog } from '../audit/audit-log';
import { parseInput } from '../http/parse-input';
import { IngestQueue } from './ingest-queue';

const healthQuery = z.strictObject({ failed: z.coerce.number().int().min(1).max(200).default(50) });
const jobId = z.string().regex(/^\d{1,20}$/, 'must be a job id');

/** The ingest queue for admins: how far behind it is, and the jobs that failed for good. */
@Controller('api/v1/queue')
@Roles('admin')
export class QueueController {
  constructor(
    private readonly queue: IngestQueue,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  health(@Query() query: unknown): Promise<QueueHealth> {
    return this.queue.health(parseInput(healthQuery, query).failed);
  }

  /** Once the cause is fixed (a database constraint, say), a failed job can be run again. */
  @Post('failed/:id/retry')
  async retry(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<RetriedJob> {
    const parsed = jobId.safeParse(id);
    if (!parsed.success || !(await this.queue.retryFailed(parsed.data))) {
      throw new NotFoundException(`no failed job ${id}`);
    }
    await this.audit.record(principal, 'queue.retry', { type: 'job', id: parsed.data });
    return { retried: true };
  }
}
