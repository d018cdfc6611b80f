import { resolvePointer as readerResolvePointer, resolveRef } from '@nox-energy/spec-reader';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { OpenApiDocument } from './load.js';

/** A JSON object node of the spec. */
export type Node = Record<string, unknown>;

/** The `$id` under which the whole spec is registered with ajv, so `#/components/...` refs resolve. */
const SPEC_ID = 'urn:nox-energy:openapi';

// ajv-formats is CommonJS with `exports.default`; depending on the loader the default import is the
// plugin itself or the module object holding it.
type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  (addFormatsModule as unknown as FormatsPlugin);

export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows a local JSON pointer (`#/components/schemas/X`) in the document. */
export function resolvePointer(doc: OpenApiDocument, ref: string): unknown {
  return readerResolvePointer(doc, ref);
}

/** Follows `$ref`s until a node without one. Siblings of a `$ref` (hints, descriptions) are read before calling this. */
export function deref(doc: OpenApiDocument, value: unknown): Node {
  const node = resolveRef(doc, value);
  if (!isNode(node)) {
    throw new Error('Expected a schema object in the spec');
  }
  return node;
}

/** The schema's `default`, looking through `$ref`s (a property may carry it or the schema it refers to). */
export function defaultOf(doc: OpenApiDocument, value: unknown): unknown {
  let node = value;
  for (let hops = 0; isNode(node) && hops <= 32; hops++) {
    if ('default' in node) {
      return node.default;
    }
    if (typeof node.$ref !== 'string') {
      return undefined;
    }
    node = resolvePointer(doc, node.$ref);
  }
  return undefined;
}

/**
 * The finite set of values a schema allows (its `enum` or `const`, through `$ref`s, `oneOf` and `anyOf`), leaving
 * out `null`; `undefined` when the set is not finite (e.g. any string).
 */
export function finiteValues(doc: OpenApiDocument, value: unknown): unknown[] | undefined {
  const node = deref(doc, value);
  if (Array.isArray(node.enum)) {
    return node.enum.filter((item) => item !== null);
  }
  if ('const' in node) {
    return node.const === null ? [] : [node.const];
  }
  const branches = Array.isArray(node.oneOf) ? node.oneOf : Array.isArray(node.anyOf) ? node.anyOf : undefined;
  if (!branches) {
    return node.type === 'null' ? [] : undefined;
  }
  const values: unknown[] = [];
  for (const branch of branches) {
    const branchValues = finiteValues(doc, branch);
    if (branchValues === undefined) {
      return undefined;
    }
    for (const item of branchValues) {
      if (!values.includes(item)) {
        values.push(item);
      }
    }
  }
  return values;
}

/**
 * Copies the spec for ajv, adjusting the two places where OpenAPI's `discriminator` and ajv's differ:
 * - ajv derives the mapping from each branch's `const` and refuses an explicit `mapping`, so it is dropped
 *   (the spec's mapping and the branches' consts say the same; the spec's lint keeps them in step);
 * - ajv applies a discriminated `oneOf` only to objects and lets any other value through, while OpenAPI's
 *   discriminator only ever selects object schemas, so a discriminated schema without a `type` gets
 *   `type: object` (a JSON array or string body is then a 400, as it should be).
 */
function forAjv(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(forAjv);
  }
  if (!isNode(value)) {
    return value;
  }
  const copy: Node = {};
  for (const [key, child] of Object.entries(value)) {
    copy[key] = forAjv(child);
  }
  if (isNode(copy.discriminator)) {
    const { mapping: _mapping, ...discriminator } = copy.discriminator;
    copy.discriminator = discriminator;
    if (copy.type === undefined) {
      copy.type = 'object';
    }
  }
  return copy;
}

/** Points local refs of a schema taken out of the spec back at the registered spec. */
function anchorRefs(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(anchorRefs);
  }
  if (!isNode(value)) {
    return value;
  }
  const copy: Node = {};
  for (const [key, child] of Object.entries(value)) {
    copy[key] =
      key === '$ref' && typeof child === 'string' && child.startsWith('#') ? SPEC_ID + child : anchorRefs(child);
  }
  return copy;
}

export interface SchemaCompiler {
  /** Compiles a schema node of the spec (refs resolve against the spec). Call at start, never per request. */
  compile(schema: unknown): ValidateFunction;
}

/** ajv for JSON Schema 2020-12 with formats and OpenAPI discriminators, holding the whole spec. */
export function createSchemaCompiler(doc: OpenApiDocument): SchemaCompiler {
  const ajv = new Ajv2020({ strict: false, discriminator: true, allErrors: false });
  addFormats(ajv);
  ajv.addSchema(forAjv(doc) as Node, SPEC_ID);
  return {
    compile: (schema) => ajv.compile(forAjv(anchorRefs(schema)) as Node),
  };
}

/** Compiles a schema that is not part of the spec (e.g. the config file's), with the same ajv options. */
export function compileStandalone(schema: Node): ValidateFunction {
  const ajv = new Ajv2020({ strict: true, allErrors: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

export type { ErrorObject, ValidateFunction };
