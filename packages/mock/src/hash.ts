// SHA-256 of a text in one call. `crypto.hash` (Node >= 20.12) is several times cheaper than a `Hash` object, and
// hashes run on every request (the key check, page tokens, derived ids); older Node versions get the `Hash` object.
import * as crypto from 'node:crypto';

type OneShotHash = {
  (algorithm: 'sha256', data: string, encoding: 'buffer'): Buffer;
  (algorithm: 'sha256', data: string, encoding: 'base64url'): string;
};
const oneShotHash = (crypto as { hash?: OneShotHash }).hash;

export function sha256(text: string): Buffer {
  return oneShotHash
    ? oneShotHash('sha256', text, 'buffer')
    : crypto.createHash('sha256').update(text, 'utf8').digest();
}

export function sha256Base64url(text: string): string {
  return oneShotHash
    ? oneShotHash('sha256', text, 'base64url')
    : crypto.createHash('sha256').update(text, 'utf8').digest('base64url');
}
