import { Controller, Get, Headers, Inject, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Pool } from 'pg';
import type { API, HealthAnswer, ResponseOf } from '@kiosk-pulse/contract';
import { InjectPool } from '@kiosk-pulse/database';
import { bearerToken } from '../access/bearer';
import { Public } from '../access/decorators';
import { sameSecret } from '../access/secret-digest';
import { Authenticator } from '../auth/authenticator';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { IngestQueue } from '../ingest/ingest-queue';
import { RedisClient } from '../redis/redis-client';

const CHECK_TIMEOUT_MS = 2_000;

/**
 * For orchestrators and load balancers. Liveness says only that the process answers (restart
 * it when it does not); readiness that it can do its work: its database and Redis answer and
 * the ingest queue has room (send it traffic only then). GET /api/v1/health is readiness.
 *
 * Without credentials readiness says only up or down (200 or 503); the checks and the queue's
 * figures are for an admin or the metrics scraper (METRICS_TOKEN).
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
    private readonly authenticator: Authenticator,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Get('live')
  live(): ResponseOf<typeof API.health.live> {
    return { status: 'ok' };
  }

  @Get(['', 'ready'])
  async ready(@Headers('authorization') authorization: string | undefined): Promise<HealthAnswer> {
    let result: HealthAnswer;
    let ready = true;
    try {
      result = await this.check();
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      result = error.getResponse() as HealthAnswer;
      ready = false;
    }
    const shown = (await this.maySeeDetails(bearerToken(authorization))) ? result : { status: result.status };
    if (!ready) throw new ServiceUnavailableException(shown);
    return shown;
  }

  // Terminus' result as the contract has it: no check here reports `degraded`, so neither can the whole.
  private async check(): Promise<HealthAnswer> {
    return (await this.health.check([
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
    ])) as HealthAnswer;
  }

  private async maySeeDetails(token: string | undefined): Promise<boolean> {
    if (!token) return false;
    if (this.config.metricsToken && sameSecret(token, this.config.metricsToken)) return true;
    // The database may be the thing that is down: then only ADMIN_TOKEN gets the details.
    const principal = await this.authenticator.authenticate(token, { touch: false }).catch(() => undefined);
    return principal?.role === 'admin';
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
