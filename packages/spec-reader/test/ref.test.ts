import { describe, expect, it } from 'vitest';
import { deref, evaluatePointer, pointerTokens, resolvePointer, resolveRef } from '../src/index.js';

const doc = {
  components: {
    schemas: {
      A: { $ref: '#/components/schemas/B', description: 'from A' },
      B: { type: 'string', description: 'from B' },
      'a/b~c': { const: 1 },
      Loop: { $ref: '#/components/schemas/Loop' },
    },
  },
};

describe('$ref and JSON Pointer', () => {
  it('follows $refs, keeping siblings over the target (deref) or dropping them (resolveRef)', () => {
    expect(deref(doc, { $ref: '#/components/schemas/A' })).toEqual({ type: 'string', description: 'from A' });
    expect(resolveRef(doc, { $ref: '#/components/schemas/A' })).toEqual({ type: 'string', description: 'from B' });
    expect(deref(doc, true)).toBe(true);
  });

  it('decodes ~0, ~1 and percent-escapes', () => {
    expect(resolvePointer(doc, '#/components/schemas/a~1b~0c')).toEqual({ const: 1 });
    expect(resolvePointer(doc, '#/components/schemas/a%2Fb~0c')).toEqual({ const: 1 });
    expect(pointerTokens('/meta/next_token')).toEqual(['meta', 'next_token']);
    expect(pointerTokens('')).toEqual([]);
  });

  it('says what is wrong with a bad $ref', () => {
    expect(() => resolvePointer(doc, '#/components/schemas/Missing')).toThrow(
      '$ref #/components/schemas/Missing points at nothing in the spec',
    );
    expect(() => resolvePointer(doc, 'other.yaml#/x')).toThrow(/Only local \$refs/);
    expect(() => deref(doc, { $ref: '#/components/schemas/Loop' })).toThrow(/\$ref cycle/);
  });

  it('evaluates a pointer into data, undefined where it names nothing', () => {
    const body = { data: [{ id: 'a' }], meta: { next_token: null } };
    expect(evaluatePointer(body, '/data')).toEqual([{ id: 'a' }]);
    expect(evaluatePointer(body, '/data/0/id')).toBe('a');
    expect(evaluatePointer(body, '/meta/next_token')).toBeNull();
    expect(evaluatePointer(body, '/meta/missing')).toBeUndefined();
    expect(evaluatePointer(body, '/data/01')).toBeUndefined();
    expect(() => evaluatePointer(body, 'data')).toThrow(/not a JSON Pointer/);
  });
});
