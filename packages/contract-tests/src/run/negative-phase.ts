// Negative data: requests that break the schema must be rejected with a documented 4xx and error body.
import { matchesDocumentedBody, type Outcome } from '../checks/response.js';
import type { Exchange } from '../http/transport.js';
import { bodyMutations } from '../schema/mutations.js';
import { deref, isObject, type JsonObject, type JsonSchema, type OpenApiDocument } from '../spec/document.js';
import { documentedClientErrors } from '../spec/operations.js';
import { keyOf, type OperationContext, sendAndCheck } from './context.js';
import { buildRequest, type RequestInput, type RequestOptions } from './requests.js';

/** Statuses that say nothing about the data: authentication and rate limiting. */
const NOT_A_DATA_REJECTION = new Set([401, 403, 429]);

/** A media type no JSON API documents for its request bodies. */
const FOREIGN_MEDIA_TYPE = 'text/plain';

export async function runNegativePhase(ctx: OperationContext): Promise<void> {
  const { operation } = ctx;
  const key = keyOf(ctx);
  const send = (input: RequestInput, label: string, options: RequestOptions = {}) =>
    sendAndCheck(
      ctx,
      buildRequest(ctx.baseUrl, operation, input, { ...options, ...(key ? { key } : {}) }),
      label,
      (ex) => [expectRejection(ctx, ex)],
    );

  const body = operation.requestBody;
  const schema = body?.jsonMediaType ? body.schema : undefined;
  if (body && schema !== undefined) {
    for (const input of ctx.baseInputs) {
      for (const mutation of bodyMutations(ctx.doc, ctx.validator, schema, input.body)) {
        if (ctx.scope && touchesScope(mutation.pointer, ctx.scope)) {
          // On a live host, never a request aimed at another user or device, even an invalid one.
          continue;
        }
        await send({ ...input, body: mutation.body }, `mutation ${mutation.kind}: ${mutation.description}`);
      }
    }
    const input = ctx.baseInputs[0];
    if (input) {
      const json = JSON.stringify(input.body);
      await send(input, 'malformed JSON (truncated body)', { rawBody: json.slice(0, Math.max(1, json.length - 1)) });
      if (!body.mediaTypes.some((m) => m.split(';')[0]?.trim().toLowerCase() === FOREIGN_MEDIA_TYPE)) {
        await send(input, `Content-Type ${FOREIGN_MEDIA_TYPE} (not documented)`, { contentType: FOREIGN_MEDIA_TYPE });
      }
      if (body.required) {
        await send({ ...input, body: undefined }, 'no body (the body is required)', { rawBody: '' });
      }
    }
  }

  // Each query parameter given a value that breaks its schema (as far as a query string can carry it).
  const input = ctx.baseInputs[0];
  const queryParameters = operation.parameters.filter(
    (p) => p.in === 'query' && p.name !== operation.pagination?.tokenParameter,
  );
  if (input && queryParameters.length > 0) {
    const querySchema: JsonObject = {
      type: 'object',
      properties: Object.fromEntries(queryParameters.map((p) => [p.name, p.schema])),
    };
    const base = Object.fromEntries(
      queryParameters.filter((p) => input.query[p.name] !== undefined).map((p) => [p.name, input.query[p.name]]),
    );
    for (const mutation of bodyMutations(ctx.doc, ctx.validator, querySchema, base)) {
      const name = /^\/([^/]+)$/.exec(mutation.pointer)?.[1];
      const parameter = queryParameters.find((p) => p.name === name);
      if (
        !parameter ||
        mutation.kind === 'missing-required' ||
        !isObject(mutation.body) ||
        (ctx.scope && name && name in ctx.scope)
      ) {
        continue;
      }
      const value = mutation.body[parameter.name];
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      // `12345` for a string parameter is the string "12345" on the wire: still valid, so not sent.
      if (
        value === undefined ||
        ctx.validator.isValid(parameter.schema, fromQueryString(ctx.doc, parameter.schema, text))
      ) {
        continue;
      }
      await send(
        { ...input, query: { ...input.query, [parameter.name]: value } },
        `query ${mutation.kind}: ${mutation.description}`,
      );
    }
  }

  // Each required parameter left out.
  for (const parameter of operation.parameters.filter((p) => p.required && p.in !== 'path' && p.in !== 'cookie')) {
    if (!input) {
      break;
    }
    const place = parameter.in === 'query' ? 'query' : 'headers';
    const { [parameter.name]: _left, ...rest } = input[place];
    await send({ ...input, [place]: rest }, `required ${parameter.in} parameter "${parameter.name}" left out`);
  }
}

function expectRejection(ctx: OperationContext, exchange: Exchange): Outcome {
  const check = 'negative_data_rejection';
  const { response } = exchange;
  if (!response) {
    return { check, ok: false, message: `no response: ${exchange.error}` };
  }
  const expected = documentedClientErrors(ctx.operation).filter((s) => !NOT_A_DATA_REJECTION.has(s));
  if (!expected.includes(response.status)) {
    const verb = response.status < 400 ? 'accepted' : 'answered';
    return {
      check,
      ok: false,
      message: `invalid request ${verb} with ${response.status}; expected one of ${expected.join(', ')}`,
    };
  }
  const problem = matchesDocumentedBody(
    ctx,
    ctx.operation,
    response.status,
    response.headers['content-type'],
    response.body,
  );
  return problem
    ? { check, ok: false, message: `rejected with ${response.status}, but not the documented error: ${problem}` }
    : { check, ok: true };
}

/** Whether a mutation at `pointer` changes a scope field (or removes the body that carries them). */
function touchesScope(pointer: string, scope: Readonly<Record<string, unknown>>): boolean {
  const first = pointer.split('/')[1];
  return pointer === '' || (first !== undefined && first in scope);
}

/** The JSON value a server reads from a query string, for a parameter of this schema. */
function fromQueryString(doc: OpenApiDocument, schema: JsonSchema, text: string): unknown {
  const resolved = deref<JsonObject>(doc, schema);
  const types = Array.isArray(resolved.type) ? resolved.type : [resolved.type];
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) {
    return Number(text);
  }
  if (types.includes('boolean') && (text === 'true' || text === 'false')) {
    return text === 'true';
  }
  return text;
}
