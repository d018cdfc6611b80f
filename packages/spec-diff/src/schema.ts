// Compares two versions of one JSON Schema in a known data direction and reports each difference.

import type { Direction, Level } from './levels.js';
import { levelFor } from './levels.js';
import type { Json, Resolve } from './normalize.js';
import { normalize, sameJson, stableStringify } from './normalize.js';
import type { ChangeOperation } from './types.js';

export type Report = (level: Level, rule: string, where: string, message: string) => void;

export interface DiffContext {
  resolveBefore: Resolve;
  resolveAfter: Resolve;
  /** Records a change; it is filed under `operation` when one is being compared. */
  report: Report;
  /** The operation being compared, if any. */
  operation?: ChangeOperation | undefined;
  /** Component $refs reached from an operation (both versions). */
  reached: Set<string>;
}

/** Keywords that only document: a change is a fix. */
const DOC_KEYWORDS = ['title', 'description', 'summary', 'examples', 'example', 'externalDocs', '$comment'];
/** Extensions that only shape how a reference renders (Redoc's navigation, code samples): a change is a fix. */
const DOC_EXTENSIONS = ['x-tagGroups', 'x-displayName', 'x-traitTag', 'x-logo', 'x-codeSamples'];
/** Lower bounds: a higher value allows fewer values. */
const LOWER_BOUNDS = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties', 'minContains'];
/** Upper bounds: a lower value allows fewer values. */
const UPPER_BOUNDS = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties', 'maxContains'];
/** Keywords where any addition narrows and any removal widens. */
const RESTRICTING = ['pattern', 'format', 'multipleOf', 'uniqueItems', 'propertyNames', 'contentEncoding'];
const JSON_TYPES = ['null', 'boolean', 'object', 'array', 'number', 'integer', 'string'];

/**
 * @param [stack] pairs of $ref chains being compared, to stop on recursive schemas
 */
export function compareSchema(
  ctx: DiffContext,
  before: unknown,
  after: unknown,
  direction: Direction,
  where: string,
  stack: string[] = [],
) {
  const b = normalize(ctx.resolveBefore, before);
  const a = normalize(ctx.resolveAfter, after);
  for (const ref of [...b.refs, ...a.refs]) {
    ctx.reached.add(ref);
  }
  const pair = `${b.refs.join('>')}|${a.refs.join('>')}`;
  if ((b.refs.length || a.refs.length) && stack.includes(pair)) {
    return;
  }
  const nextStack = [...stack, pair];
  const bs = b.schema;
  const as = a.schema;
  const report = ctx.report;

  compareDocs(report, bs, as, where);
  compareExtensions(report, bs, as, where);
  if (!bs.deprecated && as.deprecated) {
    report('feature', 'deprecated', where, 'marked deprecated');
  }

  const bVariants = bs.oneOf ?? bs.anyOf;
  const aVariants = as.oneOf ?? as.anyOf;
  if (bVariants || aVariants) {
    if (!bVariants || !aVariants) {
      report(
        'breaking',
        'schema-shape-changed',
        where,
        bVariants
          ? `was a choice of ${bVariants.length} schemas, now one schema`
          : `is now a choice of ${aVariants.length} schemas`,
      );
      return;
    }
    compareVariants(ctx, bs, as, bVariants, aVariants, direction, where, nextStack);
  }

  compareTypes(report, bs, as, b.nullable, a.nullable, direction, where);
  compareEnums(report, bs, as, direction, where);
  compareConstraints(report, bs, as, direction, where);
  if ('default' in bs || 'default' in as) {
    if (!sameJson(bs.default, as.default)) {
      report(
        direction === 'response' ? 'fix' : 'feature',
        'default-changed',
        where,
        `default ${show(bs.default)} → ${show(as.default)}`,
      );
    }
  }
  if (bs.contentMediaType !== as.contentMediaType) {
    report(
      'breaking',
      'content-media-type-changed',
      where,
      `contentMediaType ${show(bs.contentMediaType)} → ${show(as.contentMediaType)}`,
    );
  }

  compareObject(ctx, bs, as, direction, where, nextStack);
  if (bs.items !== undefined || as.items !== undefined) {
    if (bs.items === undefined || as.items === undefined) {
      const change = bs.items === undefined ? 'narrowed' : 'widened';
      report(
        levelFor(direction, change),
        'items-changed',
        `${where}[]`,
        `item schema ${bs.items === undefined ? 'added' : 'removed'}`,
      );
    } else {
      compareSchema(ctx, bs.items, as.items, direction, `${where}[]`, nextStack);
    }
  }
  if (bs.contentSchema !== undefined || as.contentSchema !== undefined) {
    compareSchema(
      ctx,
      bs.contentSchema,
      as.contentSchema,
      direction,
      `${where} (decoded ${as.contentMediaType ?? 'content'})`,
      nextStack,
    );
  }
}

export function compareDocs(report: DiffContext['report'], bs: Json, as: Json, where: string) {
  const changed = DOC_KEYWORDS.filter((k) => !sameJson(bs[k], as[k]));
  if (changed.length) {
    report('fix', 'documentation-changed', where, `${changed.join(', ')} changed`);
  }
}

/**
 * Vendor extensions (`x-...`) carry machine-readable behaviour (the mock and the contract tests read them):
 * a change is a feature, never a silent fix. Those that only shape the rendered reference are fixes.
 */
export function compareExtensions(report: DiffContext['report'], bs: Json, as: Json, where: string) {
  const keys = new Set(
    [...Object.keys(bs), ...Object.keys(as)].filter((k) => k.startsWith('x-') && k !== 'x-diff-cycle'),
  );
  for (const key of [...keys].sort()) {
    if (sameJson(bs[key], as[key])) {
      continue;
    }
    if (DOC_EXTENSIONS.includes(key)) {
      report('fix', 'documentation-changed', where, `${key} changed`);
    } else {
      report('feature', 'extension-changed', where, `${key} ${show(bs[key])} → ${show(as[key])}`);
    }
  }
}

function compareVariants(
  ctx: DiffContext,
  bs: Json,
  as: Json,
  bVariants: unknown[],
  aVariants: unknown[],
  direction: Direction,
  where: string,
  stack: string[],
) {
  const bKeys = bVariants.map((v, i) => variantKey(ctx.resolveBefore, bs, v, i));
  const aKeys = aVariants.map((v, i) => variantKey(ctx.resolveAfter, as, v, i));
  bKeys.forEach((key, i) => {
    const j = aKeys.indexOf(key);
    if (j === -1) {
      ctx.report(levelFor(direction, 'narrowed'), 'variant-removed', where, `choice ${key} removed`);
    } else {
      compareSchema(ctx, bVariants[i], aVariants[j], direction, `${where} (${key})`, stack);
    }
  });
  for (const key of aKeys.filter((k) => !bKeys.includes(k))) {
    ctx.report(levelFor(direction, 'widened'), 'variant-added', where, `choice ${key} added`);
  }
}

/**
 * A stable name for one choice of a oneOf/anyOf: its discriminator value, else the component it refers to,
 * else its title, else its types.
 */
function variantKey(resolve: Resolve, parent: Json, variant: unknown, index: number) {
  const n = normalize(resolve, variant);
  const property = parent.discriminator?.propertyName;
  if (property) {
    const prop = normalize(resolve, n.schema.properties?.[property]).schema;
    const value = prop.const ?? (Array.isArray(prop.enum) && prop.enum.length === 1 ? prop.enum[0] : undefined);
    if (value !== undefined) {
      return `${property}=${show(value)}`;
    }
  }
  const ref = (variant as Json | undefined)?.$ref;
  if (typeof ref === 'string') {
    return ref.split('/').pop();
  }
  if (typeof n.schema.title === 'string') {
    return n.schema.title;
  }
  const types = typeSet(n.schema, n.nullable);
  return types ? [...types].sort().join('|') : `#${index}`;
}

/**
 * The JSON types a schema allows, or undefined for "any".
 */
export function typeSet(s: Json, nullable: boolean): Set<string> | undefined {
  let types: Set<string> | undefined;
  if (s.type !== undefined) {
    types = new Set([s.type].flat());
  } else if ('const' in s) {
    types = new Set([jsonType(s.const)]);
  } else if (Array.isArray(s.enum)) {
    types = new Set(s.enum.map(jsonType));
  } else if (s.properties || s.required || s.additionalProperties !== undefined) {
    types = new Set(['object']);
  } else if (s.items !== undefined) {
    types = new Set(['array']);
  }
  if (types && nullable) {
    types.add('null');
  }
  return types;
}

/** @param value */
function jsonType(value: unknown) {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'array';
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'integer' : 'number';
  }
  return typeof value;
}

function covers(set: Set<string> | undefined, type: string) {
  return !set || set.has(type) || (type === 'integer' && set.has('number'));
}

function compareTypes(
  report: DiffContext['report'],
  bs: Json,
  as: Json,
  bNull: boolean,
  aNull: boolean,
  direction: Direction,
  where: string,
) {
  if ((bs.oneOf || bs.anyOf) && bs.type === undefined && as.type === undefined) {
    return;
  }
  const bt = typeSet(bs, bNull);
  const at = typeSet(as, aNull);
  if (!bt && !at) {
    return;
  }
  const lost = bt ? [...bt].filter((t) => !covers(at, t)) : JSON_TYPES.filter((t) => !covers(at, t));
  const gained = at ? [...at].filter((t) => !covers(bt, t)) : JSON_TYPES.filter((t) => !covers(bt, t));
  const nullLost = lost.includes('null');
  const nullGained = gained.includes('null');
  const lostTypes = lost.filter((t) => t !== 'null');
  const gainedTypes = gained.filter((t) => t !== 'null');
  if (nullGained) {
    report(levelFor(direction, 'widened'), 'nullable-added', where, 'now allows null');
  }
  if (nullLost) {
    report(levelFor(direction, 'narrowed'), 'nullable-removed', where, 'no longer allows null');
  }
  if (lostTypes.length || gainedTypes.length) {
    const change = lostTypes.length && gainedTypes.length ? 'changed' : lostTypes.length ? 'narrowed' : 'widened';
    const name = (set: Set<string> | undefined) =>
      set ? [...set].filter((t) => t !== 'null').join(' | ') || 'null' : 'any';
    report(levelFor(direction, change), 'type-changed', where, `type ${name(bt)} → ${name(at)}`);
  }
}

function allowedValues(s: Json): unknown[] | undefined {
  if ('const' in s) {
    return [s.const].filter((v) => v !== null);
  }
  if (Array.isArray(s.enum)) {
    return s.enum.filter((v) => v !== null);
  }
  return undefined;
}

function compareEnums(report: DiffContext['report'], bs: Json, as: Json, direction: Direction, where: string) {
  const bv = allowedValues(bs);
  const av = allowedValues(as);
  if (!bv && !av) {
    return;
  }
  if (!bv) {
    report(levelFor(direction, 'narrowed'), 'enum-added', where, `now limited to ${list(av ?? [])}`);
    return;
  }
  if (!av) {
    report(levelFor(direction, 'widened'), 'enum-removed', where, `no longer limited to ${list(bv)}`);
    return;
  }
  const removed = bv.filter((x) => !av.some((y) => sameJson(x, y)));
  const added = av.filter((x) => !bv.some((y) => sameJson(x, y)));
  if (removed.length) {
    report(
      levelFor(direction, 'narrowed'),
      'enum-value-removed',
      where,
      `value${removed.length > 1 ? 's' : ''} ${list(removed)} removed`,
    );
  }
  if (added.length) {
    report(
      levelFor(direction, 'widened'),
      'enum-value-added',
      where,
      `value${added.length > 1 ? 's' : ''} ${list(added)} added`,
    );
  }
}

function compareConstraints(report: DiffContext['report'], bs: Json, as: Json, direction: Direction, where: string) {
  const emit = (key: string, change: 'narrowed' | 'widened' | 'changed') => {
    const word = { narrowed: 'tighter', widened: 'looser', changed: 'changed' }[change];
    report(
      levelFor(direction, change),
      'constraint-changed',
      where,
      `${key} ${show(bs[key])} → ${show(as[key])} (${word})`,
    );
  };
  for (const key of LOWER_BOUNDS) {
    if (bs[key] !== as[key]) {
      emit(key, as[key] === undefined || (bs[key] !== undefined && as[key] < bs[key]) ? 'widened' : 'narrowed');
    }
  }
  for (const key of UPPER_BOUNDS) {
    if (bs[key] !== as[key]) {
      emit(key, as[key] === undefined || (bs[key] !== undefined && as[key] > bs[key]) ? 'widened' : 'narrowed');
    }
  }
  for (const key of RESTRICTING) {
    if (!sameJson(bs[key], as[key]) && !(key === 'uniqueItems' && !bs[key] && !as[key])) {
      const absent = (v: unknown) => v === undefined || v === false;
      emit(key, absent(bs[key]) ? 'narrowed' : absent(as[key]) ? 'widened' : 'changed');
    }
  }
}

function compareObject(ctx: DiffContext, bs: Json, as: Json, direction: Direction, where: string, stack: string[]) {
  const report = ctx.report;
  const bp: Json = bs.properties ?? {};
  const ap: Json = as.properties ?? {};
  const bReq = new Set<string>(bs.required ?? []);
  const aReq = new Set<string>(as.required ?? []);
  const at = (name: string) => `${where} › ${name}`;
  /** Properties the other side never sees (readOnly in a request, writeOnly in a response). */
  const hidden = (resolve: Resolve, schema: unknown) => {
    const s = normalize(resolve, schema).schema;
    return (direction === 'request' && s.readOnly === true) || (direction === 'response' && s.writeOnly === true);
  };

  for (const name of Object.keys(bp)) {
    if (name in ap || hidden(ctx.resolveBefore, bp[name])) {
      continue;
    }
    report('breaking', 'property-removed', at(name), `property \`${name}\` removed`);
  }
  for (const name of Object.keys(ap)) {
    if (name in bp || hidden(ctx.resolveAfter, ap[name])) {
      continue;
    }
    if (direction !== 'response' && aReq.has(name)) {
      report('breaking', 'required-property-added', at(name), `new required property \`${name}\``);
    } else {
      report(
        'feature',
        'property-added',
        at(name),
        `new ${aReq.has(name) ? 'required' : 'optional'} property \`${name}\``,
      );
    }
  }
  for (const name of Object.keys(bp)) {
    if (!(name in ap)) {
      continue;
    }
    if (bReq.has(name) && !aReq.has(name)) {
      report(levelFor(direction, 'widened'), 'property-became-optional', at(name), `\`${name}\` is no longer required`);
    }
    if (!bReq.has(name) && aReq.has(name)) {
      report(levelFor(direction, 'narrowed'), 'property-became-required', at(name), `\`${name}\` is now required`);
    }
    compareSchema(ctx, bp[name], ap[name], direction, at(name), stack);
  }
  for (const name of [...aReq].filter((n) => !(n in ap) && !bReq.has(n))) {
    report(levelFor(direction, 'narrowed'), 'property-became-required', at(name), `\`${name}\` is now required`);
  }

  const bAdd = bs.additionalProperties;
  const aAdd = as.additionalProperties;
  if (!sameJson(bAdd, aAdd)) {
    const open = (v: unknown) => v === undefined || v === true;
    if (open(bAdd) && aAdd === false) {
      report(
        levelFor(direction, 'narrowed'),
        'additional-properties-changed',
        where,
        'no longer allows other properties',
      );
    } else if (bAdd === false && open(aAdd)) {
      report(levelFor(direction, 'widened'), 'additional-properties-changed', where, 'now allows other properties');
    } else if (typeof bAdd === 'object' && typeof aAdd === 'object') {
      compareSchema(ctx, bAdd, aAdd, direction, `${where} › {*}`, stack);
    } else {
      report(
        levelFor(direction, 'changed'),
        'additional-properties-changed',
        where,
        'the schema of other properties changed',
      );
    }
  }
}

/**
 * A short, readable rendering of a JSON value for the report.
 */
export function show(value: unknown) {
  if (value === undefined) {
    return '(none)';
  }
  const text = typeof value === 'string' ? JSON.stringify(value) : stableStringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** @param values */
function list(values: unknown[]) {
  return values.map(show).join(', ');
}
