import { Global, Module, type DynamicModule } from '@nestjs/common';
import { RedisBus } from './redis-bus';
import { REDIS_URL } from './redis-url';

@Global()
@Module({})
export class RedisModule {
  static forUrl(redisUrl: string): DynamicModule {
    return {
      module: RedisModule,
      providers: [{ provide: REDIS_URL, useValue: redisUrl }, RedisBus],
      exports: [REDIS_URL, RedisBus],
    };
  }
}
