// Turns a JSON Schema (OpenAPI 3.1, or 3.0 with `nullable`) into a flat shape that two versions can be
// compared on: $ref resolved (siblings of a $ref win, as in 3.1), allOf merged, and a oneOf/anyOf of one
// schema plus `null` folded into that schema marked nullable. Nested schemas are normalized lazily, when the
// comparison reaches them.

/** @typedef {Record<string, any>} Json */
/**
 * @typedef {object} Normalized
 * @property {Json} schema the flat schema (no $ref, no allOf; nested schemas untouched)
 * @property {string[]} refs the $ref chain followed to get here (for cycle detection and the report)
 * @property {boolean} nullable whether null is allowed besides the schema's own types
 */

/**
 * A resolver of local `#/...` references in one document.
 * @param {Json} doc
 * @returns {(ref: string) => any}
 */
export function createResolver(doc) {
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

/** @param {Json} schema */
function isNullOnly(schema) {
  const t = schema.type;
  return t === 'null' || (Array.isArray(t) && t.length === 1 && t[0] === 'null') || schema.const === null;
}

/**
 * @param {(ref: string) => any} resolve
 * @param {unknown} input
 * @param {string[]} [refs]
 * @returns {Normalized}
 */
export function normalize(resolve, input, refs = []) {
  if (input === true || input === undefined || input === null) {
    return { schema: {}, refs, nullable: false };
  }
  if (input === false) {
    return { schema: { not: {} }, refs, nullable: false };
  }
  /** @type {Json} */
  let schema = /** @type {Json} */ (input);
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
      const only = /** @type {Normalized} */ (others[0]);
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
 * @param {Json} a
 * @param {Json} b
 * @returns {Json}
 */
export function merge(a, b) {
  /** @type {Json} */
  const out = { ...a };
  for (const [key, value] of Object.entries(b)) {
    if (value === undefined) {
      continue;
    }
    if (key === 'properties' && a.properties) {
      /** @type {Json} */
      const props = { ...a.properties };
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
      out.enum = a.enum.filter((x) => value.some((/** @type {unknown} */ y) => sameJson(x, y)));
    } else {
      out[key] = value;
    }
  }
  return out;
}

/**
 * @param {unknown} a
 * @param {unknown} b
 */
export function sameJson(a, b) {
  return stableStringify(a) === stableStringify(b);
}

/**
 * JSON with object keys sorted, so that key order never counts as a change.
 * @param {unknown} value
 * @returns {string}
 */
export function stableStringify(value) {
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
