// Classifies every difference between two bundled OpenAPI documents as breaking, feature or fix.
//
// Why not a library: `openapi-diff` refuses OpenAPI 3.1 ("Swagger Parser only supports versions 3.0.x"), and
// `api-smart-diff` 1.0.6 calls a changed response type non-breaking and never looks into a callback
// payload's `contentSchema`, where this spec keeps `LinkCallbackPayload`. The rules here are few and each one
// has a test that shows it firing and not firing (scripts/release/test/spec-diff.test.ts).
import { BUMP_FOR_LEVEL, LEVELS } from './levels.mjs';
import { createResolver, sameJson } from './normalize.mjs';
import { comparePaths } from './operations.mjs';
import { compareDocs, compareExtensions, compareSchema, show } from './schema.mjs';

/** @typedef {import('./normalize.mjs').Json} Json */
/** @typedef {import('./levels.mjs').Level} Level */
/**
 * @typedef {object} SpecChange
 * @property {Level} level
 * @property {string} rule a stable id, e.g. `enum-value-removed`
 * @property {string} where e.g. `POST /supplier/link-sessions › request body (application/json) › brand`
 * @property {string} message what changed, e.g. `value "nibe" removed`
 */

/**
 * @param {Json} before the older bundled spec
 * @param {Json} after the newer bundled spec
 * @returns {SpecChange[]}
 */
export function diffSpecs(before, after) {
  /** @type {SpecChange[]} */
  const changes = [];
  const seen = new Set();
  /** @type {Set<string>} */
  const reached = new Set();
  const ctx = {
    resolveBefore: createResolver(before),
    resolveAfter: createResolver(after),
    reached,
    /** @type {(level: Level, rule: string, where: string, message: string) => void} */
    report: (level, rule, where, message) => {
      const key = `${level}|${rule}|${where}|${message}`;
      if (!seen.has(key)) {
        seen.add(key);
        changes.push({ level, rule, where, message });
      }
    },
  };
  const bSide = { doc: before, resolve: ctx.resolveBefore };
  const aSide = { doc: after, resolve: ctx.resolveAfter };

  if (before.openapi !== after.openapi) {
    ctx.report(
      'fix',
      'openapi-version-changed',
      'document',
      `openapi ${show(before.openapi)} → ${show(after.openapi)}`,
    );
  }
  compareInfo(ctx.report, before.info ?? {}, after.info ?? {});
  compareExtensions(ctx.report, before, after, 'document');
  compareServers(ctx.report, before.servers ?? [], after.servers ?? []);
  compareSecuritySchemes(ctx.report, before.components?.securitySchemes ?? {}, after.components?.securitySchemes ?? {});
  compareTags(ctx.report, before.tags ?? [], after.tags ?? []);

  comparePaths(ctx, bSide, aSide, before.paths, after.paths, 'request', '');
  comparePaths(ctx, bSide, aSide, before.webhooks, after.webhooks, 'response', 'webhook ');

  const bSchemas = before.components?.schemas ?? {};
  const aSchemas = after.components?.schemas ?? {};
  for (const name of Object.keys(bSchemas)) {
    if (!(name in aSchemas)) {
      ctx.report(
        'breaking',
        'schema-removed',
        `components.schemas.${name}`,
        `schema ${name} removed (the types package exports it)`,
      );
    }
  }
  for (const name of Object.keys(aSchemas)) {
    const ref = `#/components/schemas/${name}`;
    if (!(name in bSchemas)) {
      ctx.report('feature', 'schema-added', `components.schemas.${name}`, `new schema ${name}`);
    } else if (!reached.has(ref)) {
      // Reached by no operation: no known direction, so any narrowing or widening counts as breaking.
      compareSchema(ctx, { $ref: ref }, { $ref: ref }, 'both', `components.schemas.${name}`);
    }
  }

  if (changes.length === 0 && !sameJson(before, after)) {
    ctx.report('fix', 'other-change', 'document', 'the documents differ in a part no rule classifies');
  }
  return changes;
}

/**
 * @param {(level: Level, rule: string, where: string, message: string) => void} report
 * @param {Json} b
 * @param {Json} a
 */
function compareInfo(report, b, a) {
  compareDocs(report, b, a, 'info');
  for (const key of ['version', 'contact', 'license', 'termsOfService']) {
    if (!sameJson(b[key], a[key])) {
      report('fix', 'documentation-changed', 'info', `${key} ${show(b[key])} → ${show(a[key])}`);
    }
  }
  compareExtensions(report, b, a, 'info');
}

/**
 * The client's default base URL comes from the servers list: a removed or moved server breaks it.
 * @param {(level: Level, rule: string, where: string, message: string) => void} report
 * @param {Json[]} b
 * @param {Json[]} a
 */
function compareServers(report, b, a) {
  const aByUrl = new Map(a.map((s) => [s.url, s]));
  const bUrls = new Set(b.map((s) => s.url));
  for (const server of b) {
    const match = aByUrl.get(server.url);
    if (!match) {
      report('breaking', 'server-removed', 'servers', `server ${server.url} removed`);
      continue;
    }
    compareDocs(report, server, match, `server ${server.url}`);
    compareExtensions(report, server, match, `server ${server.url}`);
    if (!sameJson(server.variables, match.variables)) {
      report('breaking', 'server-variables-changed', `server ${server.url}`, 'server variables changed');
    }
  }
  for (const server of a.filter((s) => !bUrls.has(s.url))) {
    report('feature', 'server-added', 'servers', `new server ${server.url}`);
  }
}

/**
 * @param {(level: Level, rule: string, where: string, message: string) => void} report
 * @param {Json} b
 * @param {Json} a
 */
function compareSecuritySchemes(report, b, a) {
  for (const [name, scheme] of Object.entries(b)) {
    const where = `components.securitySchemes.${name}`;
    const next = a[name];
    if (!next) {
      report('breaking', 'security-scheme-removed', where, `security scheme ${name} removed`);
      continue;
    }
    for (const key of ['type', 'in', 'name', 'scheme', 'bearerFormat', 'flows', 'openIdConnectUrl']) {
      if (!sameJson(scheme[key], next[key])) {
        report('breaking', 'security-scheme-changed', where, `${key} ${show(scheme[key])} → ${show(next[key])}`);
      }
    }
    compareDocs(report, scheme, next, where);
    compareExtensions(report, scheme, next, where);
  }
  for (const name of Object.keys(a).filter((n) => !(n in b))) {
    report('feature', 'security-scheme-added', `components.securitySchemes.${name}`, `new security scheme ${name}`);
  }
}

/**
 * @param {(level: Level, rule: string, where: string, message: string) => void} report
 * @param {Json[]} b
 * @param {Json[]} a
 */
function compareTags(report, b, a) {
  const aByName = new Map(a.map((t) => [t.name, t]));
  for (const tag of b) {
    const next = aByName.get(tag.name);
    if (!next) {
      report('fix', 'documentation-changed', `tag ${tag.name}`, 'tag removed');
    } else {
      compareDocs(report, tag, next, `tag ${tag.name}`);
    }
  }
  for (const tag of a.filter((t) => !b.some((x) => x.name === t.name))) {
    report('fix', 'documentation-changed', `tag ${tag.name}`, 'tag added');
  }
}

/**
 * The smallest semver bump that the changes ask for.
 * @param {SpecChange[]} changes
 * @returns {'major' | 'minor' | 'patch' | 'none'}
 */
export function requiredBump(changes) {
  for (const level of LEVELS) {
    if (changes.some((c) => c.level === level)) {
      return BUMP_FOR_LEVEL[level];
    }
  }
  return 'none';
}

/**
 * A readable report: one section per level; the same change at several places is listed once with
 * every place under it.
 * @param {SpecChange[]} changes
 * @returns {string}
 */
export function formatReport(changes) {
  if (changes.length === 0) {
    return 'No differences.';
  }
  const lines = [];
  const title = { breaking: 'BREAKING', feature: 'FEATURE', fix: 'FIX' };
  const mark = { breaking: '✗', feature: '+', fix: '~' };
  for (const level of LEVELS) {
    const ofLevel = changes.filter((c) => c.level === level);
    if (!ofLevel.length) {
      continue;
    }
    /** @type {Map<string, SpecChange[]>} */
    const groups = new Map();
    for (const change of ofLevel) {
      const key = `${change.rule}|${change.message}`;
      groups.set(key, [...(groups.get(key) ?? []), change]);
    }
    lines.push(`${title[level]} (${ofLevel.length})`);
    for (const group of groups.values()) {
      const first = /** @type {SpecChange} */ (group[0]);
      lines.push(`  ${mark[level]} ${first.message}  [${first.rule}]`);
      for (const change of group) {
        lines.push(`      at ${change.where}`);
      }
    }
  }
  return lines.join('\n');
}
