// @nox-energy/client/webhooks: verify the events NOX posts to you, and sign events for your own tests.
// Web Crypto only (no node:crypto), so it runs in Node 20+, Deno, Bun, browsers and edge runtimes; hence async.
//
// The recipe (headers, prefix, signed content, tolerance) is the spec's `x-nox-webhook-signature`
// (src/generated/webhooks.ts); the event types are the spec's `webhooks`.
import type { WebhookEvent } from '@nox-energy/types';
import { NoxConfigError, NoxError } from './errors.js';
import { signature, webhookEventTypes } from './generated/webhooks.js';

/** What was wrong with a delivery. */
export type NoxWebhookErrorReason =
  /** A signature, timestamp or id header is absent. */
  | 'missing_header'
  /** A header is there but unusable: a timestamp that is not whole seconds, or a header given twice. */
  | 'malformed_header'
  /** The signature is not the one the recipe gives for this body, timestamp and key (or not lowercase hex after the prefix). */
  | 'bad_signature'
  /** Correctly signed, but the timestamp is further from your clock than the tolerance (a replay, or a skewed clock). */
  | 'stale_timestamp'
  /** Correctly signed, but not a JSON event with a string `type`; or the body was passed as a parsed object. */
  | 'malformed_body'
  /** Correctly signed, but of an event type the spec does not list (only with `strict: true`). */
  | 'unknown_type';

/** A webhook delivery was refused. The message names the header or check, never the key or the signature. */
export class NoxWebhookError extends NoxError {
  override name = 'NoxWebhookError';

  constructor(
    message: string,
    readonly reason: NoxWebhookErrorReason,
  ) {
    super(message);
  }
}

/** The raw body exactly as received: a string, a Node `Buffer`, a `Uint8Array` or an `ArrayBuffer`. */
export type WebhookBody = string | Uint8Array | ArrayBuffer;
/** The request headers: a `Headers`, Node's `IncomingHttpHeaders` or a plain record; names in any case. */
export type WebhookHeadersInput = Headers | Record<string, string | string[] | undefined>;

export interface VerifyWebhookOptions {
  /** How far (in seconds) the signed timestamp may be from your clock, either way. Default from the spec: 300. */
  toleranceSeconds?: number;
  /** Refuse an event type the spec does not list (`unknown_type`). Default `false`: such an event is returned as is. */
  strict?: boolean;
  /** Your clock, for tests: a `Date` or milliseconds since the epoch. Default now. */
  now?: Date | number;
}

export interface SignedWebhook {
  /** The signature, timestamp and id headers NOX sends, and `content-type`. */
  headers: Record<string, string>;
  /** The event as JSON: the exact bytes the signature covers. */
  body: string;
}

const encoder = new TextEncoder();
const HMAC = { name: 'HMAC', hash: 'SHA-256' } as const;

const refuse = (message: string, reason: NoxWebhookErrorReason): never => {
  throw new NoxWebhookError(message, reason);
};

/** One header's value, whatever form the headers come in; two different values are refused. */
function headerOf(headers: WebhookHeadersInput, name: string): string {
  let value: string | null | undefined;
  if (typeof (headers as Headers).get === 'function') {
    value = (headers as Headers).get(name);
  } else {
    const lower = name.toLowerCase();
    const values = Object.keys(headers)
      .filter((key) => key.toLowerCase() === lower)
      .flatMap((key) => (headers as Record<string, unknown>)[key] ?? []);
    if (new Set(values).size > 1 || values.some((item) => typeof item !== 'string')) {
      refuse(`The ${name} header is given more than once.`, 'malformed_header');
    }
    value = values[0] as string | undefined;
  }
  return value ?? refuse(`The ${name} header is missing.`, 'missing_header');
}

const bytesOf = (body: WebhookBody): Uint8Array =>
  typeof body === 'string' ? encoder.encode(body) : body instanceof Uint8Array ? body : new Uint8Array(body);

/** The bytes the recipe signs, e.g. `{timestamp}.{body}`. */
function signedContent(body: Uint8Array, timestamp: string, id: string): Uint8Array<ArrayBuffer> {
  const parts = signature.signedContent
    .split(/(\{[a-z]+\})/)
    .map((part) =>
      part === '{body}' ? body : encoder.encode(part === '{timestamp}' ? timestamp : part === '{id}' ? id : part),
    );
  const out = new Uint8Array(parts.reduce((size, part) => size + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

// The last API key's imported HMAC key (not extractable): importing costs about as much as verifying.
let lastKey: { apiKey: string; key: Promise<CryptoKey> } | undefined;

function hmacKey(apiKey: string): Promise<CryptoKey> {
  if (typeof apiKey !== 'string' || apiKey === '') {
    throw new NoxConfigError('apiKey is required: NOX signs webhooks with the API key of the receiving account.');
  }
  // Browsers hide crypto.subtle outside secure contexts (https, localhost).
  if (!globalThis.crypto?.subtle) {
    throw new NoxConfigError('Web Crypto (crypto.subtle) is not available here; browsers offer it on https only.');
  }
  if (lastKey?.apiKey !== apiKey) {
    lastKey = { apiKey, key: crypto.subtle.importKey('raw', encoder.encode(apiKey), HMAC, false, ['sign', 'verify']) };
  }
  return lastKey.key;
}

/**
 * Verifies a webhook delivery and returns its event, typed by `type`. Pass the raw body exactly as received
 * (re-serialising a parsed object changes the bytes and fails the check), the request headers and your NOX
 * API key. Throws a `NoxWebhookError` whose `reason` says what was wrong.
 *
 * The signature is compared in constant time (Web Crypto's HMAC verify) before anything else is trusted; the
 * timestamp must be within `toleranceSeconds` (default 300) of your clock, before or after.
 */
export async function verifyWebhook(
  rawBody: WebhookBody,
  headers: WebhookHeadersInput,
  apiKey: string,
  options: VerifyWebhookOptions = {},
): Promise<WebhookEvent> {
  const { toleranceSeconds = signature.toleranceSeconds, strict = false, now = Date.now() } = options;
  if (!(toleranceSeconds >= 0)) {
    throw new NoxConfigError('toleranceSeconds must be a number >= 0.');
  }
  if (typeof rawBody !== 'string' && !(rawBody instanceof Uint8Array) && !(rawBody instanceof ArrayBuffer)) {
    refuse(
      'Pass the raw body (a string, Buffer or Uint8Array exactly as received), not a parsed object.',
      'malformed_body',
    );
  }
  const key = hmacKey(apiKey);
  const header = headerOf(headers, signature.signatureHeader);
  const timestamp = headerOf(headers, signature.timestampHeader);
  const id = headerOf(headers, signature.idHeader);
  if (!/^\d{1,12}$/.test(timestamp)) {
    refuse(`The ${signature.timestampHeader} header is not whole Unix seconds.`, 'malformed_header');
  }
  const hex = header.slice(signature.prefix.length);
  if (!header.startsWith(signature.prefix) || !/^[0-9a-f]{64}$/.test(hex)) {
    refuse(
      `The ${signature.signatureHeader} header is not ${signature.prefix} followed by 64 lowercase hex digits.`,
      'bad_signature',
    );
  }
  const digest = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    digest[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  }
  const body = bytesOf(rawBody);
  if (!(await crypto.subtle.verify('HMAC', await key, digest, signedContent(body, timestamp, id)))) {
    refuse(`The ${signature.signatureHeader} header does not match this body, timestamp and key.`, 'bad_signature');
  }
  const age = Math.round(Number(now) / 1000) - Number(timestamp);
  if (Math.abs(age) > toleranceSeconds) {
    refuse(
      `The delivery was signed ${Math.abs(age)} s ${age > 0 ? 'ago' : 'ahead of your clock'}: more than ${toleranceSeconds} s.`,
      'stale_timestamp',
    );
  }
  let event: { type?: unknown } | null = null;
  try {
    event = JSON.parse(typeof rawBody === 'string' ? rawBody : new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    // Reported below, as for any body that is not an event.
  }
  if (typeof event?.type !== 'string') {
    return refuse('The body is not a JSON event with a string type.', 'malformed_body');
  }
  if (strict && !(webhookEventTypes as readonly string[]).includes(event.type)) {
    refuse(`The event type ${JSON.stringify(event.type.slice(0, 100))} is not one the spec lists.`, 'unknown_type');
  }
  return event as WebhookEvent;
}

/**
 * Signs an event as NOX does, for your own tests: the body to post and the headers to send with it.
 * `timestamp` is in Unix seconds (default now); `id` defaults to the event's `id`.
 */
export async function signWebhook(
  event: WebhookEvent,
  apiKey: string,
  options: { timestamp?: number; id?: string } = {},
): Promise<SignedWebhook> {
  const body = JSON.stringify(event);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const id = options.id ?? event.id;
  const mac = await crypto.subtle.sign(
    'HMAC',
    await hmacKey(apiKey),
    signedContent(encoder.encode(body), timestamp, id),
  );
  const hex = Array.from(new Uint8Array(mac), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return {
    headers: {
      'content-type': 'application/json',
      [signature.signatureHeader]: `${signature.prefix}${hex}`,
      [signature.timestampHeader]: timestamp,
      [signature.idHeader]: id,
    },
    body,
  };
}

export type { WebhookEvent, WebhookEventOf, WebhookEventType } from '@nox-energy/types';
export { webhookEventTypes };
