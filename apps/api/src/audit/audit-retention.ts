import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Pool } from 'pg';
import { AUDIT_READ_ACTIONS } from '@kiosk-pulse/contract';
import { InjectPool } from '@kiosk-pulse/database';
import { API_CONFIG, type ApiConfig } from '../config/api-config';

const PURGE_EVERY_MS = 3_600_000;

/**
 * Keeps who read or exported which figures for AUDIT_RETENTION_MONTHS, then deletes it: at start
 * and every hour, in every api (a delete twice deletes nothing more). The app does it rather than
 * a TimescaleDB job, since the embedded database runs no jobs. Changes and sign-ins are kept.
 */
@Injectable()
export class AuditRetention implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AuditRetention.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @InjectPool() private readonly pool: Pool,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  onApplicationBootstrap(): void {
    const purge = () =>
      void this.purge().catch((error: Error) => this.logger.warn(`could not purge old reads: ${error.message}`));
    purge();
    this.timer = setInterval(purge, PURGE_EVERY_MS).unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Deletes the reads and exports older than the retention; answers how many went. */
  async purge(): Promise<number> {
    const { rowCount } = await this.pool.query(
      'DELETE FROM audit_log WHERE action = ANY($1) AND at < now() - make_interval(months => $2)',
      [AUDIT_READ_ACTIONS, this.config.audit.retentionMonths],
    );
    return rowCount ?? 0;
  }
}
