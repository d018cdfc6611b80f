// Stateful links, the way Schemathesis follows OpenAPI `links`: send the source operation with valid data,
// follow each link of its 2xx response with the values the link names, and check the target reflects what
// was sent (a PATCH of settings, then the GET that must show the new settings).
import { evaluatePointer, type LinkInfo } from '@nox-energy/spec-reader';
import { checkResponse, type Outcome, parseJson } from '../checks/response.js';
import { deepEqual } from '../checks/semantics.js';
import type { Exchange } from '../http/transport.js';
import { isObject, type JsonObject } from '../spec/document.js';
import type { OperationSpec } from '../spec/operations.js';
import { keyOf, type OperationContext } from './context.js';
import { buildRequest, type RequestInput } from './requests.js';

const CHECK = 'stateful_links';

export interface LinkTarget {
  operation: OperationSpec;
  baseUrl: string;
}

export async function runLinksPhase(ctx: OperationContext, targets: ReadonlyMap<string, LinkTarget>): Promise<void> {
  const input = ctx.baseInputs[0];
  if (!input) {
    return;
  }
  const key = keyOf(ctx);
  for (const documented of ctx.operation.responses.filter((r) => /^2\d\d$/.test(r.status))) {
    for (const link of documented.links) {
      const target = link.operationId ? targets.get(link.operationId) : undefined;
      const role = target?.operation.security.find((s) => ctx.keys[s.role] !== undefined);
      if (!target || (target.operation.security.length > 0 && !role)) {
        // No way to call the target (an operationRef, or no key for its role): nothing to check.
        continue;
      }
      const label = `link ${link.name}: ${ctx.operation.operationId} with valid data`;
      const source = await ctx.send(buildRequest(ctx.baseUrl, ctx.operation, input, key ? { key } : {}));
      const sourceOutcomes = checkResponse(ctx, ctx.operation, source);
      if (source.response?.status !== Number(documented.status)) {
        ctx.tally.record(
          [
            ...sourceOutcomes,
            {
              check: CHECK,
              ok: false,
              message: `${ctx.operation.operationId} answered ${source.response?.status ?? 'nothing'}, not ${documented.status}: the link ${link.name} could not be followed`,
            },
          ],
          source,
          label,
        );
        continue;
      }
      ctx.tally.record(sourceOutcomes, source, label);
      const values = linkValues(link, input, source);
      const targetInput: RequestInput = { path: {}, query: {}, headers: {} };
      for (const parameter of target.operation.parameters) {
        const value = values[parameter.name];
        if (value !== undefined && value !== null && parameter.in !== 'cookie') {
          targetInput[parameter.in === 'header' ? 'headers' : parameter.in][parameter.name] = value;
        }
      }
      const targetKey = role ? { header: role.header, value: ctx.keys[role.role] as string } : undefined;
      const exchange = await ctx.send(
        buildRequest(target.baseUrl, target.operation, targetInput, targetKey ? { key: targetKey } : {}),
      );
      ctx.tally.record(
        [
          ...checkResponse(ctx, target.operation, exchange),
          reflects(link, target.operation, input.body, values, exchange),
        ],
        exchange,
        `link ${link.name}: then ${target.operation.operationId}`,
      );
    }
  }
}

/** The link's parameters, each a runtime expression (`$request.body#/user_id`) or a constant. */
export function linkValues(link: LinkInfo, input: RequestInput, source: Exchange): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const body = source.response ? parseJson(source.response.body) : undefined;
  for (const [name, expression] of Object.entries(link.parameters)) {
    out[name.replace(/^(path|query|header)\./, '')] = evaluate(
      expression,
      input,
      body?.ok ? body.value : undefined,
      source,
    );
  }
  return out;
}

function evaluate(expression: unknown, input: RequestInput, responseBody: unknown, source: Exchange): unknown {
  if (typeof expression !== 'string' || !expression.startsWith('$')) {
    return expression;
  }
  const [head, pointer = ''] = expression.split('#');
  switch (head) {
    case '$request.body':
      return evaluatePointer(input.body, pointer);
    case '$response.body':
      return evaluatePointer(responseBody, pointer);
    case '$statusCode':
      return source.response?.status;
  }
  const match = /^\$(request|response)\.(query|path|header)\.(.+)$/.exec(expression);
  if (match?.[1] === 'request') {
    const place = match[2] === 'header' ? 'headers' : (match[2] as 'query' | 'path');
    return input[place][match[3] as string];
  }
  if (match?.[1] === 'response' && match[2] === 'header') {
    return source.response?.headers[(match[3] as string).toLowerCase()];
  }
  return undefined;
}

/**
 * The target reflects the request: of the objects it returns (the items of its arrays, else the body), those
 * the link's values select must carry what was sent, for every field they have in common.
 */
function reflects(
  link: LinkInfo,
  target: OperationSpec,
  sent: unknown,
  values: Record<string, unknown>,
  exchange: Exchange,
): Outcome {
  const { response } = exchange;
  if (!response || response.status < 200 || response.status >= 300) {
    return {
      check: CHECK,
      ok: false,
      message: `${target.operationId} answered ${response?.status ?? 'nothing'} after the link ${link.name}`,
    };
  }
  const parsed = parseJson(response.body);
  if (!parsed.ok || !isObject(sent)) {
    return {
      check: CHECK,
      ok: parsed.ok,
      ...(parsed.ok ? {} : { message: `${target.operationId}'s body is not JSON` }),
    };
  }
  const candidates = objectsOf(parsed.value);
  const selectors = Object.entries(values).filter(([, value]) => value !== undefined && value !== null);
  const selected = candidates.filter((c) =>
    selectors.every(([name, value]) => !(name in c) || deepEqual(c[name], value)),
  );
  const fields = Object.keys(sent).filter((f) => !(f in values) && sent[f] !== undefined && sent[f] !== null);
  const where = selectors.map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(', ');
  if (selected.length === 0) {
    return {
      check: CHECK,
      ok: false,
      message: `${target.operationId} returns nothing for ${where || 'the link'} after the change`,
    };
  }
  for (const item of selected) {
    for (const field of fields.filter((f) => f in item)) {
      const difference = subsetDifference(sent[field], item[field], field);
      if (difference) {
        return {
          check: CHECK,
          ok: false,
          message: `${target.operationId} (${where}) does not reflect the change: ${difference}`,
        };
      }
    }
  }
  return { check: CHECK, ok: true };
}

/** The objects a body lists: the items of its top-level arrays, else the body itself. */
function objectsOf(body: unknown): JsonObject[] {
  if (!isObject(body)) {
    return [];
  }
  const arrays = Object.values(body).filter(Array.isArray) as unknown[][];
  return arrays.length > 0 ? arrays.flat().filter(isObject) : [body];
}

/** Where `actual` does not carry every value of `sent`; undefined when it does. */
function subsetDifference(sent: unknown, actual: unknown, at: string): string | undefined {
  if (isObject(sent) && isObject(actual)) {
    for (const [key, value] of Object.entries(sent)) {
      const difference = value === undefined ? undefined : subsetDifference(value, actual[key], `${at}.${key}`);
      if (difference) {
        return difference;
      }
    }
    return undefined;
  }
  return deepEqual(sent, actual)
    ? undefined
    : `${at} was sent as ${JSON.stringify(sent)}, read back as ${JSON.stringify(actual) ?? 'missing'}`;
}
