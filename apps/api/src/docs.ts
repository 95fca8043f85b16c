import { type INestApplication, ParseUUIDPipe } from '@nestjs/common';
import { PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, type OperationObject, type ParameterObject, SwaggerModule } from '@nestjs/swagger';
import { PUBLIC_PAGES_PATHS } from './certificates/public-pages.js';
import { IS_PUBLIC } from './common/auth.decorators.js';
import { responseSchemas, useResponseSchemas, wantsSerializedResponse } from './common/serialized-response.js';

const BEARER = 'bearer';

/**
 * The OpenAPI document at /docs-json (Swagger UI at /docs). The web application generates its typed client
 * from it, so it says exactly what the routes do: a summary and a readable operationId (the controller
 * method's name) on each, which routes need a token, which path ids are UUIDs, and each error code.
 */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return buildDocument(app).document;
}

function buildDocument(app: INestApplication): { document: OpenAPIObject; operationIds: OperationIds } {
  const config = new DocumentBuilder()
    .setTitle('Amahoro API')
    .setDescription(
      'Training courses of a peace academy: enrolment, grading, verifiable certificates. ' +
        'Errors share one body: { statusCode, error, message, code }. Browsers keep the refresh token in an HttpOnly ' +
        'cookie that login and refresh set; refresh and logout read it when the body has none (with an X-Requested-With header).',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER)
    .build();
  const operationIds = new OperationIds();
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: (controller, method) => operationIds.of(controller, method) });
  describeHandlers(app, document, operationIds);
  // Fastify reads no body on a GET, so a GET never answers 413.
  for (const item of Object.values(document.paths)) delete item.get?.responses['413'];
  Object.assign(document.paths, PUBLIC_PAGES_PATHS);
  return { document, operationIds };
}

/** The docs, and the response schemas of the routes marked @SerializedResponse(): before `app.init()` registers the routes. */
export function setupDocs(app: NestFastifyApplication): void {
  const { document, operationIds } = buildDocument(app);
  for (const { handler, operation } of handlers(app, document, operationIds)) {
    if (wantsSerializedResponse(handler)) useResponseSchemas(handler, responseSchemas(operation, document, operation.operationId!));
  }
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}

/**
 * Each operation is named after its controller method (`listCourses`), which must be unique across the API;
 * should two collide, the later one is prefixed with its controller so the document stays valid (and the
 * docs test fails, naming it).
 */
class OperationIds {
  private readonly byName = new Map<string, string>();
  private readonly ids = new Map<string, string>();

  of(controller: string, method: string): string {
    const key = `${controller}.${method}`;
    const known = this.ids.get(key);
    if (known) return known;
    const owner = this.byName.get(method);
    const id = owner === undefined || owner === controller ? method : `${controller.replace(/Controller$/, '')}_${method}`;
    this.byName.set(method, owner ?? controller);
    this.ids.set(key, id);
    return id;
  }

  get(controller: string, method: string): string | undefined {
    return this.ids.get(`${controller}.${method}`);
  }
}

interface Handler {
  controller: new (...args: never[]) => object;
  method: string;
  handler: object;
  operation: OperationObject;
}

/** Each route handler of the app with its operation in the document. */
function* handlers(app: INestApplication, document: OpenAPIObject, operationIds: OperationIds): Generator<Handler> {
  const operations = new Map<string, OperationObject>();
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as unknown[]) {
      const op = operation as OperationObject;
      if (op?.operationId) operations.set(op.operationId, op);
    }
  }
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[method];
        if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const id = operationIds.get(controller.name, method);
        const operation = id ? operations.get(id) : undefined;
        if (operation) yield { controller, method, handler, operation };
      }
    }
  }
}

/**
 * What Swagger cannot see from the decorators: which handlers need a token (all but @Public() ones, read as the
 * guard reads them, so controllers carry no @ApiBearerAuth), which path parameters are UUIDs.
 */
function describeHandlers(app: INestApplication, document: OpenAPIObject, operationIds: OperationIds): void {
  for (const { controller, method, handler, operation } of handlers(app, document, operationIds)) {
    const isPublic = Boolean(Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, controller));
    // A public route takes a token when one comes (staff see more), but needs none.
    operation.security = isPublic ? [{}, { [BEARER]: [] }] : [{ [BEARER]: [] }];
    for (const name of uuidParams(controller, method)) {
      const parameter = operation.parameters?.find((p) => 'in' in p && p.in === 'path' && p.name === name) as ParameterObject | undefined;
      if (parameter) parameter.schema = { ...parameter.schema, type: 'string', format: 'uuid' };
    }
  }
}

/** Path parameters read through ParseUUIDPipe. */
function uuidParams(controller: object, method: string): string[] {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, { data?: unknown; pipes?: unknown[] }>;
  return Object.entries(args)
    .filter(([key, arg]) => Number(key.split(':')[0]) === RouteParamtypes.PARAM && typeof arg.data === 'string' && (arg.pipes ?? []).some((pipe) => pipe === ParseUUIDPipe || pipe instanceof ParseUUIDPipe))
    .map(([, arg]) => arg.data as string);
}
