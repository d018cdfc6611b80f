import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** An OpenAPI document as parsed JSON. The mock reads it; it never relies on a compiled-in copy. */
export type OpenApiDocument = Record<string, unknown>;

/** Reads the bundled spec that `@nox-energy/docs` publishes (`dist/openapi.json`). */
export function loadBundledSpec(): OpenApiDocument {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@nox-energy/docs/openapi.json');
  return JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
}

/** Reads a bundled spec file in JSON (`redocly bundle --ext json` makes one); errors name the file and the reason. */
export function readSpecFile(file: string): OpenApiDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: is not valid JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !('paths' in parsed)) {
    throw new Error(`${file}: is not an OpenAPI document (no "paths")`);
  }
  return parsed as OpenApiDocument;
}
