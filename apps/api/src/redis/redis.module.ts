import { Global, Module, type DynamicModule } from '@nestjs/common';
import { RedisBus } from './redis-bus';
import { RedisClient } from './redis-client';
import { REDIS_URL } from './redis-url';

@Global()
@Module({})
export class RedisModule {
  static forUrl(redisUrl: string): DynamicModule {
    return {
      module: RedisModule,
      providers: [{ provide: REDIS_URL, useValue: redisUrl }, RedisBus, RedisClient],
      exports: [REDIS_URL, RedisBus, RedisClient],
    };
  }
}
