// Opaque page tokens: the cursor (the last item's key) with an HMAC keyed by a per-process secret, bound to the
// operation and the query it pages through. A forged, altered or foreign token does not verify.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface PageTokens {
  sign(scope: string, key: number): string;
  /** The key of a token issued for this scope, or undefined. */
  verify(scope: string, token: string): number | undefined;
}

const MAC_BYTES = 16;

export function createPageTokens(secret: Buffer = randomBytes(32)): PageTokens {
  const mac = (scope: string, key: string) =>
    createHmac('sha256', secret).update(`${scope}\u0000${key}`).digest().subarray(0, MAC_BYTES);
  return {
    sign(scope, key) {
      const text = String(key);
      return `${Buffer.from(text).toString('base64url')}.${mac(scope, text).toString('base64url')}`;
    },
    verify(scope, token) {
      const [encoded = '', signature = '', extra] = token.split('.');
      if (extra !== undefined) {
        return undefined;
      }
      const text = Buffer.from(encoded, 'base64url').toString('utf8');
      const given = Buffer.from(signature, 'base64url');
      // Re-encoded and compared: base64 has spare bits, an altered character could decode to the same bytes.
      const canonical =
        Buffer.from(text).toString('base64url') === encoded && given.toString('base64url') === signature;
      if (
        !canonical ||
        !/^\d{1,15}$/.test(text) ||
        given.length !== MAC_BYTES ||
        !timingSafeEqual(given, mac(scope, text))
      ) {
        return undefined;
      }
      return Number(text);
    },
  };
}
