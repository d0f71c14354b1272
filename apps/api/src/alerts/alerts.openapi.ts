import { z } from 'zod';
import { alertsQuery, createRuleBody, rulesQuery, updateRuleBody } from './alert-rule.schema';

type JsonSchema = { properties?: Record<string, JsonSchema & { description?: string }>; required?: string[] };

/** Query parameters from the zod schema the endpoint validates with, so the two cannot drift apart. */
function queryParameters(schema: z.ZodType) {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: 'query', required: json.required?.includes(name) ?? false, description, schema: rest };
  });
}

const json = (schema: z.ZodType) => ({
  required: true,
  content: { 'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) } },
});
const id = [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }];
const security = [{ bearer: [] }];
const tags = ['alerts'];
const setters = { description: 'A city official (they read rules), or ward staff naming another ward.' };
const notFound = { description: 'No such rule, or one of another ward (the two are not told apart).' };
const errors = {
  400: { description: 'A bad field, named in `message`.' },
  401: { description: 'No valid token.' },
};
const rule =
  '{id, wardCode, kind, enabled, params, quietHours: {from, to} | null, emailTo, webhookUrl, createdBy, createdAt, updatedAt}';
const params =
  'params by kind: silent_kiosk {silentMinutes = 30, openingHours = {days: [1..6], from: "07:30", to: "17:00"}}; ' +
  'behind_pace {targetId?}; sudden_drop {dropPercent = 40, minMedian = 10, weeks = 4}. Times are city time (Asia/Ho_Chi_Minh).';
const webhook =
  'The webhook is POSTed JSON {type: alert.opened | alert.resolved, incidentId, rule, ward, subject, openedAt, resolvedAt, message (vi), details} ' +
  'with X-KioskPulse-Timestamp (Unix seconds) and X-KioskPulse-Signature: sha256=<hex HMAC-SHA256 of `${timestamp}.${body}` with the secret>. ' +
  'Only http and https to public addresses: a loopback, link-local, private or other special address in webhookUrl is refused (400) ' +
  'unless ALERT_WEBHOOK_ALLOWED_HOSTS allows it, and a host name resolving to one is refused at send time (the delivery fails); redirects are not followed.';

/** The OpenAPI paths of /api/v1/alerts, for the api's document (openapi.ts). */
export const alertsPaths = {
  '/api/v1/alerts': {
    get: {
      tags,
      summary: 'Open and recent alert incidents, open first (ward staff: their ward’s)',
      security,
      parameters: queryParameters(alertsQuery),
      responses: {
        200: {
          description:
            '[{id, ruleId, wardCode, wardName, kind, subject, subjectLabel, message (vi), details, openedAt, resolvedAt, deliveries: [{message, channel, status, attempts, lastError, sentAt}]}]',
        },
        ...errors,
        403: { description: 'Ward staff naming another ward.' },
      },
    },
  },
  '/api/v1/alerts/rules': {
    get: {
      tags,
      summary: 'The alert rules of the wards in scope',
      security,
      parameters: queryParameters(rulesQuery),
      responses: {
        200: { description: `[${rule}]` },
        ...errors,
        403: { description: 'Ward staff naming another ward.' },
      },
    },
    post: {
      tags,
      summary: 'Creates an alert rule: ward staff for their ward, admins for any',
      description: `${params} ${webhook} The answer holds webhookSecret, shown this once.`,
      security,
      requestBody: json(createRuleBody),
      responses: { 201: { description: `${rule} and webhookSecret` }, ...errors, 403: setters },
    },
  },
  '/api/v1/alerts/rules/{id}': {
    get: {
      tags,
      summary: 'One alert rule',
      security,
      parameters: id,
      responses: { 200: { description: rule }, 401: errors[401], 404: notFound },
    },
    patch: {
      tags,
      summary:
        'Changes a rule (its ward and kind stay); a webhook added where there was none gets a secret, shown once',
      description: params,
      security,
      parameters: id,
      requestBody: json(updateRuleBody),
      responses: { 200: { description: rule }, ...errors, 403: setters, 404: notFound },
    },
    delete: {
      tags,
      summary: 'Deletes a rule and its incidents',
      security,
      parameters: id,
      responses: { 204: { description: 'Deleted.' }, 401: errors[401], 403: setters, 404: notFound },
    },
  },
};
