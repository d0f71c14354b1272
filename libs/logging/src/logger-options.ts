import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
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

// Probes and scrapes every few seconds would drown the requests people make.
const QUIET_PATHS = /^\/(metrics|api\/v1\/health)(\/|\?|$)/;

/**
 * JSON logs (pino) for a Nest app: one line per request with its id (the HTTP server's, see
 * requestId; also attached to everything logged while handling it), method, path and status,
 * never bodies or secrets.
 */
export function loggerParams(level: LogLevel, destination?: DestinationStream): Params {
  const options: Options = {
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    genReqId: requestId,
    autoLogging: { ignore: (request) => QUIET_PATHS.test(request.url ?? '') },
    customLogLevel: (_request, response, error) =>
      error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
    serializers: {
      req: (request: { id: string; method: string; url: string }) => ({
        id: request.id,
        method: request.method,
        url: request.url.split('?')[0],
      }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
  };
  return {
    pinoHttp: destination ? [options, destination] : options,
    forRoutes: [{ path: '*splat', method: RequestMethod.ALL }],
  };
}

/**
 * A request id the caller sent (a proxy's, say) when it is safe to log, or a new one; for the
 * HTTP server's genReqId.
 */
export function requestId(request: { headers: IncomingHttpHeaders }): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}
