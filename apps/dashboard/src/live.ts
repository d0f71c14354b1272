import { io, type Socket } from 'socket.io-client';
import {
  LIVE_NAMESPACE,
  type ClientToServerEvents,
  type LiveCounts,
  type LiveScope,
  type ServerToClientEvents,
  type SubscribeAck,
} from '@kiosk-pulse/contract';

export type LiveStatus = 'live' | 'reconnecting' | 'unauthorized' | 'refused';

export interface LiveHandlers {
  onCounts(counts: LiveCounts): void;
  /** `refused`: the server would not follow the scope asked for (no access, unknown ward). */
  onStatus(status: LiveStatus, reason?: string): void;
}

/** The /live subscription; it re-subscribes by itself after every reconnect. */
export class LiveConnection {
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private wardCode: string | undefined;
  /** Counts the subscriptions asked for: only the last one's answer says whether we are live. */
  private asked = 0;

  constructor(
    token: string,
    private readonly handlers: LiveHandlers,
  ) {
    this.socket = io(LIVE_NAMESPACE, { auth: { token }, transports: ['websocket', 'polling'] });
    this.socket.on('connect', () => this.subscribe());
    this.socket.on('disconnect', () => handlers.onStatus('reconnecting'));
    this.socket.on('connect_error', (error) => {
      handlers.onStatus(error.message === 'unauthorized' ? 'unauthorized' : 'reconnecting');
      if (error.message === 'unauthorized') this.socket.close();
    });
    // A push for the scope followed before (still on its way) is not this scope's.
    this.socket.on('counts', (counts) => {
      if ((counts.wardCode ?? undefined) === this.wardCode) handlers.onCounts(counts);
    });
  }

  follow(wardCode: string | undefined): void {
    this.wardCode = wardCode;
    if (this.socket.connected) this.subscribe();
  }

  /** "Live" only once the server has agreed to follow this very scope. */
  private subscribe(): void {
    const asked = ++this.asked;
    this.socket.emit('subscribe', this.scope(), (ack: SubscribeAck | undefined) => {
      if (asked !== this.asked || !this.socket.connected) return;
      const error = ack?.ok === false ? ack.error : undefined;
      if (ack?.ok) this.handlers.onStatus('live');
      // A refused credential ends the connection (connect_error follows); too many messages
      // at once is no refusal of the scope: asked again a little later.
      else if (error === 'unauthorized') return;
      else if (error?.startsWith('too many')) {
        this.handlers.onStatus('reconnecting');
        window.setTimeout(() => asked === this.asked && this.socket.connected && this.subscribe(), 2_000);
      } else this.handlers.onStatus('refused', error);
    });
  }

  close(): void {
    this.socket.close();
  }

  private scope(): LiveScope {
    return this.wardCode ? { wardCode: this.wardCode } : {};
  }
}

/** Runs `task` at most once per `ms`, and once more after the last call. */
export function throttle(task: () => Promise<void>, ms: number): () => void {
  let timer: number | undefined;
  let last = 0;
  return () => {
    if (timer !== undefined) return;
    timer = window.setTimeout(
      () => {
        timer = undefined;
        last = Date.now();
        void task();
      },
      Math.max(0, last + ms - Date.now()),
    );
  };
}
