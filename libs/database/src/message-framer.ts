import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';

// Untyped messages a client may send before its StartupMessage.
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/**
 * Splits a client's byte stream into whole Postgres protocol messages.
 * The first messages (SSLRequest, GSSENCRequest, StartupMessage) carry no type byte:
 * int32 length then payload. Every later message is a type byte, then an int32 length.
 */
export class MessageFramer {
  private buffered: Buffer = Buffer.alloc(0);
  private startedUp = false;

  /** Adds bytes; returns the whole messages now complete (possibly none), concatenated. */
  push(chunk: Buffer): Buffer {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    let end = 0;
    for (;;) {
      const header = this.startedUp ? 5 : 4;
      if (this.buffered.length - end < header) break;
      const length = this.startedUp ? 1 + this.buffered.readInt32BE(end + 1) : this.buffered.readInt32BE(end);
      if (this.buffered.length - end < length) break;
      if (!this.startedUp) {
        const code = length >= 8 ? this.buffered.readInt32BE(end + 4) : 0;
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) this.startedUp = true;
      }
      end += length;
    }
    const complete = this.buffered.subarray(0, end);
    this.buffered = this.buffered.subarray(end);
    return complete;
  }
}

/**
 * A socket that delivers only whole protocol messages to its 'data' listeners, and holds what
 * arrives before anyone listens (the handler attaches only once it has the database to itself).
 */
export class FramedSocket extends EventEmitter {
  private readonly framer = new MessageFramer();
  private readonly held: Buffer[] = [];

  constructor(private readonly socket: Socket) {
    super();
    socket.on('data', (chunk: Buffer) => {
      const messages = this.framer.push(chunk);
      if (messages.length === 0) return;
      if (this.listenerCount('data') > 0) this.emit('data', messages);
      else this.held.push(messages);
    });
    socket.on('error', (error) => this.emit('error', error));
    socket.on('close', () => this.emit('close'));
    this.on('newListener', (event: string) => {
      if (event === 'data' && this.held.length > 0) {
        setImmediate(() => this.emit('data', Buffer.concat(this.held.splice(0))));
      }
    });
  }

  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  get remotePort(): number | undefined {
    return this.socket.remotePort;
  }

  get writable(): boolean {
    return this.socket.writable;
  }

  write(data: Uint8Array, callback?: (error?: Error | null) => void): boolean {
    return this.socket.write(data, callback);
  }

  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }
}
