// JSON Schema 2020-12 validation (ajv + ajv-formats) of values against schemas of the OpenAPI document.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { isObject, type JsonSchema, type OpenApiDocument } from '../spec/document.js';

// ajv-formats is CommonJS with `exports.default`: depending on the loader, the default import is the plugin
// itself or the module object that holds it.
type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  (addFormatsModule as unknown as FormatsPlugin);

const DOCUMENT_ID = 'urn:nox-contract-tests:openapi';

export interface SchemaValidator {
  /** `undefined` when the value is valid, else readable reasons (`/brand: must be equal to one of ...`). */
  errors(schema: JsonSchema, value: unknown): string[] | undefined;
  isValid(schema: JsonSchema, value: unknown): boolean;
}

/**
 * A validator for schemas that live in (or point into) `doc`. Local `$ref`s (`#/components/...`) resolve
 * against the document. OpenAPI annotations (`discriminator`, `example`, `x-*` hints) are known keywords;
 * any other unknown keyword is an error (ajv strict mode), so a typo in the spec does not pass silently.
 */
export function createValidator(doc: OpenApiDocument): SchemaValidator {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, validateFormats: true });
  addFormats(ajv);
  for (const keyword of annotationKeywords(doc)) {
    ajv.addKeyword({ keyword });
  }
  // Only `components` is registered: ajv compiles each referenced part on demand, in strict mode.
  ajv.addSchema({ $id: DOCUMENT_ID, components: doc.components ?? {} });

  const compiled = new WeakMap<object, ValidateFunction>();
  const compile = (schema: JsonSchema): ValidateFunction => {
    if (typeof schema === 'boolean') {
      return ajv.compile(schema);
    }
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(rebaseRefs(schema) as object);
      compiled.set(schema, validate);
    }
    return validate;
  };

  return {
    errors(schema, value) {
      const validate = compile(schema);
      return validate(value) ? undefined : describeErrors(validate.errors ?? []);
    },
    isValid(schema, value) {
      return compile(schema)(value) === true;
    },
  };
}

/** `#/components/...` -> the registered document's id, so an inline schema can point into components. */
function rebaseRefs(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(rebaseRefs);
  }
  if (!isObject(value)) {
    return value;
  }
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] =
      key === '$ref' && typeof child === 'string' && child.startsWith('#') ? DOCUMENT_ID + child : rebaseRefs(child);
  }
  return out;
}

function annotationKeywords(doc: OpenApiDocument): string[] {
  const keywords = new Set(['components', 'discriminator', 'example', 'xml', 'externalDocs']);
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (isObject(value)) {
      for (const [key, child] of Object.entries(value)) {
        if (key.startsWith('x-')) {
          keywords.add(key);
        }
        walk(child);
      }
    }
  };
  walk(doc.components);
  walk(doc.paths);
  return [...keywords];
}

/**
 * Readable, de-duplicated reasons. A failed `oneOf` lists the reasons of every branch; the branch that came
 * closest (deepest instance path) is usually the one the author meant, so those come first.
 */
export function describeErrors(errors: ErrorObject[]): string[] {
  const lines = new Set<string>();
  const sorted = [...errors].sort((a, b) => depth(b.instancePath) - depth(a.instancePath));
  for (const error of sorted) {
    const where = error.instancePath || '(body)';
    const detail =
      error.keyword === 'enum'
        ? `must be one of the allowed values (${summarizeList((error.params as { allowedValues: unknown[] }).allowedValues)})`
        : error.keyword === 'additionalProperties'
          ? `must not have property "${(error.params as { additionalProperty: string }).additionalProperty}"`
          : (error.message ?? error.keyword);
    lines.add(`${where}: ${detail}`);
  }
  return [...lines].slice(0, 8);
}

function depth(path: string): number {
  return path === '' ? 0 : path.split('/').length;
}

function summarizeList(values: unknown[]): string {
  const shown = values.slice(0, 6).map((v) => JSON.stringify(v));
  return values.length > shown.length ? `${shown.join(', ')}, ... ${values.length} in all` : shown.join(', ');
}
