import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OpenAPIObject, OperationObject } from '@nestjs/swagger';
import { fastify } from 'fastify';
import { responseSchemas } from './serialized-response.js';

const document = {
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths: {},
  components: {
    schemas: {
      Ref: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, code: { type: 'string', example: 'POC-101' } }, required: ['id', 'code'] },
      Item: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          summary: { type: 'string', description: 'optional' },
          status: { type: 'string', enum: ['draft', 'published'] },
          refs: { type: 'array', items: { $ref: '#/components/schemas/Ref' } },
          updatedAt: { type: 'string', format: 'date-time' },
        },
        required: ['id', 'status', 'refs', 'updatedAt'],
      },
      Error: { type: 'object', properties: { message: { type: 'string' } } },
    },
  },
} as unknown as OpenAPIObject;

const json = (ref: string) => ({ description: '', content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });
const operation = { responses: { '200': json('Item'), '503': json('Item'), '404': json('Error') } } as unknown as OperationObject;

describe('response schemas from the OpenAPI document', () => {
  it('serialise exactly as JSON.stringify does, optional properties in place, for every status documented with the same body', async () => {
    const schemas = responseSchemas(operation, document, 'getItem');
    assert.deepEqual(Object.keys(schemas).sort(), ['200', '503'], 'errors keep the filter’s JSON');
    const bodies = [
      { id: 'a', summary: 'Course', status: 'published', refs: [{ id: 'b', code: 'POC-101' }], updatedAt: '2026-03-01T08:00:00.000Z' },
      { id: 'a', summary: undefined, status: 'draft', refs: [], updatedAt: '2026-03-01T08:00:00.000Z' },
    ];
    const app = fastify();
    let next = 0;
    app.get('/', { schema: { response: schemas } }, async () => bodies[next++]);
    for (const body of bodies) {
      const reply = await app.inject({ method: 'GET', url: '/' });
      assert.equal(reply.body, JSON.stringify(body));
    }
    await app.close();
  });

  it('refuses a schema the serializer would read otherwise than the document means it', () => {
    const oneOf = { ...document, components: { schemas: { Item: { oneOf: [{ type: 'string' }, { type: 'number' }] } } } } as unknown as OpenAPIObject;
    assert.throws(() => responseSchemas(operation, oneOf, 'getItem'), /getItem: the serializer would not read "oneOf"/);
  });

  it('needs a documented JSON body', () => {
    assert.throws(() => responseSchemas({ responses: { '204': { description: '' } } } as unknown as OperationObject, document, 'deleteItem'), /needs a documented JSON body/);
  });
});
