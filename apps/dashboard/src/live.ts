import { io, type Socket } from 'socket.io-client';
import type { LiveCounts } from '@kiosk-pulse/contract/counts';

export interface LiveHandlers {
  onCounts(counts: LiveCounts): void;
  onStatus(status: 'live' | 'reconnecting' | 'unauthorized'): void;
}

/** The /live subscription; it re-subscribes by itself after every reconnect. */
export class LiveConnection {
  private readonly socket: Socket;
  private wardCode: string | undefined;

  constructor(token: string, handlers: LiveHandlers) {
    this.socket = io('/live', { auth: { token }, transports: ['websocket', 'polling'] });
    this.socket.on('connect', () => {
      handlers.onStatus('live');
      this.socket.emit('subscribe', this.scope());
    });
    this.socket.on('disconnect', () => handlers.onStatus('reconnecting'));
    this.socket.on('connect_error', (error) => {
      handlers.onStatus(error.message === 'unauthorized' ? 'unauthorized' : 'reconnecting');
      if (error.message === 'unauthorized') this.socket.close();
    });
    this.socket.on('counts', (counts: LiveCounts) => {
      if ((counts.wardCode ?? undefined) === this.wardCode) handlers.onCounts(counts);
    });
  }

  follow(wardCode: string | undefined): void {
    this.wardCode = wardCode;
    if (this.socket.connected) this.socket.emit('subscribe', this.scope());
  }

  close(): void {
    this.socket.close();
  }

  private scope(): { wardCode?: string } {
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
