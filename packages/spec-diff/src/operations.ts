// Compares operations: parameters, request bodies, responses, security and callbacks.

import type { Direction } from './levels.js';
import { flip, levelFor } from './levels.js';
import type { Json, Resolve } from './normalize.js';
import { sameJson } from './normalize.js';
import type { DiffContext } from './schema.js';
import { compareDocs, compareExtensions, compareSchema, show } from './schema.js';
import { compareServers } from './servers.js';
import type { ChangeOperation } from './types.js';

export interface OperationEntry {
  /** `METHOD /path`, as reports show it. */
  label: string;
  method: string;
  path: string;
  op: Json;
  pathItem: Json;
}

export interface Side {
  /** The whole document (for inherited `security`). */
  doc: Json;
  resolve: Resolve;
}

export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * Every operation of a paths-like object (paths, a callback, webhooks), keyed by `METHOD /path` with path
 * parameter names blanked, so that renaming `{id}` to `{userId}` is not a new operation.
 */
export function operationsOf(paths: Json | undefined, resolve: Resolve): Map<string, OperationEntry> {
  const out = new Map();
  for (const [path, rawItem] of Object.entries(paths ?? {})) {
    const pathItem = deref(resolve, rawItem);
    for (const method of METHODS) {
      const op = pathItem[method];
      if (op) {
        const label = `${method.toUpperCase()} ${path}`;
        const entry = { label, method: method.toUpperCase(), path, op, pathItem };
        out.set(`${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`, entry);
      }
    }
  }
  return out;
}

/**
 * @param direction what the client does with requests of these operations: 'request' = sends them
 * @param kind set for the document's own `paths` or `webhooks` (not for callbacks): each change found inside
 *   an operation is then filed under it
 */
export function comparePaths(
  ctx: DiffContext,
  before: Side,
  after: Side,
  bPaths: Json | undefined,
  aPaths: Json | undefined,
  direction: Direction,
  prefix: string,
  kind?: ChangeOperation['kind'],
) {
  const bOps = operationsOf(bPaths, before.resolve);
  const aOps = operationsOf(aPaths, after.resolve);
  const noun = kind === 'webhooks' ? 'webhook' : direction === 'request' ? 'operation' : 'callback request';
  const within = (entry: OperationEntry, compare: () => void) => {
    if (!kind) {
      compare();
      return;
    }
    ctx.operation = operationOf(kind, entry);
    try {
      compare();
    } finally {
      ctx.operation = undefined;
    }
  };
  for (const [key, b] of bOps) {
    const a = aOps.get(key);
    if (!a) {
      within(b, () => ctx.report('breaking', 'operation-removed', `${prefix}${b.label}`, `${noun} removed`));
      continue;
    }
    within(a, () => compareOperation(ctx, before, after, b, a, direction, `${prefix}${a.label}`));
  }
  for (const [key, a] of aOps) {
    if (!bOps.has(key)) {
      within(a, () => ctx.report('feature', 'operation-added', `${prefix}${a.label}`, `new ${noun}`));
    }
  }
}

/** What a change report says about the operation it belongs to. */
function operationOf(kind: ChangeOperation['kind'], entry: OperationEntry): ChangeOperation {
  const tag = Array.isArray(entry.op.tags) && typeof entry.op.tags[0] === 'string' ? entry.op.tags[0] : undefined;
  return {
    kind,
    method: entry.method,
    path: entry.path,
    ...(typeof entry.op.operationId === 'string' ? { operationId: entry.op.operationId } : {}),
    ...(tag ? { tag } : {}),
  };
}

function compareOperation(
  ctx: DiffContext,
  before: Side,
  after: Side,
  b: { op: Json; pathItem: Json },
  a: { op: Json; pathItem: Json },
  direction: Direction,
  where: string,
) {
  const bo = b.op;
  const ao = a.op;
  compareDocs(ctx.report, { ...bo, tags: undefined }, { ...ao, tags: undefined }, where);
  if (!sameJson(bo.tags, ao.tags)) {
    ctx.report('fix', 'documentation-changed', where, `tags ${show(bo.tags)} → ${show(ao.tags)}`);
  }
  compareExtensions(ctx.report, bo, ao, where);
  if (bo.operationId !== ao.operationId) {
    ctx.report(
      bo.operationId === undefined ? 'feature' : 'breaking',
      'operation-id-changed',
      where,
      `operationId ${show(bo.operationId)} → ${show(ao.operationId)} (the types package exports operations by id)`,
    );
  }
  // Servers of a path item or an operation override the document's: the client sends this operation there.
  const bServers = bo.servers ?? b.pathItem.servers;
  const aServers = ao.servers ?? a.pathItem.servers;
  if (bServers !== undefined || aServers !== undefined) {
    compareServers(ctx.report, bServers ?? before.doc.servers ?? [], aServers ?? after.doc.servers ?? [], where);
  }
  if (!bo.deprecated && ao.deprecated) {
    ctx.report('feature', 'deprecated', where, 'operation marked deprecated');
  }
  if (direction === 'request') {
    compareSecurity(ctx, bo.security ?? before.doc.security, ao.security ?? after.doc.security, where);
  }
  compareParameters(ctx, before, after, b, a, direction, where);
  compareRequestBody(ctx, before, after, bo.requestBody, ao.requestBody, direction, where);
  compareResponses(ctx, before, after, bo.responses ?? {}, ao.responses ?? {}, flip(direction), where);

  const bCallbacks = bo.callbacks ?? {};
  const aCallbacks = ao.callbacks ?? {};
  for (const name of Object.keys(bCallbacks)) {
    if (!(name in aCallbacks)) {
      ctx.report('breaking', 'callback-removed', where, `callback ${name} removed`);
    }
  }
  for (const [name, aCallback] of Object.entries(aCallbacks)) {
    if (!(name in bCallbacks)) {
      ctx.report('feature', 'callback-added', where, `new callback ${name}`);
      continue;
    }
    const bc = deref(before.resolve, bCallbacks[name]);
    const ac = deref(after.resolve, aCallback);
    comparePaths(ctx, before, after, bc, ac, flip(direction), `${where} › callback ${name}: `);
  }
}

/**
 * Security requirements: each entry is one accepted way to authenticate.
 */
function compareSecurity(ctx: DiffContext, bSec: Json[] | undefined, aSec: Json[] | undefined, where: string) {
  const key = (req: Json) =>
    Object.entries(req)
      .map(([name, scopes]) => `${name}${scopes.length ? `(${[...scopes].sort().join(' ')})` : ''}`)
      .sort()
      .join(' + ') || 'anonymous';
  const bKeys = (bSec ?? [{}]).map(key);
  const aKeys = (aSec ?? [{}]).map(key);
  for (const k of bKeys.filter((k) => !aKeys.includes(k))) {
    ctx.report('breaking', 'security-changed', where, `authentication ${k} no longer accepted`);
  }
  for (const k of aKeys.filter((k) => !bKeys.includes(k))) {
    ctx.report('feature', 'security-changed', where, `authentication ${k} now accepted`);
  }
}

function parametersOf(resolve: Resolve, pathItem: Json, op: Json): Map<string, Json> {
  const out = new Map();
  for (const raw of [...(pathItem.parameters ?? []), ...(op.parameters ?? [])]) {
    const p = deref(resolve, raw);
    const name = p.in === 'header' ? String(p.name).toLowerCase() : p.name;
    out.set(`${p.in} parameter ${name}`, p);
  }
  return out;
}

/**
 * Parameters behave like properties of one object: removing one breaks whoever sets it, a new required one
 * breaks whoever sends the request.
 */
function compareParameters(
  ctx: DiffContext,
  before: Side,
  after: Side,
  b: { op: Json; pathItem: Json },
  a: { op: Json; pathItem: Json },
  direction: Direction,
  where: string,
) {
  const bParams = parametersOf(before.resolve, b.pathItem, b.op);
  const aParams = parametersOf(after.resolve, a.pathItem, a.op);
  for (const [key, bp] of bParams) {
    const ap = aParams.get(key);
    const at = `${where} › ${key}`;
    if (!ap) {
      ctx.report('breaking', 'parameter-removed', at, `${key} removed`);
      continue;
    }
    const bReq = bp.required === true;
    const aReq = ap.required === true;
    if (bReq && !aReq) {
      ctx.report(levelFor(direction, 'widened'), 'parameter-became-optional', at, `${key} is no longer required`);
    }
    if (!bReq && aReq) {
      ctx.report(levelFor(direction, 'narrowed'), 'parameter-became-required', at, `${key} is now required`);
    }
    compareDocs(ctx.report, bp, ap, at);
    compareExtensions(ctx.report, bp, ap, at);
    for (const field of ['style', 'explode', 'allowReserved']) {
      if (!sameJson(bp[field], ap[field])) {
        ctx.report(
          'breaking',
          'parameter-serialization-changed',
          at,
          `${field} ${show(bp[field])} → ${show(ap[field])}`,
        );
      }
    }
    if (bp.schema !== undefined || ap.schema !== undefined) {
      compareSchema(ctx, bp.schema, ap.schema, direction, at);
    }
    if (bp.content || ap.content) {
      compareContent(ctx, bp.content ?? {}, ap.content ?? {}, direction, at);
    }
  }
  for (const [key, ap] of aParams) {
    if (bParams.has(key)) {
      continue;
    }
    const at = `${where} › ${key}`;
    if (direction === 'request' && ap.required === true) {
      ctx.report('breaking', 'required-parameter-added', at, `new required ${key}`);
    } else {
      ctx.report('feature', 'parameter-added', at, `new ${ap.required === true ? 'required' : 'optional'} ${key}`);
    }
  }
}

function compareRequestBody(
  ctx: DiffContext,
  before: Side,
  after: Side,
  bRaw: Json | undefined,
  aRaw: Json | undefined,
  direction: Direction,
  where: string,
) {
  const at = `${where} › request body`;
  if (!bRaw && !aRaw) {
    return;
  }
  if (!aRaw) {
    ctx.report('breaking', 'request-body-removed', at, 'request body removed');
    return;
  }
  const ab = deref(after.resolve, aRaw);
  if (!bRaw) {
    const required = ab.required === true && direction === 'request';
    ctx.report(
      required ? 'breaking' : 'feature',
      'request-body-added',
      at,
      `new ${ab.required ? 'required' : 'optional'} request body`,
    );
    return;
  }
  const bb = deref(before.resolve, bRaw);
  if (bb.required === true && ab.required !== true) {
    ctx.report(
      levelFor(direction, 'widened'),
      'request-body-became-optional',
      at,
      'request body is no longer required',
    );
  }
  if (bb.required !== true && ab.required === true) {
    ctx.report(levelFor(direction, 'narrowed'), 'request-body-became-required', at, 'request body is now required');
  }
  compareDocs(ctx.report, bb, ab, at);
  compareContent(ctx, bb.content ?? {}, ab.content ?? {}, direction, at);
}

/**
 * Media types of a body. Sent content: the server must still accept every type it accepted. Received
 * content: a client parses the types it knows, so a removed one breaks it and a new one is a feature.
 */
function compareContent(ctx: DiffContext, bContent: Json, aContent: Json, direction: Direction, where: string) {
  for (const [type, bm] of Object.entries(bContent)) {
    const am = aContent[type];
    const at = `${where} (${type})`;
    if (!am) {
      ctx.report('breaking', 'media-type-removed', where, `media type ${type} removed`);
      continue;
    }
    compareDocs(ctx.report, bm, am, at);
    compareSchema(ctx, bm.schema, am.schema, direction, at);
  }
  for (const type of Object.keys(aContent).filter((t) => !(t in bContent))) {
    ctx.report('feature', 'media-type-added', where, `media type ${type} added`);
  }
}

/**
 * @param direction the direction of response data: 'response' when the client receives it
 */
function compareResponses(
  ctx: DiffContext,
  before: Side,
  after: Side,
  bResponses: Json,
  aResponses: Json,
  direction: Direction,
  where: string,
) {
  for (const [status, bRaw] of Object.entries(bResponses)) {
    const at = `${where} › response ${status}`;
    if (!(status in aResponses)) {
      ctx.report('breaking', 'response-status-removed', at, `status ${status} removed`);
      continue;
    }
    const br = deref(before.resolve, bRaw);
    const ar = deref(after.resolve, aResponses[status]);
    compareDocs(ctx.report, br, ar, at);
    compareExtensions(ctx.report, br, ar, at);
    compareHeaders(ctx, before, after, br.headers ?? {}, ar.headers ?? {}, direction, at);
    compareContent(ctx, br.content ?? {}, ar.content ?? {}, direction, at);
  }
  for (const status of Object.keys(aResponses).filter((s) => !(s in bResponses))) {
    ctx.report('feature', 'response-status-added', `${where} › response ${status}`, `new status ${status}`);
  }
}

function compareHeaders(
  ctx: DiffContext,
  before: Side,
  after: Side,
  bHeaders: Json,
  aHeaders: Json,
  direction: Direction,
  where: string,
) {
  const lower = (headers: Json) => new Map(Object.entries(headers).map(([name, h]) => [name.toLowerCase(), h]));
  const bh = lower(bHeaders);
  const ah = lower(aHeaders);
  for (const [name, bRaw] of bh) {
    const at = `${where} › header ${name}`;
    const aRaw = ah.get(name);
    if (!aRaw) {
      ctx.report('breaking', 'response-header-removed', at, `header ${name} removed`);
      continue;
    }
    const b = deref(before.resolve, bRaw);
    const a = deref(after.resolve, aRaw);
    if (b.required === true && a.required !== true) {
      ctx.report(
        levelFor(direction, 'widened'),
        'response-header-became-optional',
        at,
        `header ${name} is no longer always sent`,
      );
    }
    compareDocs(ctx.report, b, a, at);
    compareSchema(ctx, b.schema, a.schema, direction, at);
  }
  for (const name of [...ah.keys()].filter((n) => !bh.has(n))) {
    ctx.report('feature', 'response-header-added', `${where} › header ${name}`, `new header ${name}`);
  }
}

/**
 * Follows `$ref`s of non-schema objects (parameters, responses, path items, callbacks).
 */
export function deref(resolve: Resolve, value: unknown): Json {
  let node = value as Json | undefined;
  const seen = new Set();
  while (node && typeof node.$ref === 'string') {
    if (seen.has(node.$ref)) {
      throw new Error(`$ref cycle at ${node.$ref}`);
    }
    seen.add(node.$ref);
    const { $ref, ...siblings } = node;
    node = { ...resolve($ref), ...siblings };
  }
  return node ?? {};
}
