import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { z } from 'zod';
import { Authenticator } from '../auth/authenticator';
import { canReadWard, type Principal } from '../auth/principal';
import { RedisBus } from '../redis/redis-bus';
import { USER_LOCKED_CHANNEL } from '../users/users.controller';
import { WardsRepository } from '../wards/wards.repository';
import { CITY_ROOM, LiveCountsService, wardRoom } from './live-counts.service';
import { observeLiveSockets } from './live.metrics';

const subscription = z.strictObject({
  wardCode: z
    .string()
    .regex(/^\d{5}$/, 'must be a 5-digit ward code')
    .optional(),
});

type SubscribeAck = { ok: true; room: string } | { ok: false; error: string };

/**
 * The /live namespace. A client connects with `auth: {token}`, then emits `subscribe` with
 * `{}` (the city) or `{wardCode}`; it gets `counts` at once and again whenever they change.
 */
@WebSocketGateway({ namespace: '/live' })
export class LiveGateway implements OnGatewayInit {
  private namespace: Namespace | undefined;

  constructor(
    private readonly live: LiveCountsService,
    private readonly authenticator: Authenticator,
    private readonly wards: WardsRepository,
    bus: RedisBus,
  ) {
    // A locked or changed user's sign-ins end at once, open sockets included.
    bus.on(USER_LOCKED_CHANNEL, (userId) => {
      for (const socket of this.namespace?.sockets.values() ?? []) {
        if ((socket.data.principal as Principal | undefined)?.userId === userId) socket.disconnect(true);
      }
    });
  }

  afterInit(namespace: Namespace): void {
    this.namespace = namespace;
    namespace.use((socket, next) => {
      const token: unknown = socket.handshake.auth?.token;
      this.authenticator
        .authenticate(typeof token === 'string' ? token : undefined)
        .then((principal) => {
          if (!principal) return next(new Error('unauthorized'));
          socket.data.principal = principal;
          next();
        })
        .catch(() => next(new Error('unauthorized')));
    });
    this.live.attach(namespace);
    observeLiveSockets(namespace);
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<SubscribeAck> {
    const parsed = subscription.safeParse(body ?? {});
    if (!parsed.success) return { ok: false, error: parsed.error.issues.map((issue) => issue.message).join('; ') };
    const { wardCode } = parsed.data;
    if (wardCode !== undefined && !(await this.wards.exists(wardCode))) {
      return { ok: false, error: `unknown ward ${wardCode}` };
    }
    if (wardCode !== undefined && !canReadWard(socket.data.principal as Principal, wardCode)) {
      return { ok: false, error: `no access to ward ${wardCode}` };
    }
    const room = wardCode === undefined ? CITY_ROOM : wardRoom(wardCode);
    for (const joined of socket.rooms) if (joined !== socket.id) await socket.leave(joined);
    await socket.join(room);
    const counts = await this.live.read(wardCode);
    socket.emit('counts', counts);
    return { ok: true, room };
  }
}
