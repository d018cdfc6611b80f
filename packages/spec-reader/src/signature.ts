// `x-nox-webhook-signature`: the one place the spec says how NOX signs a webhook, read and checked.
import { HINT } from './hints.js';
import { isObject, type OpenApiDocument } from './json.js';

export interface WebhookSignatureRecipe {
  /** Why the recipe is inferred (NOX's guide stops before the exact signed string); undefined if documented. */
  inferred: string | undefined;
  algorithm: 'HMAC-SHA256';
  /** What keys the HMAC: `api-key`, the receiving account's NOX API key as UTF-8 bytes. */
  key: 'api-key';
  /** The signed bytes, with `{timestamp}`, `{body}` (the raw body as sent) and `{id}` placeholders. */
  signedContent: string;
  signatureHeader: string;
  /** Before the encoded digest in the signature header, e.g. `sha256=`; may be empty. */
  prefix: string;
  encoding: 'hex' | 'base64';
  timestampHeader: string;
  idHeader: string;
  /** How far the timestamp may be from the receiver's clock. */
  toleranceSeconds: number;
}

const FIELDS = [
  'inferred',
  'algorithm',
  'key',
  'signedContent',
  'signatureHeader',
  'prefix',
  'encoding',
  'timestampHeader',
  'idHeader',
  'toleranceSeconds',
] as const;
const PLACEHOLDERS = new Set(['{timestamp}', '{body}', '{id}']);

/** The recipe, or undefined when the spec has none. */
export function readWebhookSignature(doc: OpenApiDocument): WebhookSignatureRecipe | undefined {
  const raw = doc[HINT.webhookSignature];
  if (raw === undefined) {
    return undefined;
  }
  const at = (field?: string) => `${HINT.webhookSignature}${field ? `.${field}` : ''}`;
  if (!isObject(raw)) {
    throw new Error(`${at()}: must be an object (${FIELDS.join(', ')})`);
  }
  for (const key of Object.keys(raw)) {
    if (!(FIELDS as readonly string[]).includes(key)) {
      throw new Error(`${at(key)}: is not a field of the recipe (${FIELDS.join(', ')})`);
    }
  }
  const oneOf = <T extends string>(field: string, allowed: readonly T[]): T => {
    if (!allowed.includes(raw[field] as T)) {
      throw new Error(`${at(field)}: must be ${allowed.map((value) => `"${value}"`).join(' or ')}`);
    }
    return raw[field] as T;
  };
  const text = (field: string, allowEmpty = false): string => {
    const value = raw[field];
    if (typeof value !== 'string' || (!allowEmpty && value.trim() === '')) {
      throw new Error(`${at(field)}: is required (a ${allowEmpty ? '' : 'non-empty '}string)`);
    }
    return value;
  };
  const header = (field: string): string => {
    const value = text(field);
    if (!/^[A-Za-z0-9-]+$/.test(value)) {
      throw new Error(`${at(field)}: "${value}" is not an HTTP header name`);
    }
    return value;
  };
  const signedContent = text('signedContent');
  const placeholders: string[] = signedContent.match(/\{[^}]*\}/g) ?? [];
  const unknown = placeholders.find((placeholder) => !PLACEHOLDERS.has(placeholder));
  if (unknown !== undefined) {
    throw new Error(`${at('signedContent')}: ${unknown} is not a placeholder (${[...PLACEHOLDERS].join(', ')})`);
  }
  if (!placeholders.includes('{body}')) {
    throw new Error(
      `${at('signedContent')}: must contain {body} (a signature that does not cover the body proves nothing)`,
    );
  }
  const tolerance = raw.toleranceSeconds;
  if (typeof tolerance !== 'number' || !Number.isInteger(tolerance) || tolerance <= 0) {
    throw new Error(`${at('toleranceSeconds')}: must be a positive whole number of seconds`);
  }
  if (raw.inferred !== undefined && (typeof raw.inferred !== 'string' || raw.inferred.trim() === '')) {
    throw new Error(`${at('inferred')}: must be a sentence saying why the recipe is inferred`);
  }
  return {
    inferred: raw.inferred as string | undefined,
    algorithm: oneOf('algorithm', ['HMAC-SHA256'] as const),
    key: oneOf('key', ['api-key'] as const),
    signedContent,
    signatureHeader: header('signatureHeader'),
    prefix: text('prefix', true),
    encoding: oneOf('encoding', ['hex', 'base64'] as const),
    timestampHeader: header('timestampHeader'),
    idHeader: header('idHeader'),
    toleranceSeconds: tolerance,
  };
}
