import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { isDatabaseUnavailable } from '@kiosk-pulse/database';
import { RateLimitedException, RetryLaterException } from './exceptions';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
};

const DATABASE_RETRY_SECONDS = 5;

/**
 * Every error leaves as `{statusCode, error, message}` and never with a stack trace. Errors
 * Fastify raises for bad requests (a body that is not JSON, too large, of another media type)
 * keep their 4xx status; a database out of reach is a 503 with Retry-After; anything
 * unexpected is logged and answered with a plain 500.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof HttpException) {
      if (exception instanceof RetryLaterException || exception instanceof RateLimitedException) {
        reply.header('Retry-After', String(exception.retryAfterSeconds));
      }
      const body = exception.getResponse();
      const status = exception.getStatus();
      void reply
        .status(status)
        .send(
          typeof body === 'string'
            ? { statusCode: status, error: STATUS_TEXT[status] ?? 'Error', message: body }
            : body,
        );
      return;
    }
    const status = (exception as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      void reply.status(status).send({
        statusCode: status,
        error: STATUS_TEXT[status] ?? 'Bad Request',
        message: (exception as Error).message,
      });
      return;
    }
    if (isUnstorableText(exception)) {
      void reply.status(400).send({
        statusCode: 400,
        error: 'Bad Request',
        message: 'the request holds characters that cannot be stored (such as NUL)',
      });
      return;
    }
    if (isRedisUnavailable(exception)) {
      this.logger.warn(`redis unavailable: ${(exception as Error).message}`);
      void reply.status(503).header('Retry-After', String(DATABASE_RETRY_SECONDS)).send({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'a service the api needs is unavailable; retry later',
      });
      return;
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`database unavailable: ${(exception as Error).message}`);
      void reply
        .status(503)
        .header('Retry-After', String(DATABASE_RETRY_SECONDS))
        .send({ statusCode: 503, error: 'Service Unavailable', message: 'the database is unavailable; retry later' });
      return;
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    void reply.status(500).send({ statusCode: 500, error: 'Internal Server Error', message: 'internal error' });
  }
}

// What ioredis says when Redis cannot take a command: the connection is down, or commands are
// not queued for it (enableOfflineQueue: false), or it gave up retrying.
const isRedisUnavailable = (error: unknown): boolean =>
  error instanceof Error &&
  (['MaxRetriesPerRequestError', 'ClusterAllFailedError'].includes(error.name) ||
    /^Connection is closed\.$|Stream isn't writeable and enableOfflineQueue options is false/.test(error.message));

// PostgreSQL refuses NUL and text it cannot encode (invalid byte sequence, untranslatable
// character): that is the client's text, not a fault of ours.
const isUnstorableText = (error: unknown): boolean =>
  ['22021', '22P05'].includes((error as { code?: unknown }).code as string);
