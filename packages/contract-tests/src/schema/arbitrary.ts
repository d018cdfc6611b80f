// fast-check arbitraries built from JSON Schema (2020-12, the subset OpenAPI 3.1 specs use): every value
// they generate validates against the schema. Shrinking comes from fast-check's own combinators.
import fc from 'fast-check';
import { deref, isObject, type JsonObject, type JsonSchema, type OpenApiDocument } from '../spec/document.js';
import type { SchemaValidator } from './validator.js';

export interface ArbitraryOptions {
  /**
   * Values the schema cannot know, by property name: a property of that name anywhere in the generated
   * value takes one of these instead of a generated value (e.g. a `redirect_url` the account allows).
   */
  values?: Readonly<Record<string, readonly unknown[]>>;
  /** Nesting depth after which optional properties are left out and arrays stay empty. */
  maxDepth?: number;
}

/** A string length bound when the schema sets none: long enough to matter, short enough to stay fast. */
const DEFAULT_MAX_LENGTH = 64;
const DEFAULT_MAX_ITEMS = 5;

/** Any code point except the surrogate halves (JSON text cannot carry a lone one). */
const anyCodePoint = () =>
  fc.integer({ min: 0, max: 0x10ffff - 0x800 }).map((n) => String.fromCodePoint(n < 0xd800 ? n : n + 0x800));

let characterUnit: fc.Arbitrary<string> | undefined;
/** Mostly printable ASCII, then any printable code point, now and then any code point at all (built on first use). */
function characters(): fc.Arbitrary<string> {
  characterUnit ??= fc.oneof(
    { weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme-composite', minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: anyCodePoint() },
  );
  return characterUnit;
}

const ASSERTION_KEYWORDS = new Set([
  'type',
  'enum',
  'const',
  'properties',
  'required',
  'items',
  'prefixItems',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'oneOf',
  'anyOf',
  'allOf',
  'not',
  'additionalProperties',
]);

/**
 * An arbitrary of values valid against `schema`. `validator` keeps `oneOf` honest: a value produced by one
 * branch that another branch also accepts would break "exactly one", so such values are dropped.
 */
export function arbitraryFor(
  doc: OpenApiDocument,
  schema: JsonSchema,
  validator: SchemaValidator,
  options: ArbitraryOptions = {},
): fc.Arbitrary<unknown> {
  const values = options.values ?? {};
  const maxDepth = options.maxDepth ?? 4;

  const build = (raw: JsonSchema, depth: number): fc.Arbitrary<unknown> => {
    if (raw === true) {
      return fc.jsonValue({ maxDepth: 2 });
    }
    if (raw === false) {
      throw new Error('Cannot generate a value for the schema `false`');
    }
    const schema = flatten(doc, raw);

    if ('const' in schema) {
      return fc.constant(schema.const);
    }
    if (Array.isArray(schema.enum)) {
      return fc.constantFrom(...schema.enum);
    }
    if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) {
      return buildChoice(schema, depth);
    }
    const types = typesOf(schema);
    if (types.length > 1) {
      return fc.oneof(...types.map((type) => buildType(type, schema, depth)));
    }
    return buildType(types[0] ?? 'any', schema, depth);
  };

  const buildChoice = (schema: JsonObject, depth: number): fc.Arbitrary<unknown> => {
    const exclusive = Array.isArray(schema.oneOf);
    const branches = (exclusive ? schema.oneOf : schema.anyOf) as JsonSchema[];
    const { oneOf: _oneOf, anyOf: _anyOf, ...rest } = schema;
    // Keywords next to oneOf/anyOf (a shared `type`, `properties`, ...) apply to every branch.
    const shared = Object.keys(rest).some((key) => ASSERTION_KEYWORDS.has(key)) ? rest : undefined;
    const arbitraries = branches.map((branch, index) => {
      const arbitrary = build(shared ? { allOf: [shared, branch] } : branch, depth);
      if (!exclusive) {
        return arbitrary;
      }
      const others = branches.filter((_, other) => other !== index);
      return arbitrary.filter((value) => !others.some((other) => validator.isValid(other, value)));
    });
    return fc.oneof(...arbitraries);
  };

  const buildType = (type: string, schema: JsonObject, depth: number): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return integerArbitrary(schema);
      case 'number':
        return numberArbitrary(schema);
      case 'string':
        return stringArbitrary(schema);
      case 'array':
        return arrayArbitrary(schema, depth);
      case 'object':
        return objectArbitrary(schema, depth);
      default:
        return fc.jsonValue({ maxDepth: 1 });
    }
  };

  const arrayArbitrary = (schema: JsonObject, depth: number): fc.Arbitrary<unknown[]> => {
    const minLength = numberOr(schema.minItems, 0);
    const maxLength = depth >= maxDepth ? minLength : numberOr(schema.maxItems, minLength + DEFAULT_MAX_ITEMS);
    const items = build((schema.items as JsonSchema | undefined) ?? true, depth + 1);
    return schema.uniqueItems === true
      ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
      : fc.array(items, { minLength, maxLength });
  };

  const objectArbitrary = (schema: JsonObject, depth: number): fc.Arbitrary<unknown> => {
    const properties = isObject(schema.properties) ? (schema.properties as Record<string, JsonSchema>) : {};
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [name, propertySchema] of Object.entries(properties)) {
      if (!required.has(name) && depth >= maxDepth) {
        continue;
      }
      const known = values[name];
      model[name] = known && known.length > 0 ? fc.constantFrom(...known) : build(propertySchema, depth + 1);
    }
    for (const name of required) {
      // A required property the schema does not describe: any JSON value satisfies it.
      model[name] ??= fc.jsonValue({ maxDepth: 1 });
    }
    return fc.record(model, { requiredKeys: [...required] });
  };

  return build(schema, 0);
}

/** `$ref` followed, `allOf` merged into one schema (the subset of merging that object and string schemas need). */
function flatten(doc: OpenApiDocument, raw: JsonSchema): JsonObject {
  const schema = deref<JsonObject>(doc, raw);
  if (!Array.isArray(schema.allOf)) {
    return schema;
  }
  const { allOf, ...rest } = schema;
  let merged: JsonObject = {};
  for (const part of [...(allOf as JsonSchema[]), rest]) {
    merged = mergeSchemas(merged, typeof part === 'boolean' ? {} : flatten(doc, part));
  }
  return merged;
}

function mergeSchemas(a: JsonObject, b: JsonObject): JsonObject {
  const merged: JsonObject = { ...a, ...b };
  if (isObject(a.properties) || isObject(b.properties)) {
    merged.properties = { ...(a.properties as JsonObject), ...(b.properties as JsonObject) };
  }
  if (Array.isArray(a.required) || Array.isArray(b.required)) {
    merged.required = [...new Set([...((a.required as string[]) ?? []), ...((b.required as string[]) ?? [])])];
  }
  for (const bound of ['minLength', 'minimum', 'minItems'] as const) {
    if (typeof a[bound] === 'number' && typeof b[bound] === 'number') {
      merged[bound] = Math.max(a[bound], b[bound]);
    }
  }
  for (const bound of ['maxLength', 'maximum', 'maxItems'] as const) {
    if (typeof a[bound] === 'number' && typeof b[bound] === 'number') {
      merged[bound] = Math.min(a[bound], b[bound]);
    }
  }
  return merged;
}

function typesOf(schema: JsonObject): string[] {
  if (typeof schema.type === 'string') {
    return [schema.type];
  }
  if (Array.isArray(schema.type)) {
    return schema.type as string[];
  }
  if (isObject(schema.properties) || Array.isArray(schema.required)) {
    return ['object'];
  }
  if (schema.items !== undefined) {
    return ['array'];
  }
  if (typeof schema.format === 'string' || typeof schema.pattern === 'string' || 'maxLength' in schema) {
    return ['string'];
  }
  return [];
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

function integerArbitrary(schema: JsonObject): fc.Arbitrary<number> {
  let min = typeof schema.minimum === 'number' ? Math.ceil(schema.minimum) : -(2 ** 31);
  let max = typeof schema.maximum === 'number' ? Math.floor(schema.maximum) : 2 ** 31 - 1;
  if (typeof schema.exclusiveMinimum === 'number') {
    min = Math.max(min, Math.floor(schema.exclusiveMinimum) + 1);
  }
  if (typeof schema.exclusiveMaximum === 'number') {
    max = Math.min(max, Math.ceil(schema.exclusiveMaximum) - 1);
  }
  const step = typeof schema.multipleOf === 'number' && Number.isInteger(schema.multipleOf) ? schema.multipleOf : 1;
  if (step === 1) {
    return fc.integer({ min, max });
  }
  return fc.integer({ min: Math.ceil(min / step), max: Math.floor(max / step) }).map((n) => n * step);
}

function numberArbitrary(schema: JsonObject): fc.Arbitrary<number> {
  const min = typeof schema.minimum === 'number' ? schema.minimum : -1e9;
  const max = typeof schema.maximum === 'number' ? schema.maximum : 1e9;
  let arbitrary = fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n));
  if (typeof schema.exclusiveMinimum === 'number') {
    const bound = schema.exclusiveMinimum;
    arbitrary = arbitrary.filter((n) => n > bound);
  }
  if (typeof schema.exclusiveMaximum === 'number') {
    const bound = schema.exclusiveMaximum;
    arbitrary = arbitrary.filter((n) => n < bound);
  }
  return arbitrary;
}

/** Length as JSON Schema counts it: in code points. */
export function codePointLength(value: string): number {
  return [...value].length;
}

function stringArbitrary(schema: JsonObject): fc.Arbitrary<string> {
  const minLength = numberOr(schema.minLength, 0);
  const maxLength = numberOr(schema.maxLength, Math.max(minLength, DEFAULT_MAX_LENGTH));
  // A format or a pattern bounds its own length: only the schema's own bounds filter it (the default maximum
  // would reject every value of a pattern longer than it, and the filter would never end).
  const ownMaxLength = numberOr(schema.maxLength, Number.POSITIVE_INFINITY);
  const fitsLength = (s: string) => codePointLength(s) >= minLength && codePointLength(s) <= ownMaxLength;

  if (typeof schema.format === 'string') {
    const formatted = formatArbitrary(schema.format);
    if (formatted) {
      return formatted.filter(fitsLength);
    }
  }
  if (typeof schema.pattern === 'string') {
    return fc.stringMatching(new RegExp(schema.pattern, 'u')).filter(fitsLength);
  }
  // Boundary lengths are where validators go wrong, so they come up more often than chance would have it.
  const general = fc.string({ unit: characters(), minLength, maxLength });
  const boundaries = [minLength, maxLength]
    .filter((length, index, all) => all.indexOf(length) === index)
    .map((length) => fc.string({ unit: characters(), minLength: length, maxLength: length }));
  return fc.oneof({ weight: 8, arbitrary: general }, ...boundaries.map((arbitrary) => ({ weight: 1, arbitrary })));
}

function formatArbitrary(format: string): fc.Arbitrary<string> | undefined {
  switch (format) {
    case 'uri':
    case 'url':
      return fc.webUrl({ withQueryParameters: true, withFragments: true });
    case 'uri-reference':
      return fc.oneof(fc.webUrl(), fc.webPath());
    case 'email':
      return fc.emailAddress();
    case 'uuid':
      return fc.uuid();
    case 'hostname':
      return fc.domain();
    case 'ipv4':
      return fc.ipV4();
    case 'ipv6':
      return fc.ipV6();
    case 'date-time':
      return isoDate().map((d) => d.toISOString());
    case 'date':
      return isoDate().map((d) => d.toISOString().slice(0, 10));
    case 'time':
      return isoDate().map((d) => `${d.toISOString().slice(11, 19)}Z`);
    default:
      return undefined;
  }
}

function isoDate(): fc.Arbitrary<Date> {
  return fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true });
}
