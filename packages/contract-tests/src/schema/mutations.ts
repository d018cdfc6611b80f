// Negative data: a valid request body, changed in one place so that it breaks the schema.
// Every mutation here is derived from the schema itself; each mutated body is confirmed invalid with ajv.
import { deref, isObject, type JsonObject, type JsonSchema, type OpenApiDocument } from '../spec/document.js';
import { codePointLength } from './arbitrary.js';
import type { SchemaValidator } from './validator.js';

export type MutationKind =
  | 'missing-required'
  | 'wrong-type'
  | 'outside-enum'
  | 'bad-format'
  | 'too-long'
  | 'too-short'
  | 'below-minimum'
  | 'above-maximum'
  | 'other-variant-value'
  | 'not-an-object';

export interface BodyMutation {
  kind: MutationKind;
  /** JSON pointer of the changed location (`/brand`), `''` for the whole body. */
  pointer: string;
  /** What was done, for the report: `brand = "sma" (a value of another variant)`. */
  description: string;
  body: unknown;
}

/** Strings that break a format but keep the JSON type. */
const INVALID_FORMAT_SAMPLES: Record<string, string> = {
  uri: 'not a uri',
  url: 'not a url',
  'uri-reference': 'http://exa mple.com/ spaces',
  email: 'not-an-email',
  uuid: 'not-a-uuid',
  hostname: '-not-a-hostname-',
  ipv4: '999.999.999.999',
  ipv6: 'not:an:ipv6',
  'date-time': 'yesterday',
  date: '2024-13-45',
  time: '25:61:61',
};

/** One value of each JSON type, tried in this order when a property needs a value of the wrong type. */
const TYPE_SAMPLES: unknown[] = [12345, 'a string', true, null, { unexpected: 'object' }, ['unexpected', 'array']];

/**
 * Every schema-derived way to break `validBody`, each a single change. `schema` is the request body's
 * schema; `validBody` must validate against it. Mutations that happen to stay valid are dropped.
 */
export function bodyMutations(
  doc: OpenApiDocument,
  validator: SchemaValidator,
  schema: JsonSchema,
  validBody: unknown,
): BodyMutation[] {
  const mutations: BodyMutation[] = [];
  const add = (kind: MutationKind, pointer: string, description: string, body: unknown) => {
    if (!validator.isValid(schema, body)) {
      mutations.push({ kind, pointer, description, body });
    }
  };

  if (isObject(validBody)) {
    add('not-an-object', '', 'the body is a JSON array instead of an object', [validBody]);
    mutateObject(doc, validator, schema, validBody, '', (kind, pointer, description, replace) =>
      add(kind, pointer, description, replace(structuredClone(validBody))),
    );
  }
  return dedupe(mutations);
}

type Emit = (kind: MutationKind, pointer: string, description: string, replace: (root: JsonObject) => unknown) => void;

function mutateObject(
  doc: OpenApiDocument,
  validator: SchemaValidator,
  schema: JsonSchema,
  value: JsonObject,
  pointer: string,
  emit: Emit,
): void {
  const { objectSchema, siblings } = matchingObjectSchema(doc, validator, schema, value);
  if (!objectSchema) {
    return;
  }
  const properties = isObject(objectSchema.properties) ? (objectSchema.properties as Record<string, JsonSchema>) : {};
  const required = Array.isArray(objectSchema.required) ? (objectSchema.required as string[]) : [];
  const at = (root: JsonObject): JsonObject => pointAt(root, pointer);

  for (const name of required) {
    emit('missing-required', `${pointer}/${name}`, `required property "${name}" left out`, (root) => {
      delete at(root)[name];
      return root;
    });
  }

  for (const [name, propertySchema] of Object.entries(properties)) {
    const where = `${pointer}/${name}`;
    const set = (newValue: unknown) => (root: JsonObject) => {
      at(root)[name] = newValue;
      return root;
    };
    const current = value[name];
    const leaf = deref<JsonObject>(doc, propertySchema);

    for (const sample of TYPE_SAMPLES) {
      if (jsonType(sample) !== jsonType(current) && !validator.isValid(propertySchema, sample)) {
        emit('wrong-type', where, `"${name}" = ${show(sample)} (a ${jsonType(sample)})`, set(sample));
        break;
      }
    }

    const allowed = allowedValues(doc, propertySchema);
    const firstString = allowed.find((v): v is string => typeof v === 'string');
    if (firstString !== undefined) {
      const outside = [firstString.toUpperCase(), `${firstString}-not-allowed`].find(
        (candidate) => !validator.isValid(propertySchema, candidate),
      );
      if (outside !== undefined) {
        emit('outside-enum', where, `"${name}" = ${show(outside)} (not an allowed value)`, set(outside));
      }
    }

    const format = typeof leaf.format === 'string' ? INVALID_FORMAT_SAMPLES[leaf.format] : undefined;
    if (format !== undefined) {
      emit('bad-format', where, `"${name}" = ${show(format)} (not a ${leaf.format})`, set(format));
    }

    if (typeof leaf.maxLength === 'number') {
      const base = typeof current === 'string' ? current : (firstString ?? '');
      const tooLong = base + 'a'.repeat(Math.max(1, leaf.maxLength + 1 - codePointLength(base)));
      emit(
        'too-long',
        where,
        `"${name}" is ${codePointLength(tooLong)} characters (max ${leaf.maxLength})`,
        set(tooLong),
      );
    }
    if (typeof leaf.minLength === 'number' && leaf.minLength > 0) {
      const tooShort = [...(typeof current === 'string' ? current : '')].slice(0, leaf.minLength - 1).join('');
      emit(
        'too-short',
        where,
        `"${name}" is ${codePointLength(tooShort)} characters (min ${leaf.minLength})`,
        set(tooShort),
      );
    }
    if (typeof leaf.minimum === 'number') {
      const below = leaf.type === 'integer' ? Math.ceil(leaf.minimum) - 1 : leaf.minimum - 1;
      emit('below-minimum', where, `"${name}" = ${below} (minimum ${leaf.minimum})`, set(below));
    }
    if (typeof leaf.maximum === 'number') {
      const above = leaf.type === 'integer' ? Math.floor(leaf.maximum) + 1 : leaf.maximum + 1;
      emit('above-maximum', where, `"${name}" = ${above} (maximum ${leaf.maximum})`, set(above));
    }

    // A value that another variant of the same oneOf/anyOf accepts here, but this variant does not
    // (e.g. a brand of the other asset type).
    for (const sibling of siblings) {
      const siblingProperties = isObject(sibling.properties) ? (sibling.properties as Record<string, JsonSchema>) : {};
      const siblingProperty = siblingProperties[name];
      if (siblingProperty === undefined) {
        continue;
      }
      const foreign = allowedValues(doc, siblingProperty).filter(
        (candidate) => candidate !== null && !validator.isValid(propertySchema, candidate),
      );
      for (const candidate of pickSpread(foreign, 3)) {
        emit(
          'other-variant-value',
          where,
          `"${name}" = ${show(candidate)} (allowed only in another variant)`,
          set(candidate),
        );
      }
    }

    if (isObject(current)) {
      mutateObject(doc, validator, propertySchema, current, where, emit);
    }
  }
}

/**
 * The object schema `value` was built from: `$ref` followed, and for `oneOf`/`anyOf` the branch that accepts
 * the value. `siblings` are the other object branches (for the other-variant mutation).
 */
function matchingObjectSchema(
  doc: OpenApiDocument,
  validator: SchemaValidator,
  schema: JsonSchema,
  value: unknown,
): { objectSchema: JsonObject | undefined; siblings: JsonObject[] } {
  const resolved = deref<JsonObject>(doc, schema);
  const branches = (resolved.oneOf ?? resolved.anyOf) as JsonSchema[] | undefined;
  if (!Array.isArray(branches)) {
    const isObjectSchema = resolved.type === 'object' || isObject(resolved.properties);
    return { objectSchema: isObjectSchema ? resolved : undefined, siblings: [] };
  }
  const index = branches.findIndex((branch) => validator.isValid(branch, value));
  if (index < 0) {
    return { objectSchema: undefined, siblings: [] };
  }
  const chosen = matchingObjectSchema(doc, validator, branches[index] as JsonSchema, value).objectSchema;
  const siblings = branches
    .filter((_, other) => other !== index)
    .map((branch) => deref<JsonObject>(doc, branch))
    .filter((branch) => isObject(branch.properties));
  return { objectSchema: chosen, siblings };
}

/** Every value an `enum`/`const` allows, looking through `$ref`, `oneOf` and `anyOf`. */
export function allowedValues(doc: OpenApiDocument, schema: JsonSchema): unknown[] {
  if (typeof schema === 'boolean') {
    return [];
  }
  const resolved = deref<JsonObject>(doc, schema);
  if ('const' in resolved) {
    return [resolved.const];
  }
  if (Array.isArray(resolved.enum)) {
    return resolved.enum;
  }
  const branches = (resolved.oneOf ?? resolved.anyOf) as JsonSchema[] | undefined;
  return Array.isArray(branches) ? branches.flatMap((branch) => allowedValues(doc, branch)) : [];
}

function pointAt(root: JsonObject, pointer: string): JsonObject {
  let current: unknown = root;
  for (const token of pointer.split('/').slice(1)) {
    current = (current as JsonObject)[token];
  }
  return current as JsonObject;
}

function jsonType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'array';
  }
  if (value === undefined) {
    return 'undefined';
  }
  return typeof value;
}

/** Up to `count` values spread over the list (first, middle, last), so the report stays short. */
function pickSpread<T>(values: T[], count: number): T[] {
  if (values.length <= count) {
    return values;
  }
  const picked = new Set<T>();
  for (let i = 0; i < count; i++) {
    picked.add(values[Math.round((i * (values.length - 1)) / (count - 1))] as T);
  }
  return [...picked];
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function dedupe(mutations: BodyMutation[]): BodyMutation[] {
  const seen = new Set<string>();
  return mutations.filter((m) => {
    const key = JSON.stringify(m.body);
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}
