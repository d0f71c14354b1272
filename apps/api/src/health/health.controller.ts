import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import type { Pool } from 'pg';
import { InjectPool } from '@kiosk-pulse/database';
import { Public } from '../auth/decorators';
import { IngestQueue } from '../ingest/ingest-queue';
import { RedisClient } from '../redis/redis-client';

const CHECK_TIMEOUT_MS = 2_000;

/**
 * For orchestrators and load balancers. Liveness says only that the process answers (restart
 * it when it does not); readiness that it can do its work: its database and Redis answer and
 * the ingest queue has room (send it traffic only then). GET /api/v1/health is readiness.
 */
@Controller('api/v1/health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @InjectPool() private readonly pool: Pool,
    private readonly redis: RedisClient,
    private readonly queue: IngestQueue,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get(['', 'ready'])
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () =>
        this.indicator
          .check('database')
          .attempt(() => this.pool.query('SELECT 1').then(() => undefined))
          .withTimeout(CHECK_TIMEOUT_MS),
      () =>
        this.indicator
          .check('redis')
          .attempt(() => this.redis.redis.ping().then(() => undefined))
          .withTimeout(CHECK_TIMEOUT_MS),
      () => this.queueHasRoom(),
    ]);
  }

  private async queueHasRoom() {
    const session = this.indicator.check('queue');
    try {
      const { room, waiting, limit } = await this.queue.hasRoom(0);
      return room ? session.up({ waiting, limit }) : session.down({ waiting, limit });
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
  }
}
