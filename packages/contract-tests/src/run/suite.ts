// runContractSuite: every check of the catalog, for every operation of the spec, against one server.
import { createRequire } from 'node:module';
import { CHECK_NAMES, type CheckName } from '../checks/catalog.js';
import { DEFAULT_VALUES } from '../config.js';
import { createRateLimiter, systemClock } from '../http/rate-limit.js';
import { redactText, redactValue } from '../http/redact.js';
import { checkTarget, isLocalUrl } from '../http/target.js';
import { createTransport, type Exchange, type HttpRequest } from '../http/transport.js';
import { checkApiKey } from '../keys.js';
import type { CheckResult, CheckStatus, ContractReport, OperationReport } from '../report/model.js';
import { createValidator } from '../schema/validator.js';
import { asOpenApiDocument, loadBundledSpec, type OpenApiDocument, readSpecFile } from '../spec/document.js';
import { documentedMethods, listOperations, type OperationSpec } from '../spec/operations.js';
import { runAuthPhase } from './auth-phase.js';
import type { OperationContext, RunContext } from './context.js';
import { type LinkTarget, runLinksPhase } from './links-phase.js';
import { runMethodPhase } from './method-phase.js';
import { runNegativePhase } from './negative-phase.js';
import { runPaginationPhase } from './pagination-phase.js';
import { isWrite, type PlanEntry, planOperation } from './plan.js';
import { runPositivePhase } from './positive-phase.js';
import { baseInputs, pinScope } from './requests.js';
import { RunStopped, ServerNotAnsweringError } from './stopped.js';
import { OperationTally } from './tally.js';
import { checkConfiguredValues } from './values.js';

export interface ContractSuiteOptions {
  /** The OpenAPI 3.1 document, or the path of a bundled JSON file. Default: `@nox-energy/docs/openapi.json`. */
  spec?: OpenApiDocument | string;
  /** Origin and path prefix used instead of the spec's server URL, e.g. `http://127.0.0.1:4010/v2`. */
  baseUrl?: string;
  /** Per API (`x-nox-api` of the server), when APIs live on different hosts. Wins over `baseUrl`. */
  baseUrls?: Record<string, string>;
  /** API key per role (`x-nox-role`). Operations of a role without a key are skipped. */
  apiKeys?: Record<string, string | undefined>;
  /** Only these operationIds (default: all). */
  operations?: string[];
  /** fast-check seed; the report states it so a run can be repeated. Default: random. */
  seed?: number;
  /** Generated valid requests per operation (default 100). */
  numRuns?: number;
  /** Requests a second. Default: unlimited on a local host, 5 on a live one. */
  maxRps?: number;
  /** Values the schema cannot know, by property name (default: the mock's demo values). */
  values?: Record<string, readonly unknown[]>;
  /**
   * Values for one operation, by operationId, over `values`: e.g. a PV installation's `device_id` for the PV
   * operations where `values.device_id` names a heat pump.
   */
  operationValues?: Record<string, Record<string, readonly unknown[]>>;
  /** Allow a non-local host. Without it the suite refuses to send anything beyond localhost. */
  live?: boolean;
  /**
   * Deadline per request (default 10 000 ms): connecting, the status and headers and the whole body. A
   * request past it has no complete response (a finding); several in a row stop the run.
   */
  timeoutMs?: number;
  /**
   * operationIds allowed to write (any method but GET/HEAD) on a non-local host, and then only with the
   * config's `user_id`/`device_id`. Without it a live run sends no write at all.
   */
  allowWrites?: string[];
  /** Allow every write against a host the spec lists as a sandbox server (still pinned to the config's ids). */
  sandboxWrites?: boolean;
  /** Check operations the spec marks `deprecated` (skipped otherwise). */
  includeDeprecated?: boolean;
  /** Called with the plan before the first request is sent. */
  onPlan?: (plan: PlanEntry[]) => void;
  /** Called as each operation finishes (for progress output). */
  onOperation?: (report: OperationReport) => void;
  /** Marks the report as a run against the in-process mock. */
  mock?: boolean;
}

export const DEFAULT_NUM_RUNS = 100;
const DEFAULT_TIMEOUT_MS = 10_000;
/**
 * This many requests in a row without a complete response (refused, reset, past the deadline, body over
 * the cap) means the server is not answering: the run stops, after at most this many deadlines.
 */
const MAX_CONSECUTIVE_NETWORK_ERRORS = 5;
const NOT_RUN = 'not run: the run stopped because the server did not answer';
/** A 429 is waited out (as Retry-After says) at most this many times, and only for this long. */
const MAX_RETRIES_AFTER_429 = 2;
const MAX_RETRY_WAIT_MS = 10_000;

export async function runContractSuite(options: ContractSuiteOptions = {}): Promise<ContractReport> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const doc = loadSpec(options.spec);
  const validator = createValidator(doc);
  const allOperations = listOperations(doc);
  const operations = selectOperations(allOperations, options.operations);
  const baseUrls = resolveBaseUrls(allOperations, options);
  // The targets of the selected operations' links are called too: they must pass the same host rule.
  const linked = operations.flatMap((op) => op.responses.flatMap((r) => r.links.map((l) => l.operationId)));
  const maxRps = checkTarget(
    allOperations
      .filter((op) => operations.includes(op) || linked.includes(op.operationId))
      .map((op) => baseUrls[op.operationId] as string),
    options.live === true,
    options.maxRps,
  );
  const values = options.values ?? DEFAULT_VALUES;
  const valuesOf = (operation: OperationSpec) => {
    const own = options.operationValues?.[operation.operationId];
    return own ? { ...values, ...own } : values;
  };
  for (const operation of operations) {
    checkConfiguredValues(doc, validator, [operation], valuesOf(operation));
  }
  const keys = Object.fromEntries(
    Object.entries(options.apiKeys ?? {}).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
  for (const [role, key] of Object.entries(keys)) {
    checkApiKey(key, `apiKeys.${role}`);
  }
  const secrets = Object.values(keys);
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const numRuns = options.numRuns ?? DEFAULT_NUM_RUNS;
  const policy = {
    allowWrites: options.allowWrites ?? [],
    sandboxWrites: options.sandboxWrites === true,
    includeDeprecated: options.includeDeprecated === true,
  };
  const unknownWrites = policy.allowWrites.filter((id) => !allOperations.some((op) => op.operationId === id));
  if (unknownWrites.length > 0) {
    throw new Error(`allowWrites names unknown operation ${unknownWrites.join(', ')}`);
  }
  const unknownValues = Object.keys(options.operationValues ?? {}).filter(
    (id) => !allOperations.some((op) => op.operationId === id),
  );
  if (unknownValues.length > 0) {
    throw new Error(`operationValues names unknown operation ${unknownValues.join(', ')}`);
  }
  const plan = operations.map((operation) =>
    planOperation(
      doc,
      operation,
      baseUrls[operation.operationId] as string,
      policy,
      valuesOf(operation),
      numRuns,
      noKeyReason(operation, keys),
      Object.keys(keys).some((role) => !operation.security.some((s) => s.role === role)),
    ),
  );
  options.onPlan?.(plan);
  const linkTargets = new Map<string, LinkTarget>(
    allOperations.map((op) => [op.operationId, { operation: op, baseUrl: baseUrls[op.operationId] as string }]),
  );

  const transport = createTransport(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const waitForSlot = createRateLimiter(maxRps);
  let requests = 0;
  let networkErrors = 0;
  let current = '';
  // Set by the request that makes the run stop; that exchange is still returned (and recorded as a finding),
  // the next request throws it.
  let stop: RunStopped | undefined;
  const send = async (request: HttpRequest): Promise<Exchange> => {
    if (stop) {
      throw stop;
    }
    for (let attempt = 0; ; attempt++) {
      await waitForSlot();
      requests += 1;
      const exchange = await transport.send(request);
      networkErrors = exchange.response ? 0 : networkErrors + 1;
      if (networkErrors >= MAX_CONSECUTIVE_NETWORK_ERRORS) {
        stop = new RunStopped(
          `No complete response from ${new URL(request.url).origin} to ${networkErrors} requests in a row ` +
            `(the last one of ${current}: ${exchange.error}); the run stopped. Is the server running?`,
        );
        return exchange;
      }
      const wait =
        exchange.response?.status === 429 ? retryAfterMs(exchange.response.headers['retry-after']) : undefined;
      if (wait === undefined || attempt >= MAX_RETRIES_AFTER_429 || wait > MAX_RETRY_WAIT_MS) {
        return exchange;
      }
      await systemClock.sleep(wait);
    }
  };

  const run: RunContext = { doc, validator, send, values, seed, numRuns, keys, counters: { generatedCases: 0 } };
  const keyHeaders = [...new Set(operations.flatMap((op) => op.security.map((s) => s.header)))];
  const reports: OperationReport[] = [];
  const cases = { passed: 0, failed: 0 };
  try {
    for (const [index, operation] of operations.entries()) {
      current = operation.operationId;
      const entry = plan[index] as PlanEntry;
      const { report, tally } = stop
        ? { report: notRun(operation), tally: undefined }
        : await runOperation(
            { ...run, values: valuesOf(operation) },
            operation,
            entry,
            linkTargets,
            keyHeaders,
            secrets,
          );
      cases.passed += tally?.cases.passed ?? 0;
      cases.failed += tally?.cases.failed ?? 0;
      reports.push(redactOperation(report, secrets));
      options.onOperation?.(reports[reports.length - 1] as OperationReport);
    }
  } finally {
    transport.close();
  }

  const durationMs = performance.now() - started;
  const totals: Record<CheckStatus, number> = {
    passed: 0,
    failed: 0,
    skipped: 0,
    not_applicable: 0,
    not_implemented: 0,
  };
  for (const check of reports.flatMap((r) => r.checks)) {
    totals[check.status] += 1;
  }
  const stopped = stop ? redactText(stop.message, secrets) : undefined;
  const report: ContractReport = {
    tool: { name: '@nox-energy/contract-tests', version: toolVersion() },
    spec: { title: doc.info.title, version: doc.info.version },
    target: { baseUrls: redactValue(uniqueBaseUrls(operations, baseUrls), secrets), mock: options.mock === true },
    seed,
    numRuns,
    maxRps: Number.isFinite(maxRps) ? maxRps : null,
    startedAt,
    durationMs: Math.round(durationMs),
    stats: {
      requests,
      cases,
      generatedCases: run.counters.generatedCases,
      requestsPerSecond: Math.round((requests / Math.max(durationMs, 1)) * 1000),
    },
    plan: redactValue(plan, secrets),
    operations: reports,
    totals,
    ...(stopped ? { stopped } : {}),
    ok: totals.failed === 0 && totals.passed > 0 && !stopped,
  };
  if (stopped) {
    throw new ServerNotAnsweringError(stopped, report);
  }
  return report;
}

/**
 * Secrets out of the text a report carries from outside (findings, reasons); the tool's own fields (check
 * names, statuses, counts) are left alone, so that redaction can never change what a report says.
 */
function redactOperation(report: OperationReport, secrets: string[]): OperationReport {
  return {
    ...report,
    ...(report.skipped ? { skipped: redactText(report.skipped, secrets) } : {}),
    ...(report.notImplemented ? { notImplemented: redactText(report.notImplemented, secrets) } : {}),
    checks: report.checks.map((check) => ({
      ...check,
      findings: redactValue(check.findings, secrets),
      ...(check.reason ? { reason: redactText(check.reason, secrets) } : {}),
    })),
  };
}

function notRun(operation: OperationSpec): OperationReport {
  return {
    operationId: operation.operationId,
    method: operation.method.toUpperCase(),
    path: operation.path,
    skipped: NOT_RUN,
    checks: CHECK_NAMES.map((check) => ({
      check,
      status: 'skipped',
      cases: 0,
      failures: 0,
      findings: [],
      reason: NOT_RUN,
    })),
  };
}

/** Why an operation cannot be called: no key for any role it accepts. */
function noKeyReason(operation: OperationSpec, keys: Readonly<Record<string, string>>): string | undefined {
  const roles = operation.security.map((s) => s.role);
  return operation.security.length > 0 && !operation.security.some((s) => keys[s.role] !== undefined)
    ? `no API key for the ${roles.join(' or ')} role`
    : undefined;
}

async function runOperation(
  run: RunContext,
  operation: OperationSpec,
  entry: PlanEntry,
  linkTargets: ReadonlyMap<string, LinkTarget>,
  keyHeaders: string[],
  secrets: string[],
): Promise<{ report: OperationReport; tally?: OperationTally }> {
  const header = {
    operationId: operation.operationId,
    method: operation.method.toUpperCase(),
    path: operation.path,
    ...(operation.deprecated ? { deprecated: true as const } : {}),
  };
  const roles = operation.security.map((s) => s.role);
  if (entry.skipped !== undefined) {
    const reason = entry.skipped;
    const checks = CHECK_NAMES.map(
      (check): CheckResult => ({ check, status: 'skipped', cases: 0, failures: 0, findings: [], reason }),
    );
    return { report: { ...header, ...(roles.length > 0 ? { role: roles.join(' | ') } : {}), skipped: reason, checks } };
  }
  const { baseUrl } = entry;
  const scheme = operation.security.find((s) => run.keys[s.role] !== undefined);
  const tally = new OperationTally({ keyHeaders, secrets });
  const ctx: OperationContext = {
    ...run,
    send: stopOnNotImplemented(guardWrites(run.send, operation, entry)),
    operation,
    baseUrl,
    auth: scheme ? { scheme, value: run.keys[scheme.role] as string } : undefined,
    tally,
    baseInputs: baseInputs(run, operation, run.seed).map((input) => pinScope(run.doc, operation, input, entry.scope)),
    scope: entry.scope,
    live: entry.live,
  };
  let stopped = false;
  try {
    await runAuthPhase(ctx);
    await runNegativePhase(ctx);
    await runMethodPhase(ctx, documentedMethods(run.doc, operation.path));
    await runPositivePhase(ctx);
    await runPaginationPhase(ctx);
    await runLinksPhase(ctx, linkTargets);
  } catch (error) {
    if (error instanceof ServerNotImplemented) {
      // What was recorded before the 501 checked an operation the server does not have: it is dropped.
      return { report: notImplementedReport(header, roles, error.message) };
    }
    if (!(error instanceof RunStopped)) {
      throw error;
    }
    stopped = true;
  }
  // Cut short, a check without cases did not run: that is not the same as not applying.
  const checks = tally
    .results()
    .map((result) =>
      stopped && result.status === 'not_applicable'
        ? { ...result, status: 'skipped' as const, reason: NOT_RUN }
        : withReason(result, operation),
    );
  return { report: { ...header, ...(scheme ? { role: scheme.role } : {}), checks }, tally };
}

/**
 * The last line of defence: a request that could change something never leaves for a non-local host unless
 * the plan allowed this operation to write. The phases already keep to the plan; this makes it certain.
 */
function guardWrites(send: RunContext['send'], operation: OperationSpec, entry: PlanEntry): RunContext['send'] {
  return async (request) => {
    const method = request.method.toLowerCase();
    if (method !== 'get' && method !== 'head' && !isLocalUrl(request.url) && !(isWrite(operation) && entry.scope)) {
      throw new Error(
        `Refusing to send ${request.method} ${new URL(request.url).origin} for ${operation.operationId}: writes to a non-local host need --allow-writes`,
      );
    }
    return send(request);
  };
}

/** Thrown out of an operation's phases when the server answers 501: it does not implement the operation. */
class ServerNotImplemented extends Error {}

const MAX_REASON_BODY = 200;

function stopOnNotImplemented(send: RunContext['send']): RunContext['send'] {
  return async (request) => {
    const exchange = await send(request);
    if (exchange.response?.status === 501) {
      const body = exchange.response.body.replace(/\s+/g, ' ').trim().slice(0, MAX_REASON_BODY);
      throw new ServerNotImplemented(`the server answers 501 Not Implemented${body ? `: ${body}` : ''}`);
    }
    return exchange;
  };
}

function notImplementedReport(
  header: Pick<OperationReport, 'operationId' | 'method' | 'path'>,
  roles: string[],
  reason: string,
): OperationReport {
  const checks = CHECK_NAMES.map(
    (check): CheckResult => ({ check, status: 'not_implemented', cases: 0, failures: 0, findings: [], reason }),
  );
  return { ...header, ...(roles.length > 0 ? { role: roles.join(' | ') } : {}), notImplemented: reason, checks };
}

/** Why a check did not apply, for the reader of the report. */
function withReason(result: CheckResult, operation: OperationSpec): CheckResult {
  if (result.status !== 'not_applicable') {
    return result;
  }
  const reasons: Partial<Record<CheckName, string>> = {
    missing_api_key: 'the operation needs no key',
    wrong_api_key: 'the operation needs no key',
    other_role_api_key: operation.security.length === 0 ? 'the operation needs no key' : 'no key of another role given',
    response_headers_conformance: 'no response headers documented',
    negative_data_rejection: 'nothing in the request can break the schema',
    unsupported_method: 'every probed method is documented for this path',
    echo: 'no x-nox-echo in the response schema, or no 2xx response',
    seconds_after: 'no x-nox-seconds-after in the response schema, or no 2xx response',
    on_create: 'no x-nox-on-create in the response schema, or no 201 response',
    query_params: 'no x-nox-query in the response schema, or no 2xx response',
    pagination: 'no x-nox-pagination on the operation',
    stateful_links: 'no OpenAPI links on its 2xx responses (or no key for their targets)',
  };
  return { ...result, reason: reasons[result.check] ?? 'no case applied' };
}

function loadSpec(spec: ContractSuiteOptions['spec']): OpenApiDocument {
  if (spec === undefined) {
    return loadBundledSpec();
  }
  return typeof spec === 'string' ? readSpecFile(spec) : asOpenApiDocument(spec);
}

function selectOperations(all: OperationSpec[], wanted: string[] | undefined): OperationSpec[] {
  if (!wanted || wanted.length === 0) {
    return all;
  }
  const unknown = wanted.filter((id) => !all.some((op) => op.operationId === id));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown operation ${unknown.join(', ')}; the spec has: ${all.map((op) => op.operationId).join(', ')}`,
    );
  }
  return all.filter((op) => wanted.includes(op.operationId));
}

/** operationId -> base URL: per-API option, then the common one, then the spec's server. */
function resolveBaseUrls(operations: OperationSpec[], options: ContractSuiteOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const operation of operations) {
    const url =
      (operation.api !== undefined ? options.baseUrls?.[operation.api] : undefined) ??
      options.baseUrl ??
      operation.serverUrl;
    try {
      new URL(url);
    } catch {
      throw new Error(`Base URL "${url}" for ${operation.operationId} is not a valid URL`);
    }
    out[operation.operationId] = url.replace(/\/+$/, '');
  }
  return out;
}

function uniqueBaseUrls(operations: OperationSpec[], byOperation: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const operation of operations) {
    out[operation.api ?? 'default'] = byOperation[operation.operationId] as string;
  }
  return out;
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(value: string | undefined): number | undefined {
  if (value === undefined) {
    return 1000;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) {
    return seconds * 1000;
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function toolVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    return (require('@nox-energy/contract-tests/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
