// Unsupported methods: a method the spec does not document for a path must be answered 405, with an
// Allow header naming the documented methods (RFC 9110, section 15.5.6).
import type { Outcome } from '../checks/response.js';
import type { Exchange } from '../http/transport.js';
import type { HttpMethod } from '../spec/operations.js';
import { keyOf, type OperationContext } from './context.js';
import { PROBED_METHODS } from './plan.js';
import { buildRequest } from './requests.js';

/** Sends each undocumented method once to the operation's path. */
export async function runMethodPhase(ctx: OperationContext, documented: HttpMethod[]): Promise<void> {
  const input = ctx.baseInputs[0];
  if (!input) {
    return;
  }
  const key = keyOf(ctx);
  // On a live host an undocumented method could still do something: only GET, which changes nothing, probes there.
  const probed = ctx.live ? PROBED_METHODS.filter((m) => m === 'get') : PROBED_METHODS;
  for (const method of probed.filter((m) => !documented.includes(m))) {
    const withBody = method !== 'get' && method !== 'delete';
    const request = buildRequest(ctx.baseUrl, ctx.operation, withBody ? input : { ...input, body: undefined }, {
      method,
      ...(key ? { key } : {}),
    });
    const exchange = await ctx.send(request);
    // The operation's documented responses describe its own method, so only these two apply here.
    const outcomes = [serverError(exchange), expectMethodNotAllowed(exchange, documented)];
    ctx.tally.record(outcomes, exchange, `${method.toUpperCase()} (not documented for ${ctx.operation.path})`);
  }
}

function serverError(exchange: Exchange): Outcome {
  const status = exchange.response?.status;
  if (status === undefined) {
    return { check: 'not_a_server_error', ok: false, message: `no response: ${exchange.error}` };
  }
  return status >= 500
    ? { check: 'not_a_server_error', ok: false, message: `server error ${status}` }
    : { check: 'not_a_server_error', ok: true };
}

function expectMethodNotAllowed(exchange: Exchange, documented: HttpMethod[]): Outcome {
  const check = 'unsupported_method';
  const { response } = exchange;
  if (!response) {
    return { check, ok: false, message: `no response: ${exchange.error}` };
  }
  if (response.status !== 405) {
    return { check, ok: false, message: `expected 405, got ${response.status}` };
  }
  const allow = response.headers.allow;
  if (allow === undefined) {
    return { check, ok: false, message: '405 without an Allow header' };
  }
  const listed = allow
    .split(',')
    .map((m) => m.trim().toLowerCase())
    .filter(Boolean);
  const missing = documented.filter((m) => !listed.includes(m));
  const extra = listed.filter((m) => PROBED_METHODS.includes(m as HttpMethod) && !documented.includes(m as HttpMethod));
  if (missing.length > 0 || extra.length > 0) {
    const problems = [
      missing.length > 0 ? `leaves out ${missing.map((m) => m.toUpperCase()).join(', ')}` : '',
      extra.length > 0 ? `lists undocumented ${extra.map((m) => m.toUpperCase()).join(', ')}` : '',
    ].filter(Boolean);
    return { check, ok: false, message: `Allow: ${allow} ${problems.join(' and ')}` };
  }
  return { check, ok: true };
}
