import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCall {
  headers: IncomingHttpHeaders;
  /** The body exactly as its bytes arrived, for checking a signature over it. */
  raw: string;
  status: number;
  /** Date.now() when the body's last byte arrived. */
  receivedAt: number;
}

/**
 * A real HTTP server on 127.0.0.1 that takes webhook POSTs, as a ward's chat bridge would. It
 * keeps every call; `failNext(n)` answers the next n with 503, as a receiver that is down does.
 */
export class WebhookReceiver {
  /** Every call, answered or failed. */
  readonly calls: ReceivedCall[] = [];
  private failuresLeft = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(path = '/hook'): Promise<WebhookReceiver> {
    // The handler needs the instance, which needs the server's port: made once it listens.
    const ready: { self?: WebhookReceiver } = {};
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const self = ready.self as WebhookReceiver;
        let status = request.method === 'POST' && request.url === path ? 204 : 404;
        if (status === 204 && self.failuresLeft > 0) {
          self.failuresLeft -= 1;
          status = 503;
        }
        self.calls.push({
          headers: request.headers,
          raw: Buffer.concat(chunks).toString('utf8'),
          status,
          receivedAt: Date.now(),
        });
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    ready.self = new WebhookReceiver(server, `http://127.0.0.1:${port}${path}`);
    return ready.self;
  }

  /** The calls answered 2xx: what the sender sees delivered. */
  get delivered(): ReceivedCall[] {
    return this.calls.filter((call) => call.status < 300);
  }

  /** Answers the next `count` calls with 503. */
  failNext(count: number): void {
    this.failuresLeft = count;
  }

  /** Waits until `count` calls have been delivered; rejects after `timeoutMs`. */
  async waitForDelivered(count: number, timeoutMs = 20_000): Promise<ReceivedCall[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.delivered.length < count) {
      if (Date.now() > deadline)
        throw new Error(
          `expected ${count} delivered webhook call(s) within ${timeoutMs} ms, got ${this.delivered.length}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.delivered.slice(0, count);
  }

  clear(): void {
    this.calls.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
