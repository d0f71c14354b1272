/** Postgres protocol messages as a client sends them, for the message framer's tests. */

export const SSL_REQUEST = 80877103;
export const PROTOCOL_3 = 196608;

/** A message with no type byte (SSLRequest, StartupMessage): int32 length, int32 code, payload. */
export const untyped = (code: number, payload = Buffer.alloc(0)): Buffer => {
  const message = Buffer.alloc(8 + payload.length);
  message.writeInt32BE(message.length, 0);
  message.writeInt32BE(code, 4);
  payload.copy(message, 8);
  return message;
};

/** A message after start-up: type byte, int32 length (itself included), payload. */
export const typed = (type: string, payload: Buffer): Buffer => {
  const message = Buffer.alloc(5 + payload.length);
  message.write(type, 0, 'latin1');
  message.writeInt32BE(4 + payload.length, 1);
  payload.copy(message, 5);
  return message;
};

/** A client's opening: SSLRequest, then StartupMessage for protocol 3.0. */
export const opening = (): Buffer[] => [untyped(SSL_REQUEST), untyped(PROTOCOL_3, Buffer.from('user\0postgres\0\0'))];

/** Where each message of a stream made of `messages` ends. */
export const messageEnds = (messages: Buffer[]): Set<number> => {
  const ends = new Set<number>();
  let end = 0;
  for (const message of messages) ends.add((end += message.length));
  return ends;
};

/** Feeds `stream` to `push` in pieces of `size` bytes; returns what came out, piece by piece. */
export const cutInto = (stream: Buffer, size: number, push: (chunk: Buffer) => Buffer): Buffer[] => {
  const out: Buffer[] = [];
  for (let at = 0; at < stream.length; at += size) {
    const messages = push(stream.subarray(at, at + size));
    if (messages.length > 0) out.push(messages);
  }
  return out;
};
