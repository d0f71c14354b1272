import { Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { connectRedis, type RedisConnection, type RedisTarget } from './redis-connection';

type Handler = (message: string) => void;

/**
 * The name in Redis of a key or channel of this deployment: every one carries the deployment's
 * prefix (QUEUE_PREFIX), so deployments sharing a Redis stay apart.
 */
export function prefixed(prefix: string, name: string): string {
  return `${prefix}:${name}`;
}

/**
 * Redis pub/sub between the processes of one deployment (workers to apis, api to api), on the
 * channels of @kiosk-pulse/contract's channels.ts, named under the deployment's prefix.
 * Register handlers before connect(); a bus that has none opens no subscriber connection.
 * A Nest host (the api) provides it and Nest connects and closes it; a class that owns one
 * (the ingest consumer) calls connect() and disconnect() itself.
 */
export class RedisBus implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(RedisBus.name);
  private readonly publisher: RedisConnection;
  private readonly subscriber: RedisConnection;
  private readonly handlers = new Map<string, Handler[]>();

  constructor(
    redis: RedisTarget,
    private readonly prefix: string,
    /** How many times a publish is tried again while Redis reconnects. */
    publishRetries = 2,
  ) {
    this.publisher = connectRedis(redis, { lazyConnect: true, maxRetriesPerRequest: publishRetries });
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

  async connect(): Promise<void> {
    const channels = [...this.handlers.keys()];
    if (channels.length === 0) return this.publisher.connect();
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    await this.subscriber.subscribe(...channels);
  }

  /** Registers a handler; call it before connect() (from a constructor, under Nest). */
  on(channel: string, handler: Handler): void {
    const name = prefixed(this.prefix, channel);
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler]);
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.publisher.publish(prefixed(this.prefix, channel), message);
  }

  /** Resolves while Redis answers; for readiness checks. */
  async ping(): Promise<void> {
    await this.publisher.ping();
  }

  disconnect(): void {
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }

  onModuleInit(): Promise<void> {
    return this.connect();
  }

  beforeApplicationShutdown(): void {
    this.disconnect();
  }
}
