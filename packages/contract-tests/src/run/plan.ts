// What a run will send, decided before the first request: per operation, the requests it sends or why it
// is skipped. Writes (anything but GET/HEAD) never reach a non-local host unless the caller names them.
import { isLocalUrl } from '../http/target.js';
import type { OpenApiDocument } from '../spec/document.js';
import { documentedMethods, type HttpMethod, type OperationSpec } from '../spec/operations.js';
import { propertyNames } from './values.js';

/** Methods tried on every path, for `unsupported_method`. HEAD, OPTIONS and TRACE are left out, as Schemathesis does. */
export const PROBED_METHODS: HttpMethod[] = ['get', 'put', 'post', 'patch', 'delete'];

/**
 * The fields that say whose devices a request touches. A write allowed on a live host sends only the values
 * the config gives for them, so a run can never steer someone else's device.
 */
export const SCOPE_FIELDS = ['user_id', 'device_id'] as const;

/** Pages walked at most by the pagination check, so a server whose last token is never null cannot hold a run. */
export const MAX_PAGES = 25;

export interface WritePolicy {
  /** operationIds allowed to write on a non-local host (`--allow-writes`, config `allowWrites`). */
  allowWrites: readonly string[];
  /** Writes allowed against a host the spec lists as a sandbox server (`--sandbox-writes`). */
  sandboxWrites: boolean;
  /** Deprecated operations are checked only when asked (`--include-deprecated`). */
  includeDeprecated: boolean;
}

export interface PlanEntry {
  operationId: string;
  method: string;
  path: string;
  baseUrl: string;
  /** `write`: the operation changes or steers something (any method but GET and HEAD). */
  kind: 'read' | 'write';
  deprecated: boolean;
  /** What will be sent; absent when skipped. */
  sends?: string;
  /** Why nothing will be sent. */
  skipped?: string;
  /** The scope values a write on a live host is pinned to. */
  scope?: Record<string, unknown>;
  /** True when the host is not local: method probes are GET only there. */
  live: boolean;
}

/** GET and HEAD only read. Everything else, link-session creation included, creates, changes or steers. */
export function isWrite(operation: Pick<OperationSpec, 'method'>): boolean {
  return operation.method !== 'get' && operation.method !== 'head';
}

/** The scope fields an operation's request carries (body properties at any depth, or parameters). */
export function scopeFieldsOf(doc: OpenApiDocument, operation: OperationSpec): string[] {
  const names = new Set(operation.parameters.map((p) => p.name));
  if (operation.requestBody?.schema !== undefined) {
    for (const name of propertyNames(doc, operation.requestBody.schema)) {
      names.add(name);
    }
  }
  return SCOPE_FIELDS.filter((field) => names.has(field));
}

/** A host the spec lists as a sandbox server of the operation. */
export function isSandbox(operation: OperationSpec, baseUrl: string): boolean {
  const normalise = (url: string) => url.replace(/\/+$/, '').toLowerCase();
  return operation.servers.some((s) => s.environment === 'sandbox' && normalise(s.url) === normalise(baseUrl));
}

export function planOperation(
  doc: OpenApiDocument,
  operation: OperationSpec,
  baseUrl: string,
  policy: WritePolicy,
  values: Readonly<Record<string, readonly unknown[]>>,
  numRuns: number,
  noKeyReason: string | undefined,
  otherRoleKey = false,
): PlanEntry {
  const live = !isLocalUrl(baseUrl);
  const kind = isWrite(operation) ? 'write' : 'read';
  const entry: PlanEntry = {
    operationId: operation.operationId,
    method: operation.method.toUpperCase(),
    path: operation.path,
    baseUrl,
    kind,
    deprecated: operation.deprecated,
    live,
  };
  if (operation.deprecated && !policy.includeDeprecated) {
    return { ...entry, skipped: 'deprecated (pass --include-deprecated to check it)' };
  }
  if (noKeyReason) {
    return { ...entry, skipped: noKeyReason };
  }
  if (kind === 'write' && live) {
    const host = new URL(baseUrl).host;
    const sandbox = policy.sandboxWrites && isSandbox(operation, baseUrl);
    if (!sandbox && !policy.allowWrites.includes(operation.operationId)) {
      return {
        ...entry,
        skipped:
          `a write (${entry.method}) is not sent to ${host}, a non-local host: it changes or steers something real. ` +
          `Name it with --allow-writes ${operation.operationId}${operation.servers.some((s) => s.environment === 'sandbox') ? ', or use the sandbox host with --sandbox-writes' : ''}`,
      };
    }
    const fields = scopeFieldsOf(doc, operation);
    const missing = fields.filter((field) => !values[field] || values[field].length === 0);
    if (missing.length > 0) {
      return {
        ...entry,
        skipped: `a write on ${host} is sent only to devices the config names: give values.${missing.join(' and values.')} in the config file`,
      };
    }
    entry.scope = Object.fromEntries(fields.map((field) => [field, values[field]?.[0]]));
  }
  const parts = [
    operation.security.length === 0
      ? ''
      : otherRoleKey
        ? 'requests without a key, with an unknown key and with a key of another role'
        : 'requests without a key and with an unknown key',
  ];
  parts.push(operation.requestBody || operation.parameters.some((p) => p.in === 'query') ? 'invalid data' : '');
  const probes = (live ? (['get'] as HttpMethod[]) : PROBED_METHODS).filter(
    (m) => !documentedMethods(doc, operation.path).includes(m),
  );
  parts.push(probes.length > 0 ? `${probes.map((m) => m.toUpperCase()).join(', ')} (undocumented methods)` : '');
  parts.push(`${numRuns} generated valid requests`);
  if (operation.pagination) {
    const { tokenParameter, limitParameter } = operation.pagination;
    const filters = operation.parameters.filter(
      (p) => p.in === 'query' && p.required && p.name !== tokenParameter && p.name !== limitParameter,
    );
    const configured = filters.filter((p) => values[p.name]?.length).map((p) => p.name);
    // A generated id pages through nothing on a real server: say which required filter the config lacks.
    const generated = filters.filter((p) => !values[p.name]?.length).map((p) => p.name);
    const withValues = [
      configured.length > 0 ? `${configured.join(', ')} from the config` : '',
      generated.length > 0 ? `${generated.join(', ')} generated (give values.${generated.join(', values.')})` : '',
    ].filter(Boolean);
    parts.push(
      `one page of the largest ${limitParameter}, a walk of all pages (at most ${MAX_PAGES})${withValues.length > 0 ? ` with ${withValues.join(' and ')}` : ''}, ${limitParameter} below and above its bounds, a forged and a truncated ${tokenParameter}`,
    );
  }
  const links = operation.responses.flatMap((r) => r.links.map((l) => l.operationId ?? l.operationRef));
  if (links.length > 0) {
    parts.push(`then the linked ${links.join(', ')} to read the change back`);
  }
  const scope =
    entry.scope && Object.keys(entry.scope).length > 0
      ? ` only with ${Object.entries(entry.scope)
          .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
          .join(', ')}`
      : '';
  return { ...entry, sends: `${entry.method}${scope}: ${parts.filter(Boolean).join('; ')}` };
}

/** The plan as text: the first lines of a text report, printed before anything is sent. */
export function formatPlan(plan: PlanEntry[]): string[] {
  const lines = ['Plan (before the first request)'];
  for (const entry of plan) {
    const marks = [entry.kind, entry.deprecated ? 'deprecated' : '', entry.live ? 'live host' : '']
      .filter(Boolean)
      .join(', ');
    lines.push(
      `- ${entry.operationId} ${entry.method} ${entry.path} [${marks}]: ${entry.skipped ? `SKIPPED: ${entry.skipped}` : `sends ${entry.sends}`}`,
    );
  }
  return lines;
}
