// Authentication: no key and an unknown key must be refused with 401; a key of another role with 403 where the
// operation documents a 403 (the Package API's decision), else 401.
import type { CheckName } from '../checks/catalog.js';
import { matchesDocumentedBody, type Outcome } from '../checks/response.js';
import type { Exchange } from '../http/transport.js';
import { type OperationContext, sendAndCheck } from './context.js';
import { buildRequest } from './requests.js';

/** A key no server issues: long, random-looking, and clearly named in the report. */
export const INVALID_API_KEY = 'nox-contract-tests-invalid-key-7f3c9a1e5b2d4086';

export async function runAuthPhase(ctx: OperationContext): Promise<void> {
  if (!ctx.auth) {
    return;
  }
  const input = ctx.baseInputs[0];
  if (!input) {
    return;
  }
  const header = ctx.auth.scheme.header;
  const accepted = new Set(ctx.operation.security.map((s) => s.role));
  const cases: { check: CheckName; label: string; key?: { header: string; value: string } }[] = [
    { check: 'missing_api_key', label: `no ${header} header` },
    { check: 'wrong_api_key', label: `an unknown ${header}`, key: { header, value: INVALID_API_KEY } },
  ];
  for (const [role, value] of Object.entries(ctx.keys)) {
    if (!accepted.has(role) && value !== ctx.auth.value) {
      cases.push({ check: 'other_role_api_key', label: `the ${role} key`, key: { header, value } });
    }
  }
  for (const { check, label, key } of cases) {
    const request = buildRequest(ctx.baseUrl, ctx.operation, input, key ? { key } : {});
    await sendAndCheck(ctx, request, label, (exchange) => [expectUnauthorized(ctx, check, exchange)]);
  }
}

function expectUnauthorized(ctx: OperationContext, check: CheckName, exchange: Exchange): Outcome {
  const { response } = exchange;
  if (!response) {
    return { check, ok: false, message: `no response: ${exchange.error}` };
  }
  const expected =
    check === 'other_role_api_key' && ctx.operation.responses.some((item) => item.status === '403') ? 403 : 401;
  if (response.status !== expected) {
    return { check, ok: false, message: `expected ${expected}, got ${response.status}` };
  }
  const problem = matchesDocumentedBody(ctx, ctx.operation, expected, response.headers['content-type'], response.body);
  return problem
    ? { check, ok: false, message: `${expected}, but not the documented error: ${problem}` }
    : { check, ok: true };
}
