// Loading the OpenAPI document and following its local `$ref`s.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it) or any other JSON object of the document. */
export type JsonObject = { [key: string]: unknown };
export type JsonSchema = JsonObject | boolean;

/** The parts of an OpenAPI 3.1 document the suite reads; everything else passes through untyped. */
export interface OpenApiDocument extends JsonObject {
  openapi: string;
  info: { title: string; version: string };
  servers?: JsonObject[];
  paths?: Record<string, JsonObject>;
  components?: JsonObject;
  security?: Record<string, string[]>[];
}

/** The bundled spec of @nox-energy/docs, read from disk at run time (the package is a dependency). */
export function loadBundledSpec(): OpenApiDocument {
  const require = createRequire(import.meta.url);
  return readSpecFile(require.resolve('@nox-energy/docs/openapi.json'));
}

/** A spec file in JSON (the bundled format; `redocly bundle --ext json` produces one). */
export function readSpecFile(file: string): OpenApiDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the spec ${file}: ${(error as Error).message}`);
  }
  return asOpenApiDocument(parsed, file);
}

export function asOpenApiDocument(value: unknown, source = 'the spec'): OpenApiDocument {
  if (!isObject(value) || typeof value.openapi !== 'string' || !value.openapi.startsWith('3.1')) {
    throw new Error(`${source} is not an OpenAPI 3.1 document (field "openapi" must be "3.1.x")`);
  }
  if (!isObject(value.info) || !isObject(value.paths)) {
    throw new Error(`${source} has no "info" or no "paths"`);
  }
  return value as OpenApiDocument;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value a local JSON pointer (`#/components/schemas/X`) names in the document. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) {
    throw new Error(`Only local $refs are supported (bundle the spec first): ${ref}`);
  }
  const tokens = ref
    .slice(1)
    .split('/')
    .slice(1)
    .map((token) => decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~'));
  let current: unknown = doc;
  for (const token of tokens) {
    if (!isObject(current) && !Array.isArray(current)) {
      throw new Error(`Unresolvable $ref ${ref}`);
    }
    current = (current as Record<string, unknown>)[token];
    if (current === undefined) {
      throw new Error(`Unresolvable $ref ${ref}`);
    }
  }
  return current;
}

/**
 * Follows `$ref` until an object without one. Sibling keywords of a `$ref` (OpenAPI 3.1 allows them,
 * e.g. `description` or an `x-nox-*` hint next to the reference) are kept: they win over the target's.
 */
export function deref<T = JsonObject>(doc: unknown, value: unknown): T {
  let current = value;
  const seen = new Set<string>();
  let siblings: JsonObject = {};
  while (isObject(current) && typeof current.$ref === 'string') {
    const { $ref, ...rest } = current;
    if (seen.has($ref)) {
      throw new Error(`Circular $ref ${$ref}`);
    }
    seen.add($ref);
    siblings = { ...rest, ...siblings };
    current = resolvePointer(doc, $ref);
  }
  return (isObject(current) ? { ...current, ...siblings } : current) as T;
}
