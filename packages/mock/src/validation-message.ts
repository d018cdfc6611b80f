// Turns ajv's errors for a request body into one sentence that names the field and the rule it breaks, e.g.
// `brand: "nibe" is not allowed when asset_type is "pv"; must be one of alpha-ess, ..., or null`.
import type { ErrorObject } from './spec/schemas.js';

export interface MessageContext {
  /** The request's discriminator, its values, and the fields whose allowed values depend on it. */
  discriminator?: { tag: string; values: string[]; shapes: ReadonlySet<string> } | undefined;
  body: unknown;
}

const ARTICLE: Record<string, string> = { integer: 'an integer', object: 'an object', array: 'an array', null: 'null' };

/** `/a/0/b` -> `a/0/b`; the root is `body`. */
function fieldName(instancePath: string, child?: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (child !== undefined) {
    parts.push(child);
  }
  return parts.length === 0 ? 'body' : parts.join('/');
}

function valueAt(body: unknown, instancePath: string): unknown {
  let node = body;
  for (const part of instancePath.split('/').slice(1)) {
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  }
  return node;
}

function list(values: unknown[]): string {
  return values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join(', ');
}

/** What one failed keyword asks for, as the words after "must be" (or undefined when it is not a "be" rule). */
function expectation(error: ErrorObject): string | undefined {
  switch (error.keyword) {
    case 'type': {
      const type = String(error.params.type);
      return ARTICLE[type] ?? `a ${type}`;
    }
    case 'enum':
      return `one of ${list(error.params.allowedValues as unknown[])}`;
    case 'const':
      return JSON.stringify(error.params.allowedValue);
    default:
      return undefined;
  }
}

function describeOne(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return `${fieldName(error.instancePath, String(error.params.missingProperty))}: is required`;
    case 'additionalProperties':
      return `${fieldName(error.instancePath, String(error.params.additionalProperty))}: is not allowed`;
    case 'format':
      return `${fieldName(error.instancePath)}: must match format "${String(error.params.format)}"`;
    default: {
      const expected = expectation(error);
      return `${fieldName(error.instancePath)}: ${expected ? `must be ${expected}` : error.message}`;
    }
  }
}

export function describeValidationErrors(errors: readonly ErrorObject[], context: MessageContext): string {
  const [first] = errors;
  if (!first) {
    return 'body: does not match the schema';
  }
  const { discriminator } = context;

  if (first.keyword === 'discriminator') {
    const tag = String(first.params.tag);
    const allowed = discriminator ? `one of ${list(discriminator.values)}` : 'a known value';
    return first.params.tagValue === undefined
      ? `${tag}: is required and must be ${allowed}`
      : `${tag}: must be ${allowed}`;
  }

  // A value that fails every branch of a oneOf/anyOf gets one sentence listing what each branch would accept.
  const alternativesFailed = errors.some(
    (error) => (error.keyword === 'oneOf' || error.keyword === 'anyOf') && error.instancePath === first.instancePath,
  );
  if (!alternativesFailed) {
    return withContext(describeOne(first), first, context);
  }
  const sameField = errors.filter(
    (error) => error.instancePath === first.instancePath && error.keyword !== 'oneOf' && error.keyword !== 'anyOf',
  );
  const expectations = sameField.map(expectation);
  if (expectations.some((item) => item === undefined)) {
    return withContext(describeOne(first), first, context);
  }
  // "must be a string" adds nothing next to "must be one of <strings>".
  const hasEnum = sameField.some((error) => error.keyword === 'enum');
  const wanted = [
    ...new Set(
      sameField
        .filter((error) => !(hasEnum && error.keyword === 'type' && error.params.type !== 'null'))
        .map((error) => expectation(error) as string),
    ),
  ].sort((a, b) => Number(a === 'null') - Number(b === 'null'));
  const enumError = sameField.find((error) => error.keyword === 'enum');
  return withContext(`${fieldName(first.instancePath)}: must be ${wanted.join(', or ')}`, enumError ?? first, context);
}

/** Adds what was sent and the discriminator's value, where they explain an enum failure. */
function withContext(message: string, error: ErrorObject, context: MessageContext): string {
  if (error.keyword !== 'enum') {
    return message;
  }
  const sent = valueAt(context.body, error.instancePath);
  const field = fieldName(error.instancePath);
  const tag = context.discriminator?.shapes.has(field) ? context.discriminator.tag : undefined;
  const tagValue =
    tag && typeof context.body === 'object' && context.body !== null
      ? (context.body as Record<string, unknown>)[tag]
      : undefined;
  if (typeof sent !== 'string' || sent.length > 64) {
    return message;
  }
  const when = typeof tagValue === 'string' ? ` when ${tag} is "${tagValue}"` : '';
  return message.replace(`${field}: `, `${field}: "${sent}" is not allowed${when}; `);
}
