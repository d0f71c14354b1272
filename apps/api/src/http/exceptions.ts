import { HttpException } from '@nestjs/common';

/** A 503 that tells the client when to come back. */
export class RetryLaterException extends HttpException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super({ statusCode: 503, error: 'Service Unavailable', message }, 503);
  }
}

/** A 429 that tells the client when to come back. */
export class RateLimitedException extends HttpException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super({ statusCode: 429, error: 'Too Many Requests', message }, 429);
  }
}
