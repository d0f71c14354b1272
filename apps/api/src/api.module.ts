import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { Pool } from 'pg';
import { DatabaseModule } from '@kiosk-pulse/database';
import type { DestinationStream } from 'pino';
import type { RedisTarget } from '@kiosk-pulse/redis';
import { IngestWriterModule, type WorkerConfig } from '@kiosk-pulse/ingest-writer';
import { AlertsModule } from './alerts/alerts.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { API_CONFIG, type ApiConfig } from './config/api-config';
import { HttpExceptionFilter } from './http/http-exception.filter';
import { HealthModule } from './health/health.module';
import { IngestModule } from './ingest/ingest.module';
import { KiosksModule } from './kiosks/kiosks.module';
import { LiveModule } from './live/live.module';
import { MetricsModule } from './metrics/metrics.module';
import { PublicModule } from './public/public.module';
import { RedisModule } from './redis/redis.module';
import { ReportsModule } from './reports/reports.module';
import { SubscriptionsModule } from './reports/subscriptions.module';
import { StatsModule } from './stats/stats.module';
import { TargetsModule } from './targets/targets.module';
import { WardsModule } from './wards/wards.module';

export interface ApiModuleOptions {
  config: ApiConfig;
  pool: Pool;
  redis: RedisTarget;
  /** Host the ingest writer in this process too: the embedded database takes one connection only. */
  worker?: WorkerConfig;
  /** Where the JSON logs go (stdout by default); tests read them. */
  logDestination?: DestinationStream;
}

@Module({})
export class ApiModule {
  static register(options: ApiModuleOptions): DynamicModule {
    return {
      module: ApiModule,
      global: true,
      imports: [
        DatabaseModule.forPool(options.pool),
        RedisModule.forTarget(options.redis),
        AuditModule,
        AuthModule,
        WardsModule,
        KiosksModule,
        IngestModule,
        StatsModule,
        LiveModule,
        HealthModule,
        MetricsModule,
        PublicModule,
        TargetsModule,
        CampaignsModule,
        ReportsModule,
        SubscriptionsModule,
        AlertsModule,
        ...(options.worker ? [IngestWriterModule.register(options.worker)] : []),
      ],
      providers: [
        { provide: API_CONFIG, useValue: options.config },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
      exports: [API_CONFIG],
    };
  }
}
