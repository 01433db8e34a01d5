import { describe, expect, it } from 'vitest';

import { generate } from './generate.mjs';

const ERROR = {
  title: 'Error',
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'string' } },
};

/** A document in drf-yasg's dialect: one definition and one operation. */
const swagger = (definition, operation = {}) => ({
  swagger: '2.0',
  info: { title: 'T', version: 'v1' },
  definitions: { Thing: definition },
  paths: {
    '/things/{id}/': {
      parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }],
      get: {
        operationId: 'things_read',
        parameters: [
          { name: 'tag', in: 'query', type: 'array', items: { type: 'string' } },
          { name: 'limit', in: 'query', type: 'integer' },
        ],
        responses: {
          200: { description: '', schema: { $ref: '#/definitions/Thing' } },
          400: { description: 'Error', schema: ERROR },
          404: { description: 'Error', schema: ERROR },
        },
        ...operation,
      },
    },
  },
});

const squash = (text) => text.replace(/\s+/g, ' ');

describe('generate', () => {
  it('keeps required, optional, x-nullable, enums, maps, bare objects and any value apart', () => {
    const text = squash(
      generate(
        swagger({
          type: 'object',
          required: ['urn', 'status'],
          properties: {
            urn: { type: 'string', readOnly: true },
            domain: { type: 'string', 'x-nullable': true },
            status: { type: 'string', enum: ['active', 'removed'] },
            props: { type: 'object', additionalProperties: { type: 'string' } },
            health: { type: 'object' },
            tags: { type: 'array', items: { type: 'string' } },
            before: { title: 'Before', description: 'any JSON value' },
          },
        }),
      ),
    );
    expect(text).toContain(
      'Thing: { urn: string; domain?: string | null; status: "active" | "removed"; ' +
        'props?: Record<string, string>; health?: Record<string, unknown>; tags?: string[]; ' +
        '/** any JSON value */ before?: unknown; };',
    );
  });

  it('types operations: path and query parameters, responses, a shared error body', () => {
    const text = squash(generate(swagger({ type: 'object', properties: {} })));
    expect(text).toContain('things_read: { method: "get"; url: "/things/{id}/";');
    expect(text).toContain('path: { id: string; }; query: { tag?: string[]; limit?: number; };');
    expect(text).toContain('Thing: Record<string, never>;');
    expect(text).toContain('200: Definitions["Thing"];');
    expect(text).toContain('404: SharedResponses["Error"];');
    expect(text).toContain('export interface SharedResponses { Error: { error: string; }; }');
  });

  it('throws on what it does not understand instead of typing it unknown', () => {
    expect(() => generate(swagger({ type: 'object', discriminator: 'kind' }))).toThrow(
      "Thing: unsupported schema keyword 'discriminator'",
    );
    expect(() => generate(swagger({ $ref: '#/definitions/Missing' }))).toThrow(
      'Thing: unknown $ref #/definitions/Missing',
    );
    const twoErrors = {
      responses: { 400: { schema: ERROR }, 403: { schema: { ...ERROR, required: [] } } },
    };
    expect(() => generate(swagger({ type: 'object' }, twoErrors))).toThrow(
      'two different schemas titled Error',
    );
    expect(() => generate({ ...swagger({}), swagger: '3.0' })).toThrow('expected Swagger 2.0');
  });
});
