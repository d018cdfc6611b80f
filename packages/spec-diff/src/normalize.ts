// Turns a JSON Schema (OpenAPI 3.1, or 3.0 with `nullable`) into a flat shape that two versions can be
// compared on: $ref resolved (siblings of a $ref win, as in 3.1), allOf merged, and a oneOf/anyOf of one
// schema plus `null` folded into that schema marked nullable. Nested schemas are normalized lazily, when the
// comparison reaches them.

// biome-ignore lint/suspicious/noExplicitAny: OpenAPI documents are walked as free-form JSON.
export type Json = Record<string, any>;

export interface Normalized {
  /** The flat schema (no $ref, no allOf; nested schemas untouched). */
  schema: Json;
  /** The $ref chain followed to get here (for cycle detection and the report). */
  refs: string[];
  /** Whether null is allowed besides the schema's own types. */
  nullable: boolean;
}

/** Looks up a local `#/...` reference. */
// biome-ignore lint/suspicious/noExplicitAny: the target of a $ref is free-form JSON.
export type Resolve = (ref: string) => any;

/**
 * A resolver of local `#/...` references in one document.
 */
export function createResolver(doc: Json): Resolve {
  return (ref) => {
    if (!ref.startsWith('#/')) {
      throw new Error(`$ref ${ref} is not local: compare bundled specs (redocly bundle) so every $ref is "#/..."`);
    }
    let node = doc;
    for (const raw of ref.slice(2).split('/')) {
      const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
      node = node?.[key];
    }
    if (node === undefined) {
      throw new Error(`$ref ${ref} points to nothing`);
    }
    return node;
  };
}

/** @param schema */
function isNullOnly(schema: Json) {
  const t = schema.type;
  return t === 'null' || (Array.isArray(t) && t.length === 1 && t[0] === 'null') || schema.const === null;
}

export function normalize(resolve: Resolve, input: unknown, refs: string[] = []): Normalized {
  if (input === true || input === undefined || input === null) {
    return { schema: {}, refs, nullable: false };
  }
  if (input === false) {
    return { schema: { not: {} }, refs, nullable: false };
  }
  let schema: Json = input as Json;
  let chain = refs;
  let nullable = schema.nullable === true;

  if (typeof schema.$ref === 'string') {
    const { $ref, ...siblings } = schema;
    if (chain.includes($ref)) {
      return { schema: { ...siblings, 'x-diff-cycle': $ref }, refs: chain, nullable };
    }
    const target = normalize(resolve, resolve($ref), [...chain, $ref]);
    chain = target.refs;
    nullable = nullable || target.nullable;
    schema = merge(target.schema, siblings);
  }

  if (Array.isArray(schema.allOf)) {
    const { allOf, ...rest } = schema;
    let merged = {};
    for (const part of allOf) {
      const n = normalize(resolve, part, chain);
      nullable = nullable || n.nullable;
      merged = merge(merged, n.schema);
    }
    schema = merge(merged, rest);
  }

  for (const key of ['oneOf', 'anyOf']) {
    const variants = schema[key];
    if (!Array.isArray(variants)) {
      continue;
    }
    const normalized = variants.map((v) => normalize(resolve, v, chain));
    const others = normalized.filter((v) => !isNullOnly(v.schema));
    if (others.length === 1 && others.length < normalized.length) {
      const { [key]: _folded, ...rest } = schema;
      const only = others[0] as Normalized;
      schema = merge(only.schema, rest);
      chain = only.refs;
      nullable = true;
    }
  }

  if (schema.nullable !== undefined) {
    const { nullable: _drop, ...rest } = schema;
    schema = rest;
  }
  return { schema, refs: chain, nullable };
}

/**
 * Merges two schemas that must both hold (allOf, or a $ref and its siblings): properties and required
 * add up, type and enum intersect, any other keyword of `b` wins (a use site's description overrides the
 * component's).
 */
export function merge(a: Json, b: Json): Json {
  const out: Json = { ...a };
  for (const [key, value] of Object.entries(b)) {
    if (value === undefined) {
      continue;
    }
    if (key === 'properties' && a.properties) {
      const props: Json = { ...a.properties };
      for (const [name, schema] of Object.entries(value)) {
        props[name] = name in props ? { allOf: [props[name], schema] } : schema;
      }
      out.properties = props;
    } else if (key === 'required' && a.required) {
      out.required = [...new Set([...a.required, ...value])];
    } else if (key === 'type' && a.type !== undefined) {
      const left = [a.type].flat();
      const both = [value].flat().filter((t) => left.includes(t) || (t === 'integer' && left.includes('number')));
      out.type = both.length === 1 ? both[0] : both;
    } else if (key === 'enum' && Array.isArray(a.enum)) {
      out.enum = a.enum.filter((x) => value.some((y: unknown) => sameJson(x, y)));
    } else {
      out[key] = value;
    }
  }
  return out;
}

export function sameJson(a: unknown, b: unknown) {
  return stableStringify(a) === stableStringify(b);
}

/**
 * JSON with object keys sorted, so that key order never counts as a change.
 */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(stableStringify).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
