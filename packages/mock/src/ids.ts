import * as crypto from 'node:crypto';
import { sha256 } from './hash.js';

const TOKEN_BYTES = 24;
// Random bytes drawn in batches: one call to the system's generator serves many tokens (as randomUUID does).
const POOL_TOKENS = 256;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/** A link-session token: 192 random bits, base64url (32 characters). */
export function newSessionToken(): string {
  if (poolOffset + TOKEN_BYTES > pool.length) {
    pool = crypto.randomBytes(TOKEN_BYTES * POOL_TOKENS);
    poolOffset = 0;
  }
  const token = pool.toString('base64url', poolOffset, poolOffset + TOKEN_BYTES);
  poolOffset += TOKEN_BYTES;
  return token;
}

/** A random id for the `x-request-id` header. */
export function newRequestId(): string {
  return crypto.randomUUID();
}

/**
 * A UUID-shaped id derived from its parts, so the same user always gets the same NOX id, across requests and
 * restarts, without the mock keeping a table that grows with every user it has seen.
 */
export function stableId(...parts: string[]): string {
  const hash = sha256(parts.join('\u0000'));
  hash[6] = ((hash[6] as number) & 0x0f) | 0x80; // version 8: a custom UUID
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80; // RFC 9562 variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
