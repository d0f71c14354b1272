import { Inject, type BeforeApplicationShutdown } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { z } from 'zod';
import { LIVE_EVENTS, LIVE_NAMESPACE, type SubscribeAck } from '@kiosk-pulse/contract';
import { cityDayStart, nextCityDayStart } from '@kiosk-pulse/contract/time';
import { principalKey, type Principal } from '../access/principal';
import { ReadAudit } from '../audit/read-audit';
import { Authenticator } from '../auth/authenticator';
import { RateLimits } from '../auth/rate-limits';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { CredentialEvents, type CredentialsChanged } from '../users/credential-events';
import { wardCode as wardCodeSchema, wardRefusal } from '../wards/ward-code';
import { WardsRepository } from '../wards/wards.repository';
import { CITY_ROOM, LiveCountsService, wardRoom } from './live-counts.service';
import type { LiveNamespace, LiveSocket, LiveSocketData } from './live-socket';
import { observeLiveSockets } from './live.metrics';
import { refuseSocket } from './redis-io.adapter';

const subscription = z.strictObject({ wardCode: wardCodeSchema.optional() });

// Sockets whose change message was lost (Redis away) find out this often at the latest.
const RECHECK_INTERVAL_MS = 60_000;
const TOO_MANY_MESSAGES = 'too many messages; wait a little';

const dataOf = (socket: LiveSocket) => socket.data;

/**
 * The /live namespace. A client connects with `auth: {token}`, then emits `subscribe` with
 * `{}` (the city) or `{wardCode}`; it gets `counts` at once and again whenever they change.
 *
 * The credential is checked at the handshake, again on every subscribe, whenever a change may
 * have ended it (sign-out, a locked or changed user, a revoked token) and every minute; a sign-in
 * socket closes when its token expires. Each user (or token) may hold a few sockets and send a
 * few messages a minute, per socket and across their sockets; subscribers get the room's shared
 * snapshot rather than a read of their own.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, BeforeApplicationShutdown {
  private namespace: LiveNamespace | undefined;
  private readonly socketsPerKey = new Map<string, number>();
  private readonly socketMessages: RateLimiterMemory;
  private wardCodes: Promise<Set<string>> | undefined;
  private recheckTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly live: LiveCountsService,
    private readonly authenticator: Authenticator,
    private readonly wards: WardsRepository,
    private readonly limits: RateLimits,
    private readonly reads: ReadAudit,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    credentials: CredentialEvents,
  ) {
    this.socketMessages = new RateLimiterMemory({ points: config.live.messagesPerMinute, duration: 60 });
    credentials.onChange((change) => void this.recheck((data) => concerns(change, data.principal), true));
  }

  afterInit(namespace: LiveNamespace): void {
    this.namespace = namespace;
    namespace.use((socket, next) => {
      const token: unknown = socket.handshake.auth?.token;
      this.authenticator
        .authenticate(typeof token === 'string' ? token : undefined)
        .then((principal) => {
          if (!principal) return refuseSocket(socket, next, 'unauthorized');
          const key = principalKey(principal);
          const open = this.socketsPerKey.get(key) ?? 0;
          if (open >= this.config.live.maxSocketsPerUser) {
            return refuseSocket(socket, next, 'too many open connections for this user; close another tab');
          }
          this.socketsPerKey.set(key, open + 1);
          const data: LiveSocketData = { principal, token: token as string, key, queue: Promise.resolve() };
          socket.data = data;
          socket.once('disconnect', () => this.release(socket));
          next();
          // socket.io connects it on the next tick, unless the client has gone meanwhile: then no
          // disconnect follows, and its place is given back here.
          setImmediate(() => {
            if (!socket.connected) this.release(socket);
          });
        })
        .catch(() => refuseSocket(socket, next, 'unauthorized'));
    });
    this.live.attach(namespace);
    observeLiveSockets(namespace);
    this.recheckTimer = setInterval(() => void this.recheck(() => true, false), RECHECK_INTERVAL_MS);
    this.recheckTimer.unref();
  }

  handleConnection(socket: LiveSocket): void {
    const data = dataOf(socket);
    const exp = data.principal.session?.exp;
    if (exp !== undefined) {
      // setTimeout holds at most about 24.8 days; a sign-in lasts at most 30: check again then.
      const ms = Math.min(exp * 1000 - Date.now(), 2 ** 31 - 1);
      data.expiry = setTimeout(() => socket.disconnect(true), Math.max(0, ms));
    }
    socket.use((packet, next) => {
      this.allowMessage(socket.id, data.key)
        .then((allowed) => {
          if (allowed) return next();
          const ack: unknown = packet[packet.length - 1];
          if (typeof ack === 'function')
            (ack as (answer: SubscribeAck) => void)({ ok: false, error: TOO_MANY_MESSAGES });
        })
        .catch(() => next());
    });
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.recheckTimer);
  }

  @SubscribeMessage(LIVE_EVENTS.subscribe)
  subscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<SubscribeAck> {
    const data = dataOf(socket);
    const answer = data.queue.then(() => this.subscribeNow(socket, body));
    data.queue = answer.catch(() => undefined);
    return answer;
  }

  private async subscribeNow(socket: LiveSocket, body: unknown): Promise<SubscribeAck> {
    const parsed = subscription.safeParse(body ?? {});
    if (!parsed.success) return { ok: false, error: parsed.error.issues.map((issue) => issue.message).join('; ') };
    const data = dataOf(socket);
    // The sign-in may have ended, or the token been revoked, since the socket connected.
    const principal = await this.authenticator.authenticate(data.token, { touch: false });
    if (!principal) {
      // After the answer has gone out.
      setImmediate(() => socket.disconnect(true));
      return { ok: false, error: 'unauthorized' };
    }
    const { wardCode } = parsed.data;
    if (wardCode !== undefined) {
      const refusal = wardRefusal(wardCode, (await this.knownWards()).has(wardCode), principal);
      if (refusal) return { ok: false, error: refusal.message };
    }
    const room = wardCode === undefined ? CITY_ROOM : wardRoom(wardCode);
    for (const joined of socket.rooms) if (joined !== socket.id) await socket.leave(joined);
    await socket.join(room);
    socket.emit('counts', await this.live.snapshot(wardCode));
    // A subscription is a read of today's figures of its scope; the pushes that follow are part of it.
    const now = Date.now();
    this.reads.record(principal, { view: 'live', wardCode, from: cityDayStart(now), to: nextCityDayStart(now) });
    return { ok: true, room };
  }

  /** A message may go through while its socket, and its user's sockets together, are within their limits. */
  private async allowMessage(socketId: string, key: string): Promise<boolean> {
    try {
      await this.socketMessages.consume(socketId);
    } catch {
      return false;
    }
    return this.limits.liveMessage(key);
  }

  /**
   * Checks the credential of the sockets `select` picks again and closes those whose credential
   * no longer holds. When the check itself fails (the database away), a socket is closed only if
   * a change named it (it reconnects and is checked afresh).
   */
  private async recheck(select: (data: LiveSocketData) => boolean, closeWhenUnsure: boolean): Promise<void> {
    const byToken = new Map<string, LiveSocket[]>();
    for (const socket of this.namespace?.sockets.values() ?? []) {
      const data = socket.data as LiveSocketData | undefined;
      if (!data?.token || !select(data)) continue;
      byToken.set(data.token, [...(byToken.get(data.token) ?? []), socket]);
    }
    for (const [token, sockets] of byToken) {
      const valid = await this.authenticator.authenticate(token, { touch: false }).then(
        (principal) => principal !== undefined,
        () => !closeWhenUnsure,
      );
      if (!valid) for (const socket of sockets) socket.disconnect(true);
    }
  }

  private release(socket: LiveSocket): void {
    const data = socket.data;
    if (data.released) return;
    data.released = true;
    clearTimeout(data.expiry);
    const open = (this.socketsPerKey.get(data.key) ?? 1) - 1;
    if (open > 0) this.socketsPerKey.set(data.key, open);
    else this.socketsPerKey.delete(data.key);
    void this.socketMessages.delete(socket.id);
  }

  /** The 168 ward codes never change while the api runs: read once. */
  private knownWards(): Promise<Set<string>> {
    this.wardCodes ??= this.wards.list().then(
      (wards) => new Set(wards.map((ward) => ward.code)),
      (error: unknown) => {
        this.wardCodes = undefined;
        throw error;
      },
    );
    return this.wardCodes;
  }
}

/** Whether a change may have ended the credential a socket holds. */
function concerns(change: CredentialsChanged, principal: Principal): boolean {
  return (
    (change.userId !== undefined && (principal.userId === change.userId || principal.ownerId === change.userId)) ||
    (change.tokenId !== undefined && principal.tokenId === change.tokenId) ||
    (change.jti !== undefined && principal.session?.jti === change.jti)
  );
}
