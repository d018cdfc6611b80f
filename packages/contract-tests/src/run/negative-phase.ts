// Negative data: requests that break the schema must be rejected with a documented 4xx and error body.
import { matchesDocumentedBody, type Outcome } from '../checks/response.js';
import type { Exchange } from '../http/transport.js';
import { bodyMutations } from '../schema/mutations.js';
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

  // Each required parameter left out.
  const input = ctx.baseInputs[0];
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
