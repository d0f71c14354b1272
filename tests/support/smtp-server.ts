import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope's sender and recipients (what the client said in MAIL FROM and RCPT TO). */
  from: string;
  to: string[];
  parsed: ParsedMail;
  size: number;
  /** Date.now() when the message's last byte arrived. */
  receivedAt: number;
}

interface Waiter {
  count: number;
  resolve: (messages: ReceivedMail[]) => void;
}

/**
 * A real SMTP server on 127.0.0.1 for tests (smtp-server, plain text, no authentication). It keeps
 * every message it accepts, parsed by mailparser; `failNext` makes the next deliveries fail with a
 * temporary error at the end of DATA, as a busy or greylisting server does.
 */
export class TestSmtpServer {
  readonly messages: ReceivedMail[] = [];
  /** Deliveries refused so far (each one a DATA answered with an error). */
  refused = 0;
  private failuresLeft = 0;
  private failure = { code: 451, message: '4.3.0 Try again later' };
  private waiters: Waiter[] = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(): Promise<TestSmtpServer> {
    // onData needs the instance, which needs the server's port: made once it listens.
    const ready: { self?: TestSmtpServer } = {};
    const server = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 50 * 1024 * 1024,
      onData(stream, session, callback) {
        void ready.self!.receive(stream, session).then(
          () => callback(),
          (error: Error & { responseCode?: number }) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = (server as unknown as { server: { address(): AddressInfo } }).server.address();
    ready.self = new TestSmtpServer(server, address.port);
    return ready.self;
  }

  /** The SMTP_URL an app under test sends through. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Refuses the next `count` messages (Infinity: all of them until `acceptAll`) with `code`. */
  failNext(count: number, code = 451, message = '4.3.0 Try again later'): void {
    this.failuresLeft = count;
    this.failure = { code, message };
  }

  acceptAll(): void {
    this.failuresLeft = 0;
  }

  /** Forgets the messages received so far (and the refusals counted). */
  clear(): void {
    this.messages.length = 0;
    this.refused = 0;
  }

  /** Resolves with the first `count` messages once that many have arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs = 30_000): Promise<ReceivedMail[]> {
    if (this.messages.length >= count) return Promise.resolve(this.messages.slice(0, count));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        count,
        resolve: (messages) => {
          clearTimeout(timer);
          resolve(messages);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((other) => other !== waiter);
        reject(new Error(`expected ${count} e-mail message(s) within ${timeoutMs} ms, got ${this.messages.length}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      this.refused += 1;
      throw Object.assign(new Error(this.failure.message), { responseCode: this.failure.code });
    }
    const raw = Buffer.concat(chunks);
    const envelope = session.envelope;
    this.messages.push({
      from: envelope.mailFrom ? envelope.mailFrom.address : '',
      to: envelope.rcptTo.map((recipient) => recipient.address),
      parsed: await simpleParser(raw),
      size: raw.length,
      receivedAt: Date.now(),
    });
    const ready = this.waiters.filter((waiter) => this.messages.length >= waiter.count);
    this.waiters = this.waiters.filter((waiter) => this.messages.length < waiter.count);
    for (const waiter of ready) waiter.resolve(this.messages.slice(0, waiter.count));
  }
}
