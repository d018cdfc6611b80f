// NOX's published examples of every Package API operation and of the webhooks, walked through the bundled
// spec's schemas with ajv (JSON Schema 2020-12): every one validates, and a mutated copy of each fails.
import { describe, expect, it } from 'vitest';
import { operationsOf, webhookOperationsOf } from '../scripts/lib/operations.mjs';
import {
  atPointer,
  type ExampleCheck,
  examplesOf,
  type Json,
  pointerKey,
  readBundle,
  schemaValidators,
} from './helpers/spec.js';

const spec = readBundle();
const validatorAt = schemaValidators(spec);
const deref = (node: Json): Json =>
  typeof node?.$ref === 'string' ? deref(atPointer(spec, node.$ref.slice(1))) : node;

const packageOperations = operationsOf(spec).filter((op) =>
  (op.operation.servers ?? op.pathItem.servers ?? spec.servers).every((s: Json) => s['x-nox-api'] === 'package'),
);
const webhooks = webhookOperationsOf(spec);
const prefixOf = (op: { path: string; method: string }, root: string) =>
  `/${root}/${pointerKey(op.path)}/${op.method}/`;
const targets = [
  ...packageOperations.map((op) => ({ op, prefix: prefixOf(op, 'paths') })),
  ...webhooks.map((op) => ({ op, prefix: prefixOf(op, 'webhooks') })),
];
const all = examplesOf(spec);
/**
 * Every example an operation shows: its own, and those of the parameters, responses and media it takes
 * from components by `$ref` (followed to where they live).
 */
function examplesFor(prefix: string): ExampleCheck[] {
  const pointers = new Set<string>();
  const visit = (node: Json, pointer: string) => {
    if (!node || typeof node !== 'object' || pointers.has(pointer)) {
      return;
    }
    pointers.add(pointer);
    if (
      typeof node.$ref === 'string' &&
      /^#\/components\/(parameters|responses|requestBodies|examples)\//.test(node.$ref)
    ) {
      visit(deref(node), node.$ref.slice(1));
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      if (key !== 'schema') {
        visit(child, `${pointer}/${pointerKey(key)}`);
      }
    }
  };
  visit(atPointer(spec, prefix.slice(0, -1)), prefix.slice(0, -1));
  const roots = [...pointers];
  return all.filter((e) => roots.some((root) => e.where.startsWith(`${root}/example`)));
}

/** The properties every value of `schema` must have (through `$ref`, and common to all `anyOf`/`oneOf` branches). */
function requiredOf(schema: Json): string[] {
  const node = deref(schema);
  const own: string[] = node?.required ?? [];
  const branches: Json[] = node?.anyOf ?? node?.oneOf ?? [];
  if (!branches.length) {
    return own;
  }
  const [first = [], ...rest] = branches.map(requiredOf);
  return [...new Set([...own, ...first.filter((name) => rest.every((names) => names.includes(name)))])];
}

/** A value of another JSON type than `value`. */
function otherType(value: unknown): unknown {
  if (typeof value === 'number') {
    return 'not a number';
  }
  if (typeof value === 'string' || typeof value === 'boolean') {
    return 12345;
  }
  return Array.isArray(value) || value === null ? { unexpected: true } : 42;
}

/**
 * A copy of the example that its schema must refuse, chosen from the schema, not by hand: without its first
 * required property; or, where nothing is required, with its first property's value of another type; or,
 * for a scalar, the value itself of another type.
 */
function mutate(example: ExampleCheck): { how: string; value: unknown } {
  const value = structuredClone(example.value);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const required = requiredOf(atPointer(spec, example.schema)).find((name) => name in record);
    if (required) {
      delete record[required];
      return { how: `without ${required}`, value: record };
    }
    const [first] = Object.keys(record);
    if (first) {
      record[first] = otherType(record[first]);
      return { how: `${first} of another type`, value: record };
    }
  }
  return { how: 'of another type', value: otherType(value) };
}

describe('examples of the Package API and the webhooks', () => {
  it('cover every Package API operation (18) and every webhook, each with examples', () => {
    expect(packageOperations).toHaveLength(18);
    expect(webhooks.length).toBe(Object.keys(spec.webhooks).length);
    for (const { op, prefix } of targets) {
      const found = examplesFor(prefix);
      const own = found.filter((e) => e.where.startsWith(prefix));
      expect(
        own.filter((e) => /\/(responses\/2|requestBody\/)/.test(e.where)),
        op.operationId,
      ).not.toHaveLength(0);
      // Examples reached through $ref (shared parameters and error responses) are walked too.
      if (op.operation.parameters?.some((p: Json) => p.$ref)) {
        expect(
          found.some((e) => e.where.startsWith('/components/parameters/')),
          op.operationId,
        ).toBe(true);
      }
      if (!webhooks.includes(op)) {
        expect(
          found.some((e) => e.where.startsWith('/components/responses/ValidationFailed/')),
          op.operationId,
        ).toBe(true);
      }
    }
  });

  it.each(targets.map(({ op, prefix }) => [op.operationId, prefix] as const))(
    '%s: every example validates, and a mutated copy of each does not',
    (_id, prefix) => {
      for (const example of examplesFor(prefix)) {
        const validate = validatorAt(example.schema);
        expect(validate(example.value), `${example.where}: ${JSON.stringify(validate.errors)}`).toBe(true);
        const { how, value } = mutate(example);
        expect(validate(value), `${example.where} ${how} still validates`).toBe(false);
      }
    },
  );

  it('the mutation is chosen from the schema: a required field, else a field type, else the value type', () => {
    const body = examplesFor('/paths/~1v1~1devices~1settings/patch/requestBody/')[0] as ExampleCheck;
    expect(mutate(body).how).toBe('without user_id');
    const flex = examplesFor('/paths/~1v1~1devices~1pv~1flex/post/requestBody/')[0] as ExampleCheck;
    expect(mutate(flex)).toEqual({ how: 'target_kw of another type', value: { target_kw: 'not a number' } });
    const limit = examplesFor('/paths/~1v1~1devices/get/').find((e) =>
      e.where.includes('DeviceListLimit'),
    ) as ExampleCheck;
    expect(mutate(limit)).toEqual({ how: 'of another type', value: 'not a number' });
  });
});

describe('webhooks and pagination markers', () => {
  it.each(webhooks.map((op) => [op.path, op] as const))('%s: its event schema names that type', (type, op) => {
    const schema = deref(op.operation.requestBody.content['application/json'].schema);
    expect(schema.properties.type.const).toBe(type);
    const headers = op.operation.parameters.map(deref).filter((p: Json) => p.in === 'header');
    const recipe = spec['x-nox-webhook-signature'];
    expect(headers.map((h: Json) => h.name).sort()).toEqual(
      [recipe.idHeader, recipe.signatureHeader, recipe.timestampHeader].sort(),
    );
    expect(Object.keys(op.operation.responses).sort()).toEqual(['2XX', '4XX', '5XX']);
  });

  const paginated = operationsOf(spec).filter((op) => op.operation['x-nox-pagination']);
  it.each(paginated.map((op) => [op.operationId, op] as const))(
    '%s: x-nox-pagination points into every 200 example and names real parameters',
    (_id, op) => {
      const marker = op.operation['x-nox-pagination'];
      const parameters = op.operation.parameters.map(deref);
      const limit = parameters.find((p: Json) => p.name === marker.limitParameter && p.in === 'query');
      expect(limit.schema).toMatchObject({ minimum: 1, default: 1000 });
      expect([1000, 4000]).toContain(limit.schema.maximum);
      expect(parameters.some((p: Json) => p.name === marker.tokenParameter && p.in === 'query')).toBe(true);
      const media = op.operation.responses['200'].content['application/json'];
      for (const example of Object.values(media.examples) as Json[]) {
        expect(Array.isArray(atPointer(example.value, marker.items))).toBe(true);
        const token = atPointer(example.value, marker.nextToken);
        expect(token === null || typeof token === 'string').toBe(true);
      }
    },
  );

  it('marks the seven lists as paginated, and no other operation', () => {
    expect(paginated.map((op) => op.operationId).sort()).toEqual([
      'getFlexDown',
      'listDeviceConsumptionForecast',
      'listDevices',
      'listHouseConsumptionForecast',
      'listHouseConsumptionForecastHistory',
      'listManufacturerDevices',
      'listPvDevices',
    ]);
  });
});
