import type { LiveCounts } from './counts';

/*
 * The /live socket.io namespace as both sides see it: the api's gateway types its server with
 * these maps (Namespace<ClientToServerEvents, ServerToClientEvents>) and the dashboard its
 * client (Socket<ServerToClientEvents, ClientToServerEvents>), so an event's name and payload
 * are checked on both sides.
 */

/** The namespace a dashboard connects to, with `auth: { token }`. */
export const LIVE_NAMESPACE = '/live';

/** What a client follows: the city (no ward), or one ward. */
export interface LiveScope {
  wardCode?: string;
}

/** The answer to `subscribe`: the room followed, or why not (no access, unknown ward, too many messages). */
export type SubscribeAck = { ok: true; room: string } | { ok: false; error: string };

/** Sent by a dashboard. */
export interface ClientToServerEvents {
  /** Follow a scope instead of the one before; `counts` follows at once when it is agreed to. */
  subscribe: (scope: LiveScope, ack: (answer: SubscribeAck) => void) => void;
}

/** Sent by the api. */
export interface ServerToClientEvents {
  /** Today's counts of the scope followed: at once on subscribe, then whenever they change. */
  counts: (counts: LiveCounts) => void;
}

/** The event names, for the places a name is given as a value (a gateway's @SubscribeMessage). */
export const LIVE_EVENTS = {
  subscribe: 'subscribe',
  counts: 'counts',
} as const satisfies { [Name in keyof ClientToServerEvents | keyof ServerToClientEvents]: Name };
