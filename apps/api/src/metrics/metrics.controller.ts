import {
  Controller,
  ForbiddenException,
  Get,
  Header,
  Headers,
  Inject,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import { register } from 'prom-client';
import { bearerToken } from '../access/bearer';
import { Public } from '../access/decorators';
import { sameSecret } from '../access/secret-digest';
import { API_CONFIG, type ApiConfig } from '../config/api-config';

/**
 * GET /metrics in Prometheus' text format: this process's ingest, queue, live and HTTP figures
 * (and the worker's, when it runs in this process). Closed unless METRICS_TOKEN is set (the
 * scraper sends it as a bearer token) or METRICS_PUBLIC opens it (the demo, on one's own machine).
 */
@Controller('metrics')
@Public()
@ApiExcludeController()
export class MetricsController {
  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const token = this.config.metricsToken;
    if (token) {
      if (!sameSecret(bearerToken(authorization) ?? '', token)) {
        throw new UnauthorizedException('send the metrics token (Authorization: Bearer <METRICS_TOKEN>)');
      }
    } else if (!this.config.metricsPublic) {
      throw new ForbiddenException('metrics are closed: set METRICS_TOKEN for the scraper to send');
    }
    void reply.type(register.contentType);
    return register.metrics();
  }
}
