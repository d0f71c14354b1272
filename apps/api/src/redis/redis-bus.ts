import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { connectRedis, type RedisConnection, type RedisTarget } from '@kiosk-pulse/redis';
import { API_CONFIG, type ApiConfig } from '../config';
import { REDIS_TARGET } from './redis-target';

type Handler = (message: string) => void;

/**
 * Redis pub/sub between the processes of one deployment (workers to apis, api to api).
 * Channel names carry the queue prefix, so deployments sharing a Redis stay apart.
 */
@Injectable()
export class RedisBus implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(RedisBus.name);
  private readonly publisher: RedisConnection;
  private readonly subscriber: RedisConnection;
  private readonly handlers = new Map<string, Handler[]>();

  constructor(
    @Inject(REDIS_TARGET) redis: RedisTarget,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.publisher = connectRedis(redis, { lazyConnect: true, maxRetriesPerRequest: 2 });
    this.subscriber = connectRedis(redis, { lazyConnect: true, maxRetriesPerRequest: null });
    this.subscriber.on('message', (channel: string, message: string) => {
      for (const handler of this.handlers.get(channel) ?? []) {
        try {
          handler(message);
        } catch (error) {
          this.logger.warn(`handler for ${channel} failed: ${(error as Error).message}`);
        }
      }
    });
    this.subscriber.on('error', (error) => this.logger.warn(`subscriber: ${error.message}`));
    this.publisher.on('error', (error) => this.logger.warn(`publisher: ${error.message}`));
  }

  async onModuleInit(): Promise<void> {
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    const channels = [...this.handlers.keys()];
    if (channels.length > 0) await this.subscriber.subscribe(...channels);
  }

  /** Registers a handler; call from a constructor, before the module starts. */
  on(channel: string, handler: Handler): void {
    const name = this.channel(channel);
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler]);
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.publisher.publish(this.channel(channel), message);
  }

  beforeApplicationShutdown(): void {
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }

  private channel(name: string): string {
    return `${this.config.queuePrefix}:${name}`;
  }
}
