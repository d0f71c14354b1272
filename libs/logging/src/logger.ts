import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { pino, type DestinationStream, type Logger } from 'pino';
import { z } from 'zod';

export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');
export type LogLevel = z.output<typeof logLevel>;

/*
 * Secrets that could reach a log line: kiosk keys, admin and API tokens and sign-in tokens
 * travel in Authorization; passwords in sign-in and user bodies. Bodies are never logged, and
 * these are censored wherever they appear anyway.
 */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.key',
  '*.authorization',
];

/** The JSON logger (pino) of a process: Fastify's request log and Nest's own lines share it. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACT, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}

// Probes and scrapes every few seconds would drown the requests people make.
const QUIET_PATHS = /^\/(metrics|health|api\/v1\/health)(\/|\?|$)/;

/**
 * Fastify's request log cut to one line per request, once it is answered: its id, method, path
 * (never the query string) and status, at warn for 4xx and error for 5xx; nothing for probes.
 */
export class RequestLog extends LogController {
  // The root logger: Fastify's per-request child would serialize `req` its own way, without the id.
  constructor(private readonly logger: Logger) {
    super();
  }

  override isLogDisabled(request: FastifyRequest): boolean {
    return QUIET_PATHS.test(request.url);
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const status = reply.statusCode;
    const level = error || status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    this.logger[level](
      {
        req: { id: request.id, method: request.method, url: request.url.split('?')[0] },
        res: { statusCode: status },
        responseTime: Math.round(reply.elapsedTime),
      },
      'request completed',
    );
  }
}

/** Nest's logger interface over pino, so the framework's lines are JSON with the rest. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }

  error(message: unknown, stackOrContext?: string, context?: string): void {
    // Nest passes (message, stack, context), or (message, context) when there is no stack.
    const stack = context === undefined ? undefined : stackOrContext;
    this.write('error', message, context ?? stackOrContext, stack);
  }

  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }

  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }

  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }

  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }

  private write(
    level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace',
    message: unknown,
    context?: string,
    stack?: string,
  ): void {
    if (message instanceof Error) this.logger[level]({ context, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.logger[level]({ context, ...message });
    else this.logger[level]({ context, ...(stack ? { stack } : {}) }, String(message));
  }
}

/**
 * A request id the caller sent (a proxy's, say) when it is safe to log, or a new one; for the
 * HTTP server's genReqId.
 */
export function requestId(request: { headers: IncomingHttpHeaders }): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}
