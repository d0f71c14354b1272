import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Server, ServerOptions } from 'socket.io';
import { connectRedis, type RedisConnection, type RedisTarget } from '@kiosk-pulse/redis';

/**
 * socket.io over the socket.io Redis adapter: a message sent to a room reaches that room's
 * sockets on every api process, so any api behind the load balancer may hold a dashboard.
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly connections: RedisConnection[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly redis: RedisTarget,
    private readonly prefix: string,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options);
    const publisher = connectRedis(this.redis);
    const subscriber = connectRedis(this.redis);
    for (const connection of [publisher, subscriber]) connection.on('error', () => undefined);
    this.connections.push(publisher, subscriber);
    server.adapter(createAdapter(publisher, subscriber, { key: `${this.prefix}:socket.io` }));
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    for (const connection of this.connections) connection.disconnect();
  }
}
