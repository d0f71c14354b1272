import { z } from 'zod';
import { deliveriesQuery, subscriptionBody } from './subscription.schema';

type JsonSchema = { properties?: Record<string, JsonSchema & { description?: string }>; required?: string[] };

/** Query parameters from the zod schema the endpoint validates with, so the two cannot drift apart. */
function queryParameters(schema: z.ZodType) {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: 'query', required: json.required?.includes(name) ?? false, description, schema: rest };
  });
}

const id = [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }];
const security = [{ bearer: [] }];
const tags = ['reports'];
const unauthorized = { 401: { description: 'No valid token.' } };
const subscription = '{id, email, scope, wardCode, schedule, language, formats, createdAt}';
const delivery =
  '{id, subscriptionId, username, email, scope, wardCode, schedule, periodStart, status (queued|sent|failed), attempts, lastError, createdAt, updatedAt, sentAt, bytes}';
const adminsOnly = { 403: { description: 'Not an admin.' } };

/** The OpenAPI paths of scheduled reports (subscriptions and deliveries), for openapi.ts. */
export const subscriptionsPaths = {
  '/api/v1/reports/subscriptions': {
    get: {
      tags,
      summary: 'The signed-in user’s active report subscriptions',
      security,
      responses: { 200: { description: `[${subscription}]` }, ...unauthorized, 403: { description: 'An API token.' } },
    },
    post: {
      tags,
      summary:
        'Subscribes the signed-in user to a scheduled report by e-mail (ward staff: their ward; city officials and admins: the city or any ward)',
      security,
      requestBody: {
        required: true,
        content: { 'application/json': { schema: z.toJSONSchema(subscriptionBody, { io: 'input' }) } },
      },
      responses: {
        201: { description: subscription },
        400: { description: 'A bad field, named in `message`, or an unknown ward.' },
        ...unauthorized,
        403: { description: 'Ward staff naming the city or another ward; an API token.' },
        409: { description: 'E-mail is not set up on this server (SMTP_URL).' },
      },
    },
  },
  '/api/v1/reports/subscriptions/{id}': {
    delete: {
      tags,
      summary: 'Cancels one of the signed-in user’s subscriptions',
      security,
      parameters: id,
      responses: {
        204: { description: 'Cancelled: no further report is sent.' },
        ...unauthorized,
        404: { description: 'No active subscription of yours with that id.' },
      },
    },
  },
  '/api/v1/reports/deliveries': {
    get: {
      tags,
      summary: 'Admins: the newest scheduled-report deliveries, failed ones first with their error and attempts',
      security,
      parameters: queryParameters(deliveriesQuery),
      responses: { 200: { description: `[${delivery}]` }, ...unauthorized, ...adminsOnly },
    },
  },
  '/api/v1/reports/deliveries/{id}/retry': {
    post: {
      tags,
      summary: 'Admins: sends a failed delivery again, from its first attempt',
      security,
      parameters: id,
      responses: {
        202: { description: `${delivery}, queued again.` },
        ...unauthorized,
        ...adminsOnly,
        404: { description: 'No such delivery.' },
        409: { description: 'The delivery is not failed (sent, or still being tried), or e-mail is not set up.' },
      },
    },
  },
};
