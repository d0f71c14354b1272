import { MessageFramer } from '../../libs/database/src/message-framer';
import { cutInto, opening, typed } from '../support/pg-messages';

/** A client's stream with one message of `bytes` (a Parse or COPY row larger than a TCP chunk). */
const streamOf = (bytes: number): Buffer =>
  Buffer.concat([...opening(), typed('P', Buffer.alloc(bytes, 1)), typed('S', Buffer.alloc(0))]);

/** The best of `runs` runs, in ms, of framing `stream` handed over a byte at a time. */
const framingTime = (stream: Buffer, runs: number): number => {
  let best = Infinity;
  for (let run = 0; run < runs; run += 1) {
    const framer = new MessageFramer();
    const start = process.hrtime.bigint();
    cutInto(stream, 1, (chunk) => framer.push(chunk));
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
};

// A ratio within one run, not a time, so that a slow or loaded machine does not turn it red:
// four times the bytes take about four times as long (measured 3.9-4.0). A framer that copied
// all it held on every push took twelve to sixteen times as long (measured 11.7-15), seconds in all.
describe('MessageFramer', () => {
  it('frames in time linear in the bytes, however small the pieces', () => {
    const n = 64_000;
    framingTime(streamOf(n), 1); // warm-up: the JIT, not framing, would otherwise weigh on the small run
    const small = framingTime(streamOf(n), 5);
    const large = framingTime(streamOf(4 * n), 3);
    expect(large / small).toBeLessThan(8);
  });
});
