// Loading the OpenAPI document; its local `$ref`s are followed by the shared spec reader.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isObject } from '@nox-energy/spec-reader';

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

export { deref, isObject, resolvePointer } from '@nox-energy/spec-reader';
