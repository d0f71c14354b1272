import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import helmet from '@fastify/helmet';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { MAX_BATCH_BYTES } from '@kiosk-pulse/contract';
import { projectRoot } from '@kiosk-pulse/database';
import { createLogger, NestPinoLogger, RequestLog, requestId } from '@kiosk-pulse/logging';
import { ApiModule, type ApiModuleOptions } from './api.module';
import { serveOpenApi } from './openapi';
import { recordHttpMetrics } from './metrics/http-metrics';
import { collectProcessMetrics } from './metrics/process-metrics';
import { RedisIoAdapter } from './live/redis-io.adapter';

/** Builds the api on Fastify: the HTTP routes, the /live socket and the built dashboard. */
export async function createApiApp(options: ApiModuleOptions): Promise<NestFastifyApplication> {
  const logger = createLogger(options.config.logLevel, options.logDestination);
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.register(options),
    new FastifyAdapter({
      // The largest body anyone may send is a kiosk's batch; Fastify answers 413 past it.
      bodyLimit: MAX_BATCH_BYTES,
      genReqId: requestId,
      loggerInstance: logger,
      logController: new RequestLog(logger),
      // Only the configured proxies may say who the client is (X-Forwarded-For); anyone else's
      // header is ignored, so request.ip, on which the sign-in limits are keyed, cannot be forged.
      trustProxy: options.config.trustedProxies.length > 0 ? options.config.trustedProxies : false,
    }),
    { bufferLogs: true },
  );
  app.useLogger(new NestPinoLogger(logger));
  const fastify = app.getHttpAdapter().getInstance();
  // The id in every log line of a request, for a caller to quote.
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Request-Id', request.id);
    done();
  });
  // What the API answers is about people's work and is for the caller only: never kept by a cache.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control'))
      void reply.header('Cache-Control', 'no-store');
    done(null, payload);
  });
  acceptEmptyJsonBodies(app);
  recordHttpMetrics(fastify);
  collectProcessMetrics();
  app.useWebSocketAdapter(
    new RedisIoAdapter(app, options.redis, options.config.queuePrefix, options.config.live.maxSockets),
  );
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        'connect-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        // The dashboard's styles and fonts are its own; ECharts writes inline style attributes.
        'style-src': ["'self'", "'unsafe-inline'"],
        'font-src': ["'self'"],
      },
    },
  });
  // Closed unless CORS_ORIGINS names the origins that may call from a browser.
  app.enableCors({ origin: options.config.corsOrigins.length > 0 ? options.config.corsOrigins : false });
  serveOpenApi(app);
  const dashboard = join(projectRoot(), 'dist', 'dashboard');
  if (existsSync(join(dashboard, 'index.html'))) {
    app.useStaticAssets({ root: dashboard, prefix: '/' });
  } else {
    Logger.warn('dashboard not built (npm run build:dashboard); serving the API only', 'Api');
  }
  // The kiosk app, a build of its own (npm run build:kiosk), at /kiosk/ (/kiosk is sent there).
  const kioskApp = join(projectRoot(), 'dist', 'kiosk');
  if (existsSync(join(kioskApp, 'index.html'))) {
    app.useStaticAssets({ root: kioskApp, prefix: '/kiosk', decorateReply: false, redirect: true });
  }
  return app;
}

/**
 * Many HTTP clients send `content-type: application/json` with an empty body on a POST that
 * needs none (revoke, rotate, logout): that counts as no body, for every route. Any other body
 * is parsed as Fastify does (refusing __proto__ and constructor poisoning).
 */
function acceptEmptyJsonBodies(app: NestFastifyApplication): void {
  const parseJson = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  app.useBodyParser<Server>('application/json', { bodyLimit: MAX_BATCH_BYTES }, (request, body, done) => {
    if (body.toString().trim() === '') return done(null, undefined);
    // Fastify's own JSON parser answers through done; its type also allows a promise.
    void parseJson(request, body as unknown as string, done);
  });
}

const CONNECTION_GRACE_MS = 5_000;

/**
 * Closes the app. Kiosks keep their connections open and keep posting (answered 503 while the
 * app stops), so the server would wait for them for ever: each is closed as soon as it is idle,
 * and after a grace period any left. A request cut short is resent and counted once.
 */
export async function closeApiApp(app: NestFastifyApplication): Promise<void> {
  const http = app.getHttpServer() as Server;
  const closeIdle = setInterval(() => http.closeIdleConnections(), 100);
  const closeAll = setTimeout(() => http.closeAllConnections(), CONNECTION_GRACE_MS);
  try {
    await app.close();
  } finally {
    clearInterval(closeIdle);
    clearTimeout(closeAll);
  }
}
