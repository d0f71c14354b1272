import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Server, ServerOptions, Socket } from 'socket.io';
import { connectRedis, prefixed, type RedisConnection, type RedisTarget } from '@kiosk-pulse/redis';

// A subscribe message is a few bytes; nothing a client sends needs more.
const MAX_MESSAGE_BYTES = 16 * 1024;
// A connection that has not joined /live by then (refused, or idle) is closed.
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * socket.io over the socket.io Redis adapter: a message sent to a room reaches that room's
 * sockets on every api process, so any api behind the load balancer may hold a dashboard.
 * Only /live takes sockets (the root namespace refuses everyone), and past `maxSockets`
 * connections on this process new ones are refused at the handshake.
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly connections: RedisConnection[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly redis: RedisTarget,
    private readonly prefix: string,
    private readonly maxSockets: number,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, {
      ...options,
      maxHttpBufferSize: MAX_MESSAGE_BYTES,
      connectTimeout: CONNECT_TIMEOUT_MS,
      allowRequest: (_request, callback) => {
        if (server.engine.clientsCount >= this.maxSockets) callback('too many connections; try again later', false);
        else callback(null, true);
      },
    } as ServerOptions);
    server.use((socket, next) => refuseSocket(socket, next, 'not found: connect to the /live namespace'));
    const publisher = connectRedis(this.redis);
    const subscriber = connectRedis(this.redis);
    for (const connection of [publisher, subscriber]) connection.on('error', () => undefined);
    this.connections.push(publisher, subscriber);
    server.adapter(createAdapter(publisher, subscriber, { key: prefixed(this.prefix, 'socket.io') }));
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    for (const connection of this.connections) connection.disconnect();
  }
}

/**
 * Refuses a socket in a namespace middleware, and closes its connection once the refusal has gone
 * out (unless it holds another namespace): a refused client does not keep a connection open.
 */
export function refuseSocket(socket: Socket, next: (error?: Error) => void, message: string): void {
  next(new Error(message));
  // socket.io sends the refusal on the next tick, and only while the connection is open.
  setImmediate(() => {
    if (socket.client.conn.readyState === 'open' && countNamespaces(socket) === 0) socket.client.conn.close();
  });
}

// The namespaces a connection has joined (socket.io keeps them on the client, privately).
const countNamespaces = (socket: Socket): number =>
  (socket.client as unknown as { nsps: Map<string, unknown> }).nsps.size;
