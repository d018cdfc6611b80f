// Rules the spec states in words, made checkable by its `x-nox-*` hints on response properties:
//   x-nox-echo: <request field>            equals what was sent (the default when omitted, else null)
//   x-nox-seconds-after: {property, seconds} this timestamp is `seconds` after `property`
//   x-nox-on-create: <value>               a 201 (creation) response carries exactly this value
//   x-nox-query: {param: field}             the URL's query parameter `param` equals the field `field`

import type { SchemaValidator } from '../schema/validator.js';
import { deref, isObject, type JsonObject, type JsonSchema, type OpenApiDocument } from '../spec/document.js';
import { findResponse, isJsonMediaType, type OperationSpec } from '../spec/operations.js';
import type { Outcome } from './response.js';

export interface SemanticsContext {
  doc: OpenApiDocument;
  validator: SchemaValidator;
}

/** The semantic outcomes for one 2xx JSON response to a JSON request body. */
export function checkSemantics(
  ctx: SemanticsContext,
  operation: OperationSpec,
  sentBody: unknown,
  status: number,
  responseBody: unknown,
): Outcome[] {
  if (status < 200 || status >= 300 || !isObject(responseBody)) {
    return [];
  }
  const documented = findResponse(operation, status);
  const mediaType = documented && Object.keys(documented.content).find(isJsonMediaType);
  const schema = mediaType ? documented.content[mediaType] : undefined;
  if (schema === undefined) {
    return [];
  }
  const properties = propertiesFor(ctx, schema, responseBody);
  const outcomes: Outcome[] = [];
  for (const [name, rawProperty] of Object.entries(properties)) {
    if (!isObject(rawProperty)) {
      continue;
    }
    // Hints sit next to a `$ref` or inside the referenced schema; `deref` keeps both.
    const propertySchema = deref<JsonObject>(ctx.doc, rawProperty);
    const actual = responseBody[name];
    if (typeof propertySchema['x-nox-echo'] === 'string') {
      const field = propertySchema['x-nox-echo'];
      const expected = expectedEcho(ctx, operation, sentBody, field);
      outcomes.push(
        deepEqual(actual, expected)
          ? { check: 'echo', ok: true }
          : {
              check: 'echo',
              ok: false,
              message: `"${name}" is ${show(actual)}, but the request's "${field}" ${describeSent(sentBody, field)} so it must be ${show(expected)}`,
            },
      );
    }
    const secondsAfter = propertySchema['x-nox-seconds-after'];
    if (
      isObject(secondsAfter) &&
      typeof secondsAfter.property === 'string' &&
      typeof secondsAfter.seconds === 'number'
    ) {
      const reference = responseBody[secondsAfter.property];
      const ok =
        typeof actual === 'number' && typeof reference === 'number' && actual - reference === secondsAfter.seconds;
      outcomes.push(
        ok
          ? { check: 'seconds_after', ok: true }
          : {
              check: 'seconds_after',
              ok: false,
              message: `"${name}" - "${secondsAfter.property}" must be ${secondsAfter.seconds} s; got ${show(actual)} - ${show(reference)}`,
            },
      );
    }
    if ('x-nox-on-create' in propertySchema && status === 201) {
      const expected = propertySchema['x-nox-on-create'];
      outcomes.push(
        deepEqual(actual, expected)
          ? { check: 'on_create', ok: true }
          : {
              check: 'on_create',
              ok: false,
              message: `"${name}" must be ${show(expected)} on creation, got ${show(actual)}`,
            },
      );
    }
    const query = propertySchema['x-nox-query'];
    if (isObject(query)) {
      outcomes.push(checkQuery(name, actual, query, responseBody));
    }
  }
  return outcomes;
}

function checkQuery(name: string, actual: unknown, query: JsonObject, body: JsonObject): Outcome {
  let url: URL;
  try {
    url = new URL(String(actual));
  } catch {
    return { check: 'query_params', ok: false, message: `"${name}" is not a URL: ${show(actual)}` };
  }
  const problems: string[] = [];
  for (const [param, field] of Object.entries(query)) {
    const expected = body[String(field)];
    const got = url.searchParams.get(param);
    if (expected === undefined || expected === null || got !== String(expected)) {
      problems.push(`query parameter "${param}" is ${show(got)}, but "${String(field)}" is ${show(expected)}`);
    }
  }
  return problems.length === 0
    ? { check: 'query_params', ok: true }
    : { check: 'query_params', ok: false, message: `"${name}": ${problems.join('; ')}` };
}

/**
 * The object properties a response body was built from: `$ref` followed, `allOf` parts combined, and of a
 * `oneOf`/`anyOf` the branch the body matches. The property schemas keep their own keywords (the hints).
 */
function propertiesFor(ctx: SemanticsContext, schema: JsonSchema, value: unknown): Record<string, JsonSchema> {
  const resolved = deref<JsonObject>(ctx.doc, schema);
  const own = isObject(resolved.properties) ? (resolved.properties as Record<string, JsonSchema>) : {};
  let merged: Record<string, JsonSchema> = { ...own };
  for (const part of Array.isArray(resolved.allOf) ? (resolved.allOf as JsonSchema[]) : []) {
    merged = { ...propertiesFor(ctx, part, value), ...merged };
  }
  const branches = (resolved.oneOf ?? resolved.anyOf) as JsonSchema[] | undefined;
  const branch = Array.isArray(branches) ? branches.find((b) => ctx.validator.isValid(b, value)) : undefined;
  if (branch !== undefined) {
    merged = { ...propertiesFor(ctx, branch, value), ...merged };
  }
  return merged;
}

/** What an echoed field must be: the value sent, else the request schema's default, else null. */
function expectedEcho(ctx: SemanticsContext, operation: OperationSpec, sentBody: unknown, field: string): unknown {
  if (isObject(sentBody) && sentBody[field] !== undefined) {
    return sentBody[field];
  }
  const schema = operation.requestBody?.schema;
  if (schema !== undefined) {
    const property = propertiesFor(ctx, schema, sentBody)[field];
    if (property !== undefined && typeof property !== 'boolean') {
      const resolved = deref<JsonObject>(ctx.doc, property);
      if ('default' in resolved) {
        return resolved.default;
      }
    }
  }
  return null;
}

function describeSent(sentBody: unknown, field: string): string {
  return isObject(sentBody) && sentBody[field] !== undefined ? `was ${show(sentBody[field])}` : 'was left out';
}

function show(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return false;
  }
  if (Array.isArray(a) !== Array.isArray(b)) {
    return false;
  }
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return (
    keysA.length === keysB.length && keysA.every((key) => deepEqual((a as JsonObject)[key], (b as JsonObject)[key]))
  );
}
