import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { envelopeSchema, eventSchema } from '@kiosk-pulse/contract/validation';
import { alertsPaths } from './alerts/alerts.openapi';
import { auditQuery } from './audit/audit-query';
import { campaignsPaths } from './campaigns/campaigns.openapi';
import { jsonBody, queryParameters } from './http/openapi-parts';
import { pairKioskBody } from './kiosks/pair-kiosk.schema';
import { publicViewSchema } from './public/public-view.schema';
import { reportsPaths } from './reports/reports.openapi';
import { funnelQuery, heatmapQuery, summaryQuery, timeseriesQuery, wardsQuery } from './stats/stats-range';
import { subscriptionsPaths } from './reports/subscriptions.openapi';
import { targetsPaths } from './targets/targets.openapi';
import { populationBody, populationFigureBody } from './wards/population.schema';

const errors = {
  400: { description: 'A bad parameter, named in `message`.' },
  401: { description: 'No valid token.' },
  403: { description: 'Outside the caller’s ward scope.' },
};

const statsGet = (summary: string, schema: z.ZodType) => ({
  get: {
    tags: ['stats'],
    summary,
    security: [{ bearer: [] }],
    parameters: queryParameters(schema),
    responses: { 200: { description: 'JSON, or CSV with `format=csv`.' }, ...errors },
  },
});

const wardCodeParameter = {
  name: 'code',
  in: 'path',
  required: true,
  description: 'Official 5-digit code of the ward.',
  schema: { type: 'string', pattern: '^\\d{5}$' },
};

const POPULATION_ANSWER =
  '{total, aged60Plus, source, asOf}, and only when they say something: estimate: true (the residents’ figure is an estimate), ' +
  'aged60PlusSource {source, asOf, estimate?} (the 60+ figure’s own source and date), adults18Plus {total, source, asOf, estimate?}.';

const adminOnly = {
  403: { description: 'Not an admin: city officials and ward staff read populations but do not set them.' },
};

/** The API's OpenAPI document, served at /api/docs (and /api/docs-json). */
export function openApiDocument(): OpenAPIObject {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kiosk Pulse API',
      version: '1',
      description:
        'Anonymous usage events from the digital-transformation kiosks of Ho Chi Minh City, and the figures made from them. ' +
        'Days are city days (Asia/Ho_Chi_Minh). Totals are exact; age-group counts are published per closed city day ' +
        'with small cells hidden (docs/privacy.md): a number is exact, { atLeast: n } a lower bound (0: hidden).',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A sign-in token, an API token or ADMIN_TOKEN.' },
      },
    },
    paths: {
      '/api/v1/events': {
        post: {
          tags: ['ingest'],
          summary: 'A kiosk posts a batch of 1 to 500 events (Authorization: Bearer <kiosk key>)',
          security: [{ bearer: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  ...envelopeSchema,
                  properties: {
                    ...envelopeSchema.properties,
                    events: { ...envelopeSchema.properties.events, items: eventSchema },
                  },
                },
              },
            },
          },
          responses: {
            202: { description: '{accepted, rejected: [{index, code, message}]} once the accepted events are queued.' },
            400: { description: 'A malformed envelope.' },
            401: { description: 'A missing or unknown kiosk key.' },
            413: { description: 'A body over 512 KiB.' },
            415: { description: 'Not application/json.' },
            429: { description: 'Too many posts from this kiosk; see Retry-After.' },
            503: { description: 'The queue cannot take the batch; keep the events and retry after Retry-After.' },
          },
        },
      },
      '/api/v1/stats/summary': statsGet(
        'The headline figures over [from, to), with the previous period of the same length',
        summaryQuery,
      ),
      '/api/v1/stats/timeseries': statsGet('One metric per hour or city day, zero-filled', timeseriesQuery),
      '/api/v1/stats/wards': statsGet(
        'Every ward’s counts, rates per 10,000 residents where known, and the median ward. Each ward’s `population` is the one in force on the range’s last city day, with its source and date, and says when a figure is an estimate (see PUT /api/v1/wards/{code}/population)',
        wardsQuery,
      ),
      '/api/v1/stats/heatmap': statsGet('A metric by weekday and hour of the day (city time)', heatmapQuery),
      '/api/v1/stats/funnel': statsGet(
        'Per guide: started, completed, completion rate, median and 90th-percentile duration, by age group',
        funnelQuery,
      ),
      '/api/v1/stats/kiosks': statsGet('The headline figures per kiosk in the caller’s scope', summaryQuery),
      '/api/v1/wards/{code}/population': {
        put: {
          tags: ['populations'],
          summary:
            'Sets a ward’s residents (and those aged 60+) with their source and date (admins): a figure of another date is added to the ward’s history, one of the same date replaced',
          security: [{ bearer: [] }],
          parameters: [wardCodeParameter],
          requestBody: jsonBody(populationBody),
          responses: {
            200: { description: `The population as given: ${POPULATION_ANSWER}` },
            400: errors[400],
            401: errors[401],
            ...adminOnly,
            404: { description: 'No such ward.' },
          },
        },
        delete: {
          tags: ['populations'],
          summary:
            'Removes every residents’ figure of a ward, shipped ones included, and the 60+ figures beside them: no rate is shown for it (admins)',
          security: [{ bearer: [] }],
          parameters: [wardCodeParameter],
          responses: {
            204: { description: 'Removed.' },
            400: errors[400],
            401: errors[401],
            ...adminOnly,
            404: { description: 'The ward has no residents’ figure.' },
          },
        },
      },
      '/api/v1/wards/{code}/populations': {
        get: {
          tags: ['populations'],
          summary:
            'A ward’s population history, every group (residents, adults18Plus, aged60Plus), newest first (whoever may read the ward)',
          security: [{ bearer: [] }],
          parameters: [wardCodeParameter],
          responses: {
            200: {
              description:
                '{wardCode, figures: [{group, population, source, asOf, until, estimate, shipped, updatedBy, updatedAt}]}: each figure is used from asOf until the next one of its group (until, excluded; null for the latest), and before the oldest the oldest is used. shipped: the official figures of the 2025 reorganisation (as of 2024-12-31) that come with Kiosk Pulse.',
            },
            400: { description: 'Not a ward code, or no such ward.' },
            401: errors[401],
            403: { description: 'Ward staff asking for another ward.' },
          },
        },
        post: {
          tags: ['populations'],
          summary:
            'Adds a figure to a ward’s history (admins): residents, or adults 18+ and people 60+ (no official per-ward figure: estimates unless said otherwise). It is used from its date on; one of the same group and date is replaced, and the audit log (ward.population.add) keeps what it replaced',
          security: [{ bearer: [] }],
          parameters: [wardCodeParameter],
          requestBody: jsonBody(populationFigureBody),
          responses: {
            201: { description: 'The figure as the history now has it (as in GET).' },
            400: { description: 'A bad field, named in `message`; not a ward code, or no such ward.' },
            401: errors[401],
            ...adminOnly,
          },
        },
      },
      '/api/v1/wards/{code}/populations/{group}/{asOf}': {
        delete: {
          tags: ['populations'],
          summary:
            'Removes one figure of a ward’s history (admins; audited as ward.population.remove): the one before it is used again. A residents’ figure goes with the 60+ figure entered beside it',
          security: [{ bearer: [] }],
          parameters: [
            wardCodeParameter,
            {
              name: 'group',
              in: 'path',
              required: true,
              schema: { enum: ['residents', 'adults18Plus', 'aged60Plus'] },
            },
            { name: 'asOf', in: 'path', required: true, schema: { type: 'string', format: 'date' } },
          ],
          responses: {
            204: { description: 'Removed.' },
            400: errors[400],
            401: errors[401],
            ...adminOnly,
            404: { description: 'No figure of that group and date.' },
          },
        },
      },
      '/api/v1/audit': {
        get: {
          tags: ['audit'],
          summary:
            'The audit log, newest first: changes, sign-ins, and who read or exported which figures (admins: all; ward staff: the reads and exports of their ward)',
          security: [{ bearer: [] }],
          parameters: queryParameters(auditQuery),
          responses: {
            200: {
              description:
                'Entries {id, at, actor, action, targetType, targetId, targetName, details}. A read (stats.read) or export (stats.export) targets its ward or the city; its details are {role, view, from, to, export?}, never a figure.',
            },
            400: errors[400],
            401: errors[401],
            403: { description: 'Not an admin or ward staff; or ward staff asking for another ward, or for changes.' },
          },
        },
      },
      '/api/v1/kiosks/{id}/pairing-code': {
        post: {
          tags: ['kiosks'],
          summary:
            'A pairing code for the kiosk app: single use, valid 10 minutes; a newer one makes the older unused ones invalid (admins, or ward staff of the kiosk’s ward)',
          security: [{ bearer: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: {
            201: {
              description:
                '{kioskId, code, url, expiresAt}: `code` is 8 letters and digits without look-alikes, as XXXX-XXXX; `url` is the kiosk app’s address with the code after `#pair=`, for a QR code.',
            },
            401: errors[401],
            403: { description: 'A city official: officials read kiosks but do not manage them.' },
            404: { description: 'No such kiosk, or one of another ward (the two are not told apart).' },
          },
        },
      },
      '/api/v1/kiosk/pair': {
        post: {
          tags: ['kiosks'],
          summary:
            'The kiosk app exchanges a pairing code for a new key of its kiosk, without signing in (limited per address). The kiosk’s old key stops working; a revoked kiosk is active again',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: z.toJSONSchema(pairKioskBody, { io: 'input' }) } },
          },
          responses: {
            200: { description: '{kioskId, key, label, wardCode, wardName}: the key is in this answer only.' },
            400: { description: 'Not {code}, or not a code’s shape (8 letters and digits).' },
            404: {
              description:
                'No such code, or it was used or has expired (the three are not told apart): ask ward staff for a new one.',
            },
            429: { description: 'Too many attempts from this address; see Retry-After.' },
          },
        },
      },
      '/api/v1/public/view': {
        get: {
          tags: ['public'],
          summary: 'The public view of a share link, without signing in (cached a few seconds, limited per address)',
          parameters: [
            {
              name: 'x-share-token',
              in: 'header',
              required: true,
              description: 'The share link’s token (what follows # in its address).',
              schema: { type: 'string' },
            },
          ],
          responses: {
            200: {
              description: 'Today’s totals, exact; every breakdown under the public rule (threshold 10, rounded to 5).',
              content: { 'application/json': { schema: z.toJSONSchema(publicViewSchema) } },
            },
            404: { description: 'No such link, or it was revoked (the two are not told apart).' },
            429: { description: 'Too many reads from this address; see Retry-After.' },
          },
        },
      },
      ...targetsPaths,
      ...campaignsPaths,
      ...reportsPaths,
      ...alertsPaths,
      ...subscriptionsPaths,
    },
  } as unknown as OpenAPIObject;
}

export function serveOpenApi(app: NestFastifyApplication): void {
  SwaggerModule.setup('api/docs', app, openApiDocument());
}
