import type { FastifyInstance } from 'fastify';

const INGEST_ROUTE = '/api/v1/events';

/**
 * Kiosks send their batches as plain JSON. A body in another Content-Encoding (gzip, br, ...)
 * is refused with 415 as soon as its headers are in, before Fastify reads it: it would
 * otherwise be parsed as broken JSON (400).
 */
export function refuseEncodedBodies(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const encoding = request.headers['content-encoding']?.trim().toLowerCase();
    if (
      !encoding ||
      encoding === 'identity' ||
      request.method !== 'POST' ||
      request.routeOptions.url !== INGEST_ROUTE
    ) {
      return done();
    }
    void reply.code(415).send({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: 'send the batch uncompressed (no Content-Encoding, or identity); this server does not decode bodies',
    });
  });
}
