import { MessageFramer } from '../../libs/database/src/message-framer';
import { cutInto, messageEnds, opening, typed, untyped } from '../support/pg-messages';

describe('MessageFramer', () => {
  const messages = [
    ...opening(),
    typed('Q', Buffer.from('SELECT 1\0')),
    typed('P', Buffer.alloc(200_000, 1)), // larger than a TCP chunk
    typed('S', Buffer.alloc(0)),
    ...Array.from({ length: 50 }, (_, i) => typed('D', Buffer.alloc(i % 7, i))),
  ];
  const stream = Buffer.concat(messages);
  const ends = messageEnds(messages);

  it('passes whole messages through unchanged', () => {
    expect(new MessageFramer().push(stream).equals(stream)).toBe(true);
  });

  it('holds a message back until its last byte arrives, wherever the stream is cut', () => {
    for (const size of [1, 3, 4, 5, 7, 1000, 65_536]) {
      const framer = new MessageFramer();
      const out = cutInto(stream, size, (chunk) => framer.push(chunk));
      let end = 0;
      for (const piece of out) {
        end += piece.length;
        expect({ size, end, onBoundary: ends.has(end) }).toEqual({ size, end, onBoundary: true });
      }
      expect(Buffer.concat(out).equals(stream)).toBe(true);
    }
    const framer = new MessageFramer();
    expect(framer.push(stream.subarray(0, 8 + 3)).length).toBe(8); // the SSLRequest only
  });

  it('reads a GSSENCRequest as untyped too, then the StartupMessage', () => {
    const gss = untyped(80877104);
    const rest = Buffer.concat([...opening().slice(1), typed('Q', Buffer.from('SELECT 1\0'))]);
    const framer = new MessageFramer();
    expect(framer.push(Buffer.concat([gss, rest])).length).toBe(gss.length + rest.length);
  });

  it('refuses a length that cannot be, instead of looping on it for ever', () => {
    const zeroLength = Buffer.from([0x51, 0, 0, 0, 0]); // 'Q' whose length leaves out its own 4 bytes
    const negative = Buffer.from([0x51, 0xff, 0xff, 0xff, 0xf0]);
    for (const bad of [zeroLength, negative]) {
      const framer = new MessageFramer();
      framer.push(Buffer.concat(opening()));
      expect(() => framer.push(bad)).toThrow(/malformed/);
    }
    expect(() => new MessageFramer().push(Buffer.from([0, 0, 0, 2]))).toThrow(/malformed/);
  });
});
