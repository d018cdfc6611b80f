// Classifies every difference between two bundled OpenAPI documents as breaking, feature or fix.
//
// Why not a library: `openapi-diff` refuses OpenAPI 3.1 ("Swagger Parser only supports versions 3.0.x"), and
// `api-smart-diff` 1.0.6 calls a changed response type non-breaking and never looks into a callback
// payload's `contentSchema`, where this spec keeps `LinkCallbackPayload`. The rules here are few and each one
// has a test that shows it firing and not firing (packages/spec-diff/test/diff.test.ts).

import type { Level } from './levels.js';
import { BUMP_FOR_LEVEL, LEVELS } from './levels.js';
import type { Json } from './normalize.js';
import { createResolver, sameJson } from './normalize.js';
import { comparePaths } from './operations.js';
import { compareDocs, compareExtensions, compareSchema, type DiffContext, show } from './schema.js';
import { compareServers } from './servers.js';
import type { SpecChange } from './types.js';

/**
 * @param before the older bundled spec
 * @param after the newer bundled spec
 */
export function diffSpecs(before: Json, after: Json): SpecChange[] {
  const changes: SpecChange[] = [];
  const seen = new Set();
  const reached: Set<string> = new Set();
  const ctx: DiffContext = {
    resolveBefore: createResolver(before),
    resolveAfter: createResolver(after),
    reached,
    report: (level, rule, where, message) => {
      const key = `${level}|${rule}|${where}|${message}`;
      if (!seen.has(key)) {
        seen.add(key);
        changes.push(
          ctx.operation ? { level, rule, where, message, operation: ctx.operation } : { level, rule, where, message },
        );
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
  compareServers(ctx.report, before.servers ?? [], after.servers ?? [], 'servers');
  compareSecuritySchemes(ctx.report, before.components?.securitySchemes ?? {}, after.components?.securitySchemes ?? {});
  compareTags(ctx.report, before.tags ?? [], after.tags ?? []);

  comparePaths(ctx, bSide, aSide, before.paths, after.paths, 'request', '', 'paths');
  comparePaths(ctx, bSide, aSide, before.webhooks, after.webhooks, 'response', 'webhook ', 'webhooks');

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

function compareInfo(report: (level: Level, rule: string, where: string, message: string) => void, b: Json, a: Json) {
  compareDocs(report, b, a, 'info');
  for (const key of ['version', 'contact', 'license', 'termsOfService']) {
    if (!sameJson(b[key], a[key])) {
      report('fix', 'documentation-changed', 'info', `${key} ${show(b[key])} → ${show(a[key])}`);
    }
  }
  compareExtensions(report, b, a, 'info');
}

function compareSecuritySchemes(
  report: (level: Level, rule: string, where: string, message: string) => void,
  b: Json,
  a: Json,
) {
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

function compareTags(
  report: (level: Level, rule: string, where: string, message: string) => void,
  b: Json[],
  a: Json[],
) {
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
 */
export function requiredBump(changes: SpecChange[]): 'major' | 'minor' | 'patch' | 'none' {
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
 */
export function formatReport(changes: SpecChange[]): string {
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
    const groups: Map<string, SpecChange[]> = new Map();
    for (const change of ofLevel) {
      const key = `${change.rule}|${change.message}`;
      groups.set(key, [...(groups.get(key) ?? []), change]);
    }
    lines.push(`${title[level]} (${ofLevel.length})`);
    for (const group of groups.values()) {
      const first = group[0] as SpecChange;
      lines.push(`  ${mark[level]} ${first.message}  [${first.rule}]`);
      for (const change of group) {
        lines.push(`      at ${change.where}`);
      }
    }
  }
  return lines.join('\n');
}
