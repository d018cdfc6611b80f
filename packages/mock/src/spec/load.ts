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
