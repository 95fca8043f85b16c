// Hot routes answer through Fastify's schema-based serializer (fast-json-stringify) rather than JSON.stringify,
// with the response schemas the OpenAPI document already gives them: one description of each body, no second
// copy to drift. The serializer writes only the properties the schema names, so a route opts in only when its
// documented body is the whole body (the e2e specs compare them), and only where it pays: it halves the time of
// /health's small body, but a catalog page (25 kB, mostly long text it escapes in JS) takes it as long as
// JSON.stringify does.
import { SetMetadata } from '@nestjs/common';
import { FASTIFY_ROUTE_SCHEMA_METADATA } from '@nestjs/platform-fastify/constants.js';
import type { OpenAPIObject, OperationObject } from '@nestjs/swagger';

const SERIALIZED_RESPONSE = 'amahoro:serializedResponse';

/** Serialise this route's answers with the schemas of its documented responses. */
export const SerializedResponse = () => SetMetadata(SERIALIZED_RESPONSE, true);

export function wantsSerializedResponse(handler: object): boolean {
  return Reflect.getMetadata(SERIALIZED_RESPONSE, handler) === true;
}

/**
 * What fast-json-stringify reads of a schema; the rest (examples, enums, descriptions) does not change the output.
 * `required` is left out too: the serializer would write required properties first, and the answer keeps its order.
 */
const SERIALIZER_KEYWORDS = new Set(['type', 'properties', 'items', 'nullable', 'additionalProperties', 'format']);
const IGNORED_KEYWORDS = new Set(['required', 'enum', 'example', 'examples', 'description', 'title', 'default', 'minimum', 'maximum']);

type Schema = Record<string, unknown>;

/** The schema with its `$ref`s to components written in place, and only the keywords the serializer reads. */
function inline(schema: Schema, document: OpenAPIObject, path: string): Schema {
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const target = document.components?.schemas?.[ref.replace('#/components/schemas/', '')];
    if (!target) throw new Error(`${path}: ${ref} is not in the OpenAPI document`);
    return inline(target as Schema, document, path);
  }
  const out: Schema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'properties') {
      const properties = value as Record<string, Schema>;
      out.properties = Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, inline(property, document, `${path}.${name}`)]));
    } else if (keyword === 'items') {
      out.items = inline(value as Schema, document, `${path}[]`);
    } else if (SERIALIZER_KEYWORDS.has(keyword)) {
      out[keyword] = value;
    } else if (!IGNORED_KEYWORDS.has(keyword)) {
      // oneOf, allOf… would need the serializer's validator to pick a branch: not for a hot route.
      throw new Error(`${path}: the serializer would not read "${keyword}" as the document means it`);
    }
  }
  return out;
}

/**
 * Fastify's `schema.response` for an operation: its successful answers, and the other statuses documented with
 * the same body (a degraded health check's 503). Errors keep the exception filter's JSON.
 */
export function responseSchemas(operation: OperationObject, document: OpenAPIObject, name: string): Record<string, Schema> {
  const bodies = Object.entries(operation.responses).map(([status, response]) => {
    const schema = (response && 'content' in response ? response.content?.['application/json']?.schema : undefined) as Schema | undefined;
    return { status, schema };
  });
  const successful = bodies.filter(({ status, schema }) => status.startsWith('2') && schema);
  if (successful.length === 0) throw new Error(`${name}: @SerializedResponse() needs a documented JSON body`);
  const same = (schema?: Schema) => schema !== undefined && successful.some((s) => JSON.stringify(s.schema) === JSON.stringify(schema));
  return Object.fromEntries(bodies.filter(({ schema }) => same(schema)).map(({ status, schema }) => [status, inline(schema!, document, name)]));
}

/** Hands the route its response schemas: read by the adapter when Nest registers the route (at `app.init()`). */
export function useResponseSchemas(handler: object, schemas: Record<string, Schema>): void {
  Reflect.defineMetadata(FASTIFY_ROUTE_SCHEMA_METADATA, { ...Reflect.getMetadata(FASTIFY_ROUTE_SCHEMA_METADATA, handler), response: schemas }, handler);
}
