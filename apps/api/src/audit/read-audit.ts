import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import type { AuditReadAction, ExportKind, ReadDetails, ReadView } from '@kiosk-pulse/contract';
import { InjectPool } from '@kiosk-pulse/database';
import type { Principal } from '../access/principal';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { readsLost, readsRecorded } from './audit.metrics';

/** What a signed-in reader read: the scope, never a figure. */
export interface ScopeRead {
  view: ReadView;
  /** The ward read; none: the city. */
  wardCode: string | null | undefined;
  from: Date;
  to: Date;
  /** The figures left as a file of this kind. */
  export?: ExportKind;
}

interface Entry {
  at: Date;
  actor: string;
  action: AuditReadAction;
  targetType: 'ward' | 'city';
  targetId: string;
  details: ReadDetails;
}

/**
 * Who looked at what. A read is kept in memory and written with the others of the same second
 * (or as soon as a few hundred wait) in one INSERT, off the read's path: recording costs the reader nothing, and a write that fails
 * fails no read (it is logged and counted in kiosk_pulse_audit_reads_lost_total). What is still
 * in memory when the app stops is written after the last request and socket have closed and
 * before the pool ends (onApplicationShutdown).
 */
@Injectable()
export class ReadAudit implements OnApplicationShutdown {
  private readonly logger = new Logger(ReadAudit.name);
  private pending: Entry[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** The batches being written, one after the other. */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    @InjectPool() private readonly pool: Pool,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  record(principal: Principal, read: ScopeRead): void {
    if (!this.config.audit.recordReads) return;
    const details: ReadDetails = {
      role: principal.role,
      view: read.view,
      from: read.from.toISOString(),
      to: read.to.toISOString(),
      ...(read.export ? { export: read.export } : {}),
    };
    this.pending.push({
      at: new Date(),
      actor: principal.actor,
      action: read.export ? 'stats.export' : 'stats.read',
      ...(read.wardCode ? { targetType: 'ward', targetId: read.wardCode } : { targetType: 'city', targetId: 'city' }),
      details,
    });
    if (this.pending.length >= this.config.audit.flushAtEntries) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.config.audit.flushAfterMs).unref();
  }

  /** Writes what is in memory; resolves once it, and every batch before it, is written or given up. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) this.writing = this.writing.then(() => this.write(batch));
    return this.writing;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private async write(batch: Entry[]): Promise<void> {
    try {
      await this.pool.query(
        `INSERT INTO audit_log (at, actor, action, target_type, target_id, details)
         SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[])`,
        [
          batch.map((entry) => entry.at),
          batch.map((entry) => entry.actor),
          batch.map((entry) => entry.action),
          batch.map((entry) => entry.targetType),
          batch.map((entry) => entry.targetId),
          batch.map((entry) => JSON.stringify(entry.details)),
        ],
      );
      readsRecorded.inc(batch.length);
    } catch (error) {
      readsLost.inc(batch.length);
      this.logger.error(`${batch.length} reads not written to the audit log: ${(error as Error).message}`);
    }
  }
}
