import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import type { Pool } from 'pg';
import { withinTime } from '@kiosk-pulse/contract';
import { InjectPool } from '@kiosk-pulse/database';
import { Public } from '../auth/decorators';
import { RedisClient } from '../redis/redis-client';

const CHECK_TIMEOUT_MS = 2_000;

/** For load balancers and orchestrators: 200 when this api can reach its database and Redis, 503 when not. */
@Controller('api/v1/health')
@Public()
export class HealthController {
  constructor(
    @InjectPool() private readonly pool: Pool,
    private readonly redis: RedisClient,
  ) {}

  @Get()
  async check(): Promise<{ status: 'ok'; database: 'ok'; redis: 'ok' }> {
    const reachable = (check: Promise<unknown>) =>
      withinTime(
        check.then(() => true).catch(() => false),
        CHECK_TIMEOUT_MS,
        () => false,
      );
    const [database, redis] = await Promise.all([
      reachable(this.pool.query('SELECT 1')),
      reachable(this.redis.redis.ping()),
    ]);
    if (!database || !redis) {
      throw new ServiceUnavailableException(
        `unreachable: ${[database ? '' : 'database', redis ? '' : 'redis'].filter(Boolean).join(', ')}`,
      );
    }
    return { status: 'ok', database: 'ok', redis: 'ok' };
  }
}
