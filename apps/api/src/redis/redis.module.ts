import { Global, Module, type DynamicModule } from '@nestjs/common';
import { RedisBus, type RedisTarget } from '@kiosk-pulse/redis';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { RedisClient } from './redis-client';
import { REDIS_TARGET } from './redis-target';

@Global()
@Module({})
export class RedisModule {
  static forTarget(redis: RedisTarget): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        { provide: REDIS_TARGET, useValue: redis },
        {
          provide: RedisBus,
          useFactory: (config: ApiConfig) => new RedisBus(redis, config.queuePrefix),
          inject: [API_CONFIG],
        },
        RedisClient,
      ],
      exports: [REDIS_TARGET, RedisBus, RedisClient],
    };
  }
}
