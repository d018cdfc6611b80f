// Pagination, on every operation with `x-nox-pagination`: walk every page with a small limit and compare the
// items with one large page; every page within its limit, the last token null; limits out of bounds and
// forged or truncated tokens refused with the documented 4xx body.

import { evaluatePointer } from '@nox-energy/spec-reader';
import { checkResponse, matchesDocumentedBody, type Outcome, parseJson } from '../checks/response.js';
import { deepEqual } from '../checks/semantics.js';
import type { Exchange } from '../http/transport.js';
import { documentedClientErrors } from '../spec/operations.js';
import { keyOf, type OperationContext } from './context.js';
import { MAX_PAGES } from './plan.js';
import { buildRequest, type RequestInput } from './requests.js';

const CHECK = 'pagination';
/** Statuses that say nothing about the request's data. */
const NOT_A_DATA_REJECTION = new Set([401, 403, 429]);
/** The small page size of the walk: small enough for a few items to span pages. */
const WALK_LIMIT = 2;

interface Page {
  exchange: Exchange;
  items: unknown[] | undefined;
  token: unknown;
  problem?: string;
}

export async function runPaginationPhase(ctx: OperationContext): Promise<void> {
  const pagination = ctx.operation.pagination;
  if (!pagination) {
    return;
  }
  const key = keyOf(ctx);
  const query = paginationQuery(ctx);
  const request = (extra: Record<string, unknown>) =>
    buildRequest(
      ctx.baseUrl,
      ctx.operation,
      { path: {}, headers: {}, ...ctx.baseInputs[0], body: undefined, query: { ...query, ...extra } },
      key ? { key } : {},
    );
  const { minimum = 1, maximum } = pagination.limit;

  const fetchPage = async (extra: Record<string, unknown>): Promise<Page> => {
    const exchange = await ctx.send(request(extra));
    const { response } = exchange;
    if (response?.status !== 200) {
      return {
        exchange,
        items: undefined,
        token: undefined,
        problem: `a page was answered ${response?.status ?? `with no response (${exchange.error})`}, not 200`,
      };
    }
    const parsed = parseJson(response.body);
    const body = parsed.ok ? parsed.value : undefined;
    const items = pointer(body, pagination.items);
    const token = pointer(body, pagination.nextToken);
    if (!Array.isArray(items)) {
      return { exchange, items: undefined, token, problem: `the page has no item array at ${pagination.items}` };
    }
    return { exchange, items, token };
  };
  const record = (page: Page, label: string, outcome: Outcome) =>
    ctx.tally.record([...checkResponse(ctx, ctx.operation, page.exchange), outcome], page.exchange, label);

  // One large page first: its size sets the walk's limit, small but large enough for the walk to end within
  // the page cap, so that only a server whose token never ends reaches the cap.
  const large = maximum ?? Math.max(WALK_LIMIT * MAX_PAGES, pagination.limit.default ?? 0);
  const whole = await fetchPage({ [pagination.limitParameter]: large });
  const wholeComplete = whole.items !== undefined && (whole.token === null || whole.token === undefined);
  const fits = wholeComplete ? Math.ceil((whole.items?.length ?? 0) / (MAX_PAGES - 1)) : 0;
  const small = Math.min(Math.max(minimum, WALK_LIMIT, fits), maximum ?? Number.POSITIVE_INFINITY);

  // The walk.
  const walked: { item: unknown; page: number }[] = [];
  let token: unknown = null;
  let capped = false;
  // A walk that failed is not compared with the large page (one defect, one finding); the refusals still run.
  let walkFailed = false;
  for (let index = 1; ; index++) {
    if (index > MAX_PAGES) {
      capped = true;
      break;
    }
    const page = await fetchPage({
      [pagination.limitParameter]: small,
      ...(index > 1 ? { [pagination.tokenParameter]: token } : {}),
    });
    const label = `page ${index} of the walk (${pagination.limitParameter}=${small})`;
    if (!page.items) {
      record(page, label, { check: CHECK, ok: false, message: page.problem ?? 'no items' });
      walkFailed = true;
      break;
    }
    const problems: string[] = [];
    if (page.items.length > small) {
      problems.push(`page ${index} has ${page.items.length} items, more than ${pagination.limitParameter}=${small}`);
    }
    for (const item of page.items) {
      const seen = walked.find((w) => deepEqual(w.item, item));
      if (seen) {
        problems.push(`page ${index} repeats an item of page ${seen.page}: ${short(item)}`);
        break;
      }
    }
    if (page.items.length === 0 && page.token !== null && page.token !== undefined) {
      problems.push(
        `page ${index} is empty but its next token is ${short(page.token)}: the last page's token must be null`,
      );
    }
    walked.push(...page.items.map((item) => ({ item, page: index })));
    const done = page.token === null || page.token === undefined || page.items.length === 0 || problems.length > 0;
    record(
      page,
      label,
      problems.length > 0 ? { check: CHECK, ok: false, message: problems.join('; ') } : { check: CHECK, ok: true },
    );
    if (problems.length > 0) {
      walkFailed = true;
      break;
    }
    if (done) {
      break;
    }
    token = page.token;
  }

  // The large page: the same items, in the same order.
  const label = `one page of ${pagination.limitParameter}=${large}, compared with the walk`;
  if (!whole.items) {
    record(whole, label, { check: CHECK, ok: false, message: whole.problem ?? 'no items' });
  } else if (walkFailed) {
    ctx.tally.record(checkResponse(ctx, ctx.operation, whole.exchange), whole.exchange, label);
  } else {
    const items = walked.map((w) => w.item);
    const cap = capped ? ` (the walk stopped at the cap of ${MAX_PAGES} pages)` : '';
    let problem: string | undefined;
    if (capped && wholeComplete && items.length >= whole.items.length) {
      problem = `after all ${whole.items.length} items the next token is still not null${cap}`;
    } else if (whole.items.length > large) {
      problem = `the page has ${whole.items.length} items, more than ${pagination.limitParameter}=${large}`;
    } else {
      // A capped walk, or a large page that is not the last, is compared on what both cover.
      const n =
        capped || !wholeComplete
          ? Math.min(items.length, whole.items.length)
          : Math.max(items.length, whole.items.length);
      const difference = firstDifference(items.slice(0, n), whole.items.slice(0, n));
      if (difference) {
        problem = `the walk with ${pagination.limitParameter}=${small} and one page of ${pagination.limitParameter}=${large} differ: ${difference}${cap}`;
      }
    }
    record(whole, label, problem ? { check: CHECK, ok: false, message: problem } : { check: CHECK, ok: true });
  }

  // Refusals: limits out of bounds, a forged and a truncated token.
  const refusals: [string, Record<string, unknown>][] = [];
  if (pagination.limit.minimum !== undefined) {
    refusals.push([
      `${pagination.limitParameter}=${minimum - 1} (below the minimum ${minimum})`,
      { [pagination.limitParameter]: minimum - 1 },
    ]);
  }
  if (maximum !== undefined) {
    refusals.push([
      `${pagination.limitParameter}=${maximum + 1} (above the maximum ${maximum})`,
      { [pagination.limitParameter]: maximum + 1 },
    ]);
  }
  refusals.push([
    `a forged ${pagination.tokenParameter}`,
    { [pagination.tokenParameter]: 'nox-contract-tests-forged-token' },
  ]);
  // The last token the walk was given (a string the server issued), cut in half.
  const issued = typeof token === 'string' && token.length > 1 ? token : undefined;
  if (issued) {
    refusals.push([
      `a truncated ${pagination.tokenParameter}`,
      { [pagination.tokenParameter]: issued.slice(0, Math.floor(issued.length / 2)) },
    ]);
  }
  for (const [what, extra] of refusals) {
    const exchange = await ctx.send(request({ [pagination.limitParameter]: small, ...extra }));
    ctx.tally.record(
      [...checkResponse(ctx, ctx.operation, exchange), expectRefusal(ctx, exchange, what)],
      exchange,
      what,
    );
  }
}

/**
 * The query of a paginated request: the required parameters only, from the config where it names a value (a
 * generated user or device would page through nothing), else as generated; never the token or the limit.
 * Optional filters are left out, so the walk covers the whole list.
 */
export function paginationQuery(ctx: OperationContext): Record<string, unknown> {
  const pagination = ctx.operation.pagination;
  const base: RequestInput['query'] = ctx.baseInputs[0]?.query ?? {};
  const out: Record<string, unknown> = {};
  for (const parameter of ctx.operation.parameters.filter((p) => p.in === 'query')) {
    if (parameter.name === pagination?.tokenParameter || parameter.name === pagination?.limitParameter) {
      continue;
    }
    const known = ctx.values[parameter.name];
    if (!parameter.required) {
      continue;
    }
    if (known && known.length > 0) {
      out[parameter.name] = known[0];
    } else if (base[parameter.name] !== undefined) {
      out[parameter.name] = base[parameter.name];
    }
  }
  return out;
}

function expectRefusal(ctx: OperationContext, exchange: Exchange, what: string): Outcome {
  const { response } = exchange;
  if (!response) {
    return { check: CHECK, ok: false, message: `${what}: no response: ${exchange.error}` };
  }
  const expected = documentedClientErrors(ctx.operation).filter((s) => !NOT_A_DATA_REJECTION.has(s));
  if (!expected.includes(response.status)) {
    return {
      check: CHECK,
      ok: false,
      message: `${what} answered ${response.status}; expected ${expected.join(' or ')} with the documented body`,
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
    ? {
        check: CHECK,
        ok: false,
        message: `${what} refused with ${response.status}, but not the documented error: ${problem}`,
      }
    : { check: CHECK, ok: true };
}

function pointer(body: unknown, at: string): unknown {
  try {
    return evaluatePointer(body, at);
  } catch {
    return undefined;
  }
}

function firstDifference(walked: unknown[], whole: unknown[]): string | undefined {
  const length = Math.max(walked.length, whole.length);
  for (let i = 0; i < length; i++) {
    if (i >= walked.length) {
      return `the walk is missing ${whole.length - walked.length} item(s), the first ${short(whole[i])}`;
    }
    if (i >= whole.length) {
      return `the walk has ${walked.length - whole.length} item(s) more, the first ${short(walked[i])}`;
    }
    if (!deepEqual(walked[i], whole[i])) {
      const elsewhere = whole.findIndex((item) => deepEqual(item, walked[i]));
      return elsewhere >= 0
        ? `item ${i + 1} of the walk is item ${elsewhere + 1} of the large page (the order is not stable)`
        : `item ${i + 1} of the walk, ${short(walked[i])}, is not on the large page`;
    }
  }
  return undefined;
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
