// Opaque page tokens: the cursor (the last item's key) with a MAC keyed by a per-process secret, bound to the
// operation and the query it pages through. A forged, altered or foreign token does not verify.
import * as crypto from 'node:crypto';
import { sha256Base64url } from '../hash.js';

export interface PageTokens {
  sign(scope: string, key: number): string;
  /** The key of a token issued for this scope, or undefined. */
  verify(scope: string, token: string): number | undefined;
}

/** 22 base64url characters: 132 bits of the SHA-256. */
const MAC_CHARACTERS = 22;

// A token is signed on every page, so the MAC is one SHA-256 call over the secret and the message (an `Hmac` object
// cost several times more), truncated: with half the digest withheld, the length extension that makes a bare keyed
// hash unsafe has no state to start from.
export function createPageTokens(secret: Buffer = crypto.randomBytes(32)): PageTokens {
  const prefix = `${secret.toString('base64url')}\u0000`;
  const mac = (scope: string, key: string): string =>
    sha256Base64url(`${prefix}${scope}\u0000${key}`).slice(0, MAC_CHARACTERS);
  return {
    sign(scope, key) {
      const text = String(key);
      return `${Buffer.from(text).toString('base64url')}.${mac(scope, text)}`;
    },
    verify(scope, token) {
      const [encoded = '', signature = '', extra] = token.split('.');
      if (extra !== undefined || signature.length !== MAC_CHARACTERS) {
        return undefined;
      }
      const text = Buffer.from(encoded, 'base64url').toString('utf8');
      // Re-encoded and compared: base64 has spare bits, an altered character could decode to the same bytes.
      if (Buffer.from(text).toString('base64url') !== encoded || !/^\d{1,15}$/.test(text)) {
        return undefined;
      }
      const expected = Buffer.from(mac(scope, text), 'latin1');
      const given = Buffer.from(signature, 'latin1');
      return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? Number(text) : undefined;
    },
  };
}
