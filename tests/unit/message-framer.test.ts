import { MessageFramer } from '../../libs/database/src/message-framer';

const untyped = (code: number, payload = Buffer.alloc(0)) => {
  const message = Buffer.alloc(8 + payload.length);
  message.writeInt32BE(message.length, 0);
  message.writeInt32BE(code, 4);
  payload.copy(message, 8);
  return message;
};
const typed = (type: string, payload: Buffer) => {
  const message = Buffer.alloc(5 + payload.length);
  message.write(type, 0, 'latin1');
  message.writeInt32BE(4 + payload.length, 1);
  payload.copy(message, 5);
  return message;
};

describe('MessageFramer', () => {
  const stream = Buffer.concat([
    untyped(80877103), // SSLRequest
    untyped(196608, Buffer.from('user\0postgres\0\0')), // StartupMessage, protocol 3.0
    typed('Q', Buffer.from('SELECT 1\0')),
    typed('P', Buffer.alloc(200_000, 1)), // larger than a TCP chunk
    typed('S', Buffer.alloc(0)),
  ]);

  it('passes whole messages through unchanged', () => {
    expect(new MessageFramer().push(stream)).toEqual(stream);
  });

  it('holds a message back until its last byte arrives, wherever the stream is cut', () => {
    for (const size of [1, 3, 7, 1000, 65_536]) {
      const framer = new MessageFramer();
      const out: Buffer[] = [];
      for (let at = 0; at < stream.length; at += size) {
        const messages = framer.push(stream.subarray(at, at + size));
        if (messages.length > 0) {
          // Whatever comes out ends on a message boundary.
          out.push(messages);
        }
      }
      expect(Buffer.concat(out)).toEqual(stream);
    }
    const framer = new MessageFramer();
    expect(framer.push(stream.subarray(0, 8 + 3)).length).toBe(8); // the SSLRequest only
  });
});
