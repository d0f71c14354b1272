import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';

// Untyped messages a client may send before its StartupMessage.
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const NOTHING = Buffer.alloc(0);

/**
 * Splits a client's byte stream into whole Postgres protocol messages.
 * The first messages (SSLRequest, GSSENCRequest, StartupMessage) carry no type byte:
 * int32 length then payload. Every later message is a type byte, then an int32 length.
 *
 * Linear in the bytes pushed, however the stream is cut: a part message is kept in a buffer that
 * doubles when full, so each byte is copied in about once. (Concatenating what was held on every
 * push made a 200 KB message sent a byte at a time take seconds.)
 */
export class MessageFramer {
  /** The start of a message not whole yet: held[0, heldLength). */
  private held: Buffer = NOTHING;
  private heldLength = 0;
  private startedUp = false;

  /** Adds bytes; returns the whole messages now complete (possibly none), concatenated. */
  push(chunk: Buffer): Buffer {
    if (this.heldLength === 0) {
      const end = this.wholeMessages(chunk, chunk.length);
      this.hold(chunk.subarray(end));
      return chunk.subarray(0, end);
    }
    this.hold(chunk);
    const end = this.wholeMessages(this.held, this.heldLength);
    if (end === 0) return NOTHING;
    // Handed out as a view, so the buffer is not written again: what is left starts a new one.
    // It lies inside this chunk (the last message completed in it), so copying it costs no more.
    const complete = this.held.subarray(0, end);
    const rest = this.held.subarray(end, this.heldLength);
    this.held = NOTHING;
    this.heldLength = 0;
    this.hold(rest);
    return complete;
  }

  /** How many of the first `length` bytes of `bytes` are whole messages. */
  private wholeMessages(bytes: Buffer, length: number): number {
    let end = 0;
    for (;;) {
      const header = this.startedUp ? 5 : 4;
      if (length - end < header) return end;
      const declared = bytes.readInt32BE(this.startedUp ? end + 1 : end);
      // The length counts its own 4 bytes: anything less would stall or rewind the loop.
      if (declared < 4) throw new Error(`malformed Postgres message: length ${declared}`);
      const size = this.startedUp ? 1 + declared : declared;
      if (length - end < size) return end;
      if (!this.startedUp) {
        const code = size >= 8 ? bytes.readInt32BE(end + 4) : 0;
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) this.startedUp = true;
      }
      end += size;
    }
  }

  private hold(bytes: Buffer): void {
    if (bytes.length === 0) return;
    const needed = this.heldLength + bytes.length;
    if (needed > this.held.length) {
      const grown = Buffer.alloc(Math.max(needed, 2 * this.held.length, 1024));
      this.held.copy(grown, 0, 0, this.heldLength);
      this.held = grown;
    }
    bytes.copy(this.held, this.heldLength);
    this.heldLength = needed;
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
      let messages: Buffer;
      try {
        messages = this.framer.push(chunk);
      } catch {
        // Only a broken or hostile client sends this: drop it, not the database it talks to.
        socket.destroy();
        return;
      }
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
