// The arbitrary builder and the mutations, checked against ajv: generated values validate, mutated ones don't.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  arbitraryFor,
  bodyMutations,
  createValidator,
  DEFAULT_VALUES,
  type JsonSchema,
  listOperations,
  loadBundledSpec,
  type OpenApiDocument,
} from '../src/index.js';
import { allowedValues } from '../src/schema/mutations.js';

const doc = loadBundledSpec();
const validator = createValidator(doc);
const schemaNames = Object.keys((doc.components as { schemas: Record<string, unknown> }).schemas);
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
/** A schema with its `$ref` followed. */
const resolve = (schema: unknown): Record<string, unknown> => {
  const target = (schema as { $ref?: string }).$ref;
  const schemas = (doc.components as { schemas: Record<string, unknown> }).schemas;
  return target ? resolve(schemas[target.split('/').pop() as string]) : (schema as Record<string, unknown>);
};

describe('arbitraryFor: every generated value validates against its schema', () => {
  test.each(schemaNames)('%s', (name) => {
    fc.assert(
      fc.property(arbitraryFor(doc, ref(name), validator), (value) => {
        const errors = validator.errors(ref(name), value);
        if (errors) {
          throw new Error(`${JSON.stringify(value)}: ${errors.join('; ')}`);
        }
      }),
      { numRuns: 100, seed: 1 },
    );
  });

  test('every request body of the spec, with configured values in place', () => {
    const values = DEFAULT_VALUES;
    const [field, [value]] = Object.entries(values)[0] as [string, unknown[]];
    for (const operation of listOperations(doc)) {
      const schema = operation.requestBody?.schema;
      if (schema === undefined) {
        continue;
      }
      fc.assert(
        fc.property(arbitraryFor(doc, schema, validator, { values }), (body) => {
          expect(validator.errors(schema, body)).toBeUndefined();
          if (field in (body as object)) {
            expect((body as Record<string, unknown>)[field]).toBe(value);
          }
        }),
        { numRuns: 100, seed: 2 },
      );
    }
  });

  // Keywords the NOX spec does not use yet; a spec that starts using them must still get valid values.
  const synthetic = {
    openapi: '3.1.0',
    info: { title: 'synthetic', version: '1' },
    paths: {},
    components: {
      schemas: {
        Everything: {
          type: 'object',
          required: ['id', 'when', 'count', 'ratio', 'tags', 'nullable', 'code', 'long', 'mixed', 'merged'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            when: { type: 'string', format: 'date-time' },
            day: { type: 'string', format: 'date' },
            mail: { type: 'string', format: 'email' },
            count: { type: 'integer', minimum: 5, exclusiveMaximum: 50, multipleOf: 5 },
            ratio: { type: 'number', minimum: 0, maximum: 1 },
            tags: {
              type: 'array',
              items: { type: 'string', minLength: 2, maxLength: 4 },
              minItems: 1,
              uniqueItems: true,
            },
            nullable: { type: ['string', 'null'], maxLength: 3 },
            code: { type: 'string', pattern: '^[A-Z]{2}-[0-9]{3}$' },
            // Longer than the default maximum length of a string without bounds.
            long: { type: 'string', pattern: '^sha256=[0-9a-f]{64}$' },
            mixed: { anyOf: [{ type: 'boolean' }, { type: 'integer', maximum: 0 }] },
            merged: {
              allOf: [
                { $ref: '#/components/schemas/Named' },
                { required: ['size'], properties: { size: { type: 'integer' } } },
              ],
            },
            nested: { type: 'object', properties: { deep: { $ref: '#/components/schemas/Named' } } },
          },
        },
        Named: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } },
      },
    },
  } as unknown as OpenApiDocument;
  const syntheticValidator = createValidator(synthetic);

  test('formats, bounds, arrays, nullable types, patterns, anyOf and allOf', () => {
    const schema = { $ref: '#/components/schemas/Everything' };
    fc.assert(
      fc.property(arbitraryFor(synthetic, schema, syntheticValidator), (value) => {
        expect(syntheticValidator.errors(schema, value)).toBeUndefined();
      }),
      { numRuns: 200, seed: 3 },
    );
  });
});

describe('bodyMutations: every mutation breaks the schema', () => {
  const operations = listOperations(doc).filter((op) => op.requestBody?.schema !== undefined);

  test.each(operations.map((op) => [op.operationId, op] as const))('%s', (_, operation) => {
    const schema = operation.requestBody?.schema as JsonSchema;
    fc.assert(
      fc.property(arbitraryFor(doc, schema, validator), (body) => {
        const mutations = bodyMutations(doc, validator, schema, body);
        expect(mutations.length).toBeGreaterThan(0);
        for (const mutation of mutations) {
          expect(validator.isValid(schema, mutation.body), mutation.description).toBe(false);
        }
        // The mutations start from a copy: the valid body is left as it was.
        expect(validator.isValid(schema, body)).toBe(true);
      }),
      { numRuns: 30, seed: 4 },
    );
  });

  test('cover each required field, wrong types, enums, formats, lengths and the other variant', () => {
    // The operation whose body has variants (a oneOf with a discriminator).
    const operation = operations.find((op) =>
      JSON.stringify(resolve(op.requestBody?.schema)).includes('"discriminator"'),
    );
    const schema = operation?.requestBody?.schema as JsonSchema;
    const body = operation?.requestBody?.examples.find((example) => validator.isValid(schema, example));
    const mutations = bodyMutations(doc, validator, schema, body);
    const kinds = new Set(mutations.map((m) => m.kind));
    expect(kinds).toEqual(
      new Set([
        'not-an-object',
        'missing-required',
        'wrong-type',
        'outside-enum',
        'bad-format',
        'too-long',
        'too-short',
        'other-variant-value',
      ]),
    );
    // Each required property of the variant the body belongs to is left out once.
    const variant = (resolve(schema).oneOf as JsonSchema[]).map(resolve).find((v) => validator.isValid(v, body)) as {
      required: string[];
      properties: Record<string, JsonSchema>;
    };
    const missing = mutations.filter((m) => m.kind === 'missing-required').map((m) => m.pointer.slice(1));
    expect(missing).toEqual(variant.required);
    // A value only another variant allows (a brand of the other asset type) is sent under this variant.
    const otherVariant = mutations.filter((m) => m.kind === 'other-variant-value');
    expect(otherVariant.length).toBeGreaterThan(0);
    for (const mutation of otherVariant) {
      const name = mutation.pointer.slice(1);
      const sent = (mutation.body as Record<string, unknown>)[name];
      expect(allowedValues(doc, variant.properties[name] as JsonSchema)).not.toContain(sent);
    }
  });

  test('allowedValues looks through $ref, oneOf and anyOf', () => {
    const brands = allowedValues(doc, ref('Brand'));
    const heatPump = allowedValues(doc, ref('HeatPumpBrand'));
    const pv = allowedValues(doc, ref('PvBrand'));
    expect(brands).toEqual([...heatPump, ...pv]);
  });
});
