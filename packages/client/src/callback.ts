// Decoding of the `?data=` payload NOX appends to your redirect URL when a link session completes.
// The payload is base64url JSON without padding and is NOT signed: anyone can craft one. Treat the
// result as a hint from the user's browser and confirm it on your server before relying on it.
import type { LinkCallbackPayload, ManufacturerLinkCallbackPayload } from '@nox-energy/types';
import { NoxError } from './errors.js';
import {
  type ValidationIssue,
  type Validator,
  validateLinkCallbackPayload,
  validateManufacturerLinkCallbackPayload,
} from './generated/callback-validators.js';
import { callbackPayloads } from './generated/spec.js';

export type LinkCallbackErrorReason = 'missing' | 'too_large' | 'not_base64url' | 'not_json' | 'invalid_payload';

/** The callback input could not be turned into a valid payload. Nothing partial is ever returned. */
export class LinkCallbackError extends NoxError {
  override name = 'LinkCallbackError';
  readonly reason: LinkCallbackErrorReason;
  /** For `invalid_payload`: one line per problem, naming the field. */
  readonly issues: readonly string[];

  constructor(reason: LinkCallbackErrorReason, message: string, issues: readonly string[] = []) {
    super(message);
    this.reason = reason;
    this.issues = issues;
  }
}

/** A callback URL, its query string (with or without `?`), or the raw `data` value. */
export type LinkCallbackInput = string | URL | URLSearchParams;

type PayloadName = keyof typeof callbackPayloads;

function extractValue(input: LinkCallbackInput, parameter: string): string | null {
  if (input instanceof URL) {
    return input.searchParams.get(parameter);
  }
  if (input instanceof URLSearchParams) {
    return input.get(parameter);
  }
  if (typeof input !== 'string') {
    throw new LinkCallbackError('missing', 'The callback input must be a URL, a query string or the data value.');
  }
  const text = input.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) {
    try {
      return new URL(text).searchParams.get(parameter);
    } catch {
      throw new LinkCallbackError('missing', 'The callback input looks like a URL but cannot be parsed.');
    }
  }
  // A base64url value never holds `=`, `?` or `&`; a query string does.
  if (/[=?&]/.test(text)) {
    const value = new URLSearchParams(text.replace(/^\?/, '')).get(parameter);
    // Padded base64 ("...==") is a raw value that is wrong, not a query string without the parameter.
    return value === null && /^[A-Za-z0-9+/_-]+=+$/.test(text) ? text : value;
  }
  return text;
}

function decodeBase64Url(value: string): Uint8Array {
  const base64 = value.replaceAll('-', '+').replaceAll('_', '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

function describeIssue(issue: ValidationIssue): string {
  const path = issue.instancePath.slice(1).replaceAll('/', '.');
  const missing = issue.params.missingProperty;
  if (issue.keyword === 'required' && typeof missing === 'string') {
    return `${path ? `${path}.` : ''}${missing}: is required`;
  }
  if (issue.keyword === 'anyOf' || issue.keyword === 'oneOf') {
    return `${path || '(payload)'}: is not one of the allowed values`;
  }
  return `${path || '(payload)'}: ${issue.message ?? issue.keyword}`;
}

function decode<Payload>(name: PayloadName, validate: Validator, input: LinkCallbackInput): Payload {
  const { parameter, maxLength, pattern, fields } = callbackPayloads[name];
  if (typeof input === 'string' && input.length > maxLength * 4) {
    throw new LinkCallbackError('too_large', `The callback input is larger than ${maxLength * 4} characters.`);
  }
  const value = extractValue(input, parameter);
  if (value === null || value === '') {
    throw new LinkCallbackError('missing', `The callback has no \`${parameter}\` query parameter.`);
  }
  if (value.length > maxLength) {
    throw new LinkCallbackError(
      'too_large',
      `\`${parameter}\` is ${value.length} characters long; at most ${maxLength} are accepted.`,
    );
  }
  if (!new RegExp(pattern).test(value) || value.length % 4 === 1) {
    throw new LinkCallbackError(
      'not_base64url',
      `\`${parameter}\` is not base64url without padding (letters, digits, "-" and "_" only).`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(decodeBase64Url(value));
  } catch {
    throw new LinkCallbackError('not_json', `\`${parameter}\` does not decode to UTF-8 text.`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    throw new LinkCallbackError(
      'not_json',
      `\`${parameter}\` does not decode to JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!validate(payload)) {
    const errors = validate.errors ?? [];
    // Where a value failed every branch of an anyOf/oneOf (e.g. a brand in neither list), report the
    // value once instead of once per branch.
    const unionPaths = new Set(
      errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath),
    );
    const kept = errors.filter(
      (e) => !unionPaths.has(e.instancePath) || e.keyword === 'anyOf' || e.keyword === 'oneOf',
    );
    const issues = [...new Set(kept.map(describeIssue))];
    throw new LinkCallbackError(
      'invalid_payload',
      `The callback payload is not a valid ${name}: ${issues.join('; ')}`,
      issues,
    );
  }
  // Only the schema's fields: a crafted payload's extra keys (`__proto__` included) are left behind.
  const picked: Record<string, unknown> = {};
  for (const field of fields) {
    if (Object.hasOwn(payload as object, field)) {
      picked[field] = (payload as Record<string, unknown>)[field];
    }
  }
  return picked as Payload;
}

/**
 * Decodes and validates the payload NOX sends back to a supplier's `redirect_url` when a link
 * session completes. Accepts the full callback URL, its query string, or the raw `data` value.
 *
 * The payload is not signed: match `supplier_user_id` with your signed-in user and confirm the
 * devices through the API before you rely on them.
 *
 * @throws LinkCallbackError when the input is missing, too large, not base64url, not JSON, or not
 *   a valid payload; the error's `reason` and `issues` say which.
 */
export function decodeLinkCallback(input: LinkCallbackInput): LinkCallbackPayload {
  return decode<LinkCallbackPayload>('LinkCallbackPayload', validateLinkCallbackPayload, input);
}

/** The same as `decodeLinkCallback`, for a manufacturer link session's callback. Not signed either. */
export function decodeManufacturerLinkCallback(input: LinkCallbackInput): ManufacturerLinkCallbackPayload {
  return decode<ManufacturerLinkCallbackPayload>(
    'ManufacturerLinkCallbackPayload',
    validateManufacturerLinkCallbackPayload,
    input,
  );
}

/** Encodes a payload the way NOX does (base64url JSON without padding). Useful in tests. */
export function encodeLinkCallback(payload: LinkCallbackPayload | ManufacturerLinkCallbackPayload): string {
  const bytes = new TextEncoder().encode(JSON.stringify(payload));
  let binary = '';
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}
