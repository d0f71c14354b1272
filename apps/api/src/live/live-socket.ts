import type { ClientToServerEvents, ServerToClientEvents } from '@kiosk-pulse/contract';
import type { DefaultEventsMap, Namespace, Socket } from 'socket.io';
import type { Principal } from '../access/principal';

/** What the gateway keeps on each socket. */
export interface LiveSocketData {
  principal: Principal;
  /** The credential it connected with, checked again on every subscribe and whenever it may have ended. */
  token: string;
  key: string;
  /** Its subscribes, one after the other: the last one sent is the one that holds. */
  queue: Promise<unknown>;
  expiry?: NodeJS.Timeout;
  /** Its place under the per-user cap was given back. */
  released?: boolean;
}

/** The /live namespace, its events those of the contract's maps (contract/src/live.ts). */
export type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, DefaultEventsMap, LiveSocketData>;

export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, DefaultEventsMap, LiveSocketData>;
