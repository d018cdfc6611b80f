// The built files under test, and JSON Schema validation against the bundled spec.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const rootDir = resolve(packageDir, '../..');
export const distDir = join(packageDir, 'dist');
export const siteDir = join(distDir, 'site');

// ajv-formats is CommonJS with `exports.default`: depending on the loader the default import is the plugin
// itself or the module object holding it.
type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  (addFormatsModule as unknown as FormatsPlugin);

// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is walked as plain JSON.
export type Json = any;

export function readBundle(): Json {
  return JSON.parse(readFileSync(join(distDir, 'openapi.json'), 'utf8'));
}

/** Follows a JSON pointer (`/a/b~1c`) into `doc`. */
export function atPointer(doc: Json, pointer: string): Json {
  return pointer
    .split('/')
    .slice(1)
    .map((key) => key.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((node, key) => node?.[key], doc);
}

export const pointerKey = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Validators for any schema of `spec`, by JSON pointer: the whole document is one JSON Schema resource,
 * so `#/components/schemas/...` references resolve as they do for any OpenAPI 3.1 tool.
 */
export function schemaValidators(spec: Json): (schemaPointer: string) => ValidateFunction {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  const id = 'urn:nox:openapi';
  ajv.addSchema({ ...structuredClone(spec), $id: id }, id, undefined, false);
  return (schemaPointer) => {
    const validate = ajv.getSchema(`${id}#${schemaPointer}`);
    if (!validate) {
      throw new Error(`no schema at ${schemaPointer}`);
    }
    return validate;
  };
}

export interface ExampleCheck {
  /** Where the example is (JSON pointer). */
  where: string;
  /** The schema it must satisfy (JSON pointer). */
  schema: string;
  value: unknown;
}

/**
 * Every example of the document with the schema it illustrates: named and single examples of media types
 * and parameters, `examples` arrays of schemas, and the decoded JSON of a base64url parameter example
 * against its `contentSchema`.
 */
export function examplesOf(spec: Json): ExampleCheck[] {
  const found: ExampleCheck[] = [];
  const deref = (node: Json): Json =>
    typeof node?.$ref === 'string' ? deref(atPointer(spec, node.$ref.slice(1))) : node;
  const visit = (node: Json, pointer: string) => {
    if (!node || typeof node !== 'object') {
      return;
    }
    if (Array.isArray(node)) {
      for (const [i, child] of node.entries()) {
        visit(child, `${pointer}/${i}`);
      }
      return;
    }
    if (Array.isArray(node.examples)) {
      node.examples.forEach((value: unknown, i: number) => {
        found.push({ where: `${pointer}/examples/${i}`, schema: pointer, value });
      });
    }
    if (node.schema && typeof node.schema === 'object') {
      const schema = `${pointer}/schema`;
      if (node.example !== undefined) {
        found.push({ where: `${pointer}/example`, schema, value: node.example });
      }
      if (node.examples && !Array.isArray(node.examples)) {
        for (const [name, example] of Object.entries(node.examples)) {
          const { value } = deref(example);
          if (value !== undefined) {
            found.push({ where: `${pointer}/examples/${pointerKey(name)}`, schema, value });
          }
        }
      }
      const target = deref(node.schema);
      if (
        typeof node.example === 'string' &&
        target.contentSchema &&
        target.contentEncoding === 'base64url' &&
        target.contentMediaType === 'application/json'
      ) {
        found.push({
          where: `${pointer}/example (decoded)`,
          schema: `${schema}/contentSchema`,
          value: JSON.parse(Buffer.from(node.example, 'base64url').toString('utf8')),
        });
      }
    }
    for (const [key, child] of Object.entries(node)) {
      if (key !== 'examples' && key !== 'example') {
        visit(child, `${pointer}/${pointerKey(key)}`);
      }
    }
  };
  visit(spec, '');
  return found;
}

/** The examples of `spec` that do not satisfy their schema, with ajv's reasons. */
export function invalidExamples(spec: Json): string[] {
  const validatorAt = schemaValidators(spec);
  return examplesOf(spec).flatMap(({ where, schema, value }) => {
    const validate = validatorAt(schema);
    return validate(value) ? [] : [`${where}: ${JSON.stringify(validate.errors)}`];
  });
}
