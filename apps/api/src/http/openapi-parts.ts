import { z } from 'zod';

/*
 * What every feature's OpenAPI paths are made of, for the api's document (openapi.ts, which
 * composes the features' paths: these parts live apart from it, so that a feature's paths do
 * not import the module that imports them).
 */

type JsonSchema = { properties?: Record<string, JsonSchema & { description?: string }>; required?: string[] };

/** Query parameters from the zod schema the endpoint validates with, so the two cannot drift apart. */
export function queryParameters(schema: z.ZodType) {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: 'query', required: json.required?.includes(name) ?? false, description, schema: rest };
  });
}

/** A required JSON body, from the zod schema the endpoint parses it with. */
export const jsonBody = (schema: z.ZodType) => ({
  required: true,
  content: { 'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) } },
});

/**
 * The parts of one feature's paths, signed in with a bearer token: its tag, the security, the
 * `{id}` path parameter (a UUID), and the 400 and 401 every endpoint with a body or query answers.
 */
export function featureParts(tag: string) {
  return {
    tags: [tag],
    security: [{ bearer: [] }],
    id: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
    errors: {
      400: { description: 'A bad field, named in `message`.' },
      401: { description: 'No valid token.' },
    },
  };
}
