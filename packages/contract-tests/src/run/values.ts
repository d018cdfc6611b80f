// Configured values must themselves satisfy the schema, or every generated request would be invalid.
import type { SchemaValidator } from '../schema/validator.js';
import { deref, isObject, type JsonObject, type JsonSchema, type OpenApiDocument } from '../spec/document.js';
import type { OperationSpec } from '../spec/operations.js';

/** Throws naming the field and the rule when a configured value breaks a schema it is used for. */
export function checkConfiguredValues(
  doc: OpenApiDocument,
  validator: SchemaValidator,
  operations: OperationSpec[],
  values: Readonly<Record<string, readonly unknown[]>>,
): void {
  for (const operation of operations) {
    const schemas: [string, JsonSchema][] = operation.parameters.map((p) => [p.name, p.schema]);
    if (operation.requestBody?.schema !== undefined) {
      collectProperties(doc, operation.requestBody.schema, schemas, new Set());
    }
    for (const [name, schema] of schemas) {
      (values[name] ?? []).forEach((value, index) => {
        const errors = validator.errors(schema, value);
        if (errors) {
          throw new Error(
            `values.${name}[${index}] = ${JSON.stringify(value)} does not fit the schema of "${name}" in ${operation.operationId}: ${errors.join('; ')}`,
          );
        }
      });
    }
  }
}

function collectProperties(doc: OpenApiDocument, schema: JsonSchema, out: [string, JsonSchema][], seen: Set<unknown>) {
  if (typeof schema === 'boolean' || seen.has(schema)) {
    return;
  }
  seen.add(schema);
  const resolved = deref<JsonObject>(doc, schema);
  for (const [name, property] of Object.entries(isObject(resolved.properties) ? resolved.properties : {})) {
    out.push([name, property as JsonSchema]);
    collectProperties(doc, property as JsonSchema, out, seen);
  }
  for (const keyword of ['oneOf', 'anyOf', 'allOf'] as const) {
    for (const branch of Array.isArray(resolved[keyword]) ? (resolved[keyword] as JsonSchema[]) : []) {
      collectProperties(doc, branch, out, seen);
    }
  }
  if (resolved.items !== undefined) {
    collectProperties(doc, resolved.items as JsonSchema, out, seen);
  }
}

/** Every property name a schema describes, at any depth (through `$ref`, `allOf`/`oneOf`/`anyOf` and `items`). */
export function propertyNames(doc: OpenApiDocument, schema: JsonSchema): string[] {
  const out: [string, JsonSchema][] = [];
  collectProperties(doc, schema, out, new Set());
  return [...new Set(out.map(([name]) => name))];
}
