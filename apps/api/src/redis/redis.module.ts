import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { RedisTarget } from '@kiosk-pulse/redis';
import { RedisBus } from './redis-bus';
import { RedisClient } from './redis-client';
import { REDIS_TARGET } from './redis-target';

@Global()
@Module({})
export class RedisModule {
  static forTarget(redis: RedisTarget): DynamicModule {
    return {
      module: RedisModule,
      providers: [{ provide: REDIS_TARGET, useValue: redis }, RedisBus, RedisClient],
      exports: [REDIS_TARGET, RedisBus, RedisClient],
    };
  }
}
