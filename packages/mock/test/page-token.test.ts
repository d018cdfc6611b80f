// Page tokens on their own: a token verifies only unchanged, for the scope and the process secret it was made with.
import { describe, expect, it } from 'vitest';
import { createPageTokens } from '../src/edge/page-token.js';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('page tokens', () => {
  const tokens = createPageTokens();
  const scope = 'listDevices?user_id=';

  it('gives back the key of a token it signed, for the same scope only', () => {
    for (const key of [0, 1, 42, 999_999_999_999_999]) {
      const token = tokens.sign(scope, key);
      expect(tokens.verify(scope, token)).toBe(key);
      expect(tokens.verify(`${scope}u1`, token)).toBeUndefined();
    }
  });

  it('refuses every token with one character changed, added or removed', () => {
    const token = tokens.sign(scope, 1234);
    let refused = 0;
    for (let index = 0; index < token.length; index++) {
      for (const character of `${BASE64URL}.`) {
        if (character === token[index]) {
          continue;
        }
        const changed = token.slice(0, index) + character + token.slice(index + 1);
        expect(tokens.verify(scope, changed), changed).toBeUndefined();
        refused++;
      }
      expect(tokens.verify(scope, token.slice(0, index) + token.slice(index + 1))).toBeUndefined();
    }
    expect(tokens.verify(scope, `${token}A`)).toBeUndefined();
    expect(tokens.verify(scope, `${token}.`)).toBeUndefined();
    expect(refused).toBe(token.length * BASE64URL.length);
  });

  it("refuses another process's token, a cursor that is not a number, and no token at all", () => {
    const other = createPageTokens();
    expect(tokens.verify(scope, other.sign(scope, 7))).toBeUndefined();
    const [, mac] = tokens.sign(scope, 7).split('.');
    expect(tokens.verify(scope, `${Buffer.from('x7').toString('base64url')}.${mac}`)).toBeUndefined();
    expect(tokens.verify(scope, '')).toBeUndefined();
    expect(tokens.verify(scope, '.')).toBeUndefined();
  });
});
