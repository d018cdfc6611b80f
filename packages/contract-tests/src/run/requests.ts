// From an operation and generated inputs to the HTTP request that goes out.
import fc from 'fast-check';
import type { HttpRequest } from '../http/transport.js';
import { type ArbitraryOptions, arbitraryFor } from '../schema/arbitrary.js';
import type { SchemaValidator } from '../schema/validator.js';
import { deref, isObject, type JsonObject, type JsonSchema, type OpenApiDocument } from '../spec/document.js';
import type { OperationSpec, ParameterSpec } from '../spec/operations.js';

/** What varies between requests to one operation: the JSON body and the parameters. */
export interface RequestInput {
  body?: unknown;
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
}

export interface RequestOptions {
  /** The key header and value to send; omitted = no key. */
  key?: { header: string; value: string };
  /** Send this text as the body instead of the JSON of `input.body`. */
  rawBody?: string;
  /** Content-Type to send instead of the operation's JSON media type (`null` = none). */
  contentType?: string | null;
  /** Method to use instead of the operation's. */
  method?: string;
}

export function buildRequest(
  baseUrl: string,
  operation: OperationSpec,
  input: RequestInput,
  options: RequestOptions = {},
): HttpRequest {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(String(input.path[name] ?? '')),
  );
  const url = new URL(baseUrl.replace(/\/+$/, '') + path);
  for (const [name, value] of Object.entries(input.query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      url.searchParams.append(name, typeof item === 'string' ? item : JSON.stringify(item));
    }
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  for (const [name, value] of Object.entries(input.headers)) {
    headers[name.toLowerCase()] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  if (options.key) {
    headers[options.key.header] = options.key.value;
  }
  let body: string | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
  } else if (input.body !== undefined) {
    body = JSON.stringify(input.body);
  }
  const contentType =
    options.contentType === undefined ? operation.requestBody?.jsonMediaType : (options.contentType ?? undefined);
  if (body !== undefined && contentType) {
    headers['content-type'] = contentType;
  }
  return { method: (options.method ?? operation.method).toUpperCase(), url: url.toString(), headers, body };
}

export interface InputContext {
  doc: OpenApiDocument;
  validator: SchemaValidator;
  /** Values the schema cannot know, by property or parameter name. */
  values: Readonly<Record<string, readonly unknown[]>>;
}

/** Schema-valid inputs for an operation: body from the request schema, parameters from theirs. */
export function inputArbitrary(ctx: InputContext, operation: OperationSpec): fc.Arbitrary<RequestInput> {
  const options: ArbitraryOptions = { values: ctx.values };
  const bodySchema = operation.requestBody?.jsonMediaType ? operation.requestBody.schema : undefined;
  const body: fc.Arbitrary<unknown> =
    bodySchema === undefined ? fc.constant(undefined) : arbitraryFor(ctx.doc, bodySchema, ctx.validator, options);
  // A page token is valid only as the server issued it: the pagination check sends forged ones on purpose.
  const parameters = operation.parameters.filter(
    (p) => !(p.in === 'query' && p.name === operation.pagination?.tokenParameter),
  );
  return fc.record({
    body,
    path: parameterArbitrary(ctx, parameters, 'path'),
    query: parameterArbitrary(ctx, parameters, 'query'),
    headers: parameterArbitrary(ctx, parameters, 'header'),
  });
}

function parameterArbitrary(
  ctx: InputContext,
  parameters: ParameterSpec[],
  location: ParameterSpec['in'],
): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const required: string[] = [];
  for (const parameter of parameters.filter((p) => p.in === location)) {
    const known = ctx.values[parameter.name];
    model[parameter.name] =
      known && known.length > 0
        ? fc.constantFrom(...known)
        : arbitraryFor(ctx.doc, parameter.schema, ctx.validator, { values: ctx.values });
    if (parameter.required) {
      required.push(parameter.name);
    }
  }
  return fc.record(model, { requiredKeys: required });
}

/**
 * One valid input per variant of the request body (each branch of a top-level `oneOf`/`anyOf`), for the
 * checks that need a known-good request to start from. The spec's examples come first when they are valid.
 */
export function baseInputs(ctx: InputContext, operation: OperationSpec, seed: number): RequestInput[] {
  const sample = fc.sample(inputArbitrary(ctx, operation), { numRuns: 1, seed })[0] as RequestInput;
  const bodySchema = operation.requestBody?.jsonMediaType ? operation.requestBody.schema : undefined;
  if (bodySchema === undefined) {
    return [sample];
  }
  const examples = (operation.requestBody?.examples ?? [])
    .map((example) => applyValues(example, ctx.values))
    .filter((example) => ctx.validator.isValid(bodySchema, example));
  const variants = variantsOf(ctx.doc, bodySchema);
  return variants.map((variant, index) => {
    const example = examples.find((candidate) => ctx.validator.isValid(variant, candidate));
    const body =
      example ??
      fc.sample(arbitraryFor(ctx.doc, variant, ctx.validator, { values: ctx.values }), {
        numRuns: 1,
        seed: seed + index,
      })[0];
    return { ...sample, body: structuredClone(body) };
  });
}

/** The branches of a top-level `oneOf`/`anyOf` (after `$ref`), or the schema itself. */
export function variantsOf(doc: OpenApiDocument, schema: JsonSchema): JsonSchema[] {
  const resolved = deref<JsonObject>(doc, schema);
  const branches = (resolved.oneOf ?? resolved.anyOf) as JsonSchema[] | undefined;
  return Array.isArray(branches) && branches.length > 0 ? branches : [schema];
}

/** A copy of `value` where every property named in `values` takes its first configured value. */
export function applyValues(value: unknown, values: Readonly<Record<string, readonly unknown[]>>): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => applyValues(item, values));
  }
  if (!isObject(value)) {
    return value;
  }
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    const known = values[key];
    out[key] = known && known.length > 0 ? known[0] : applyValues(child, values);
  }
  return out;
}

/**
 * `input` with the scope values (user and device) set wherever the operation takes them: at the top of the
 * body and as parameters. A write on a live host goes only to what the config names, never to generated ids.
 */
export function pinScope(
  doc: OpenApiDocument,
  operation: OperationSpec,
  input: RequestInput,
  scope: Readonly<Record<string, unknown>> | undefined,
): RequestInput {
  if (!scope) {
    return input;
  }
  const out: RequestInput = {
    ...input,
    path: { ...input.path },
    query: { ...input.query },
    headers: { ...input.headers },
  };
  const schema = operation.requestBody?.schema;
  const topLevel = new Set(
    schema === undefined
      ? []
      : variantsOf(doc, schema).flatMap((variant) => {
          const resolved = deref<JsonObject>(doc, variant);
          return isObject(resolved.properties) ? Object.keys(resolved.properties) : [];
        }),
  );
  for (const [field, value] of Object.entries(scope)) {
    if (isObject(out.body) && topLevel.has(field)) {
      out.body = { ...out.body, [field]: value };
    }
    const parameter = operation.parameters.find((p) => p.name === field);
    if (parameter && parameter.in !== 'cookie') {
      out[parameter.in === 'header' ? 'headers' : parameter.in][field] = value;
    }
  }
  return out;
}
