import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';

export const DATABASE_POOL = Symbol('DATABASE_POOL');

/** Injects the process's one pg pool. */
export const InjectPool = () => Inject(DATABASE_POOL);

/**
 * Shares one pool across the app's modules and ends it when the app closes. The pool is made
 * by whoever starts the process (main.ts or a test): the embedded database allows only one
 * connection, and there the api and worker modules share it.
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@InjectPool() private readonly pool: Pool) {}

  static forPool(pool: Pool): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DATABASE_POOL, useValue: pool }],
      exports: [DATABASE_POOL],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
