// What every phase of a run shares, and the per-operation view of it.
import { checkResponse, type Outcome } from '../checks/response.js';
import type { Exchange, HttpRequest } from '../http/transport.js';
import type { SchemaValidator } from '../schema/validator.js';
import type { OpenApiDocument } from '../spec/document.js';
import type { ApiKeyScheme, OperationSpec } from '../spec/operations.js';
import type { RequestInput } from './requests.js';
import type { OperationTally } from './tally.js';

export interface RunContext {
  doc: OpenApiDocument;
  validator: SchemaValidator;
  /** Sends one request: rate-limited, retried after a 429 when the server asks for a short wait. */
  send: (request: HttpRequest) => Promise<Exchange>;
  values: Readonly<Record<string, readonly unknown[]>>;
  seed: number;
  numRuns: number;
  /** Role (`x-nox-role`) -> API key. */
  keys: Readonly<Record<string, string>>;
  /** Counts generated (positive) cases across the run. */
  counters: { generatedCases: number };
}

export interface OperationContext extends RunContext {
  operation: OperationSpec;
  baseUrl: string;
  /** The scheme and key the operation is called with; undefined for an operation that needs no key. */
  auth: { scheme: ApiKeyScheme; value: string } | undefined;
  tally: OperationTally;
  /** Known-good inputs, one per request-body variant. */
  baseInputs: RequestInput[];
  /** The user and device a write on a live host is pinned to (from the config); undefined elsewhere. */
  scope: Readonly<Record<string, unknown>> | undefined;
  /** A live (non-local) host: only GET probes undocumented methods there. */
  live: boolean;
}

/** The key header to send on a normal (authenticated) request. */
export function keyOf(ctx: OperationContext): { header: string; value: string } | undefined {
  return ctx.auth ? { header: ctx.auth.scheme.header, value: ctx.auth.value } : undefined;
}

/** Sends, then records the response checks plus any `extra` outcomes for the exchange. */
export async function sendAndCheck(
  ctx: OperationContext,
  request: HttpRequest,
  caseLabel: string,
  extra: (exchange: Exchange) => Outcome[] = () => [],
): Promise<{ exchange: Exchange; outcomes: Outcome[] }> {
  const exchange = await ctx.send(request);
  const outcomes = [...checkResponse(ctx, ctx.operation, exchange), ...extra(exchange)];
  ctx.tally.record(outcomes, exchange, caseLabel);
  return { exchange, outcomes };
}
