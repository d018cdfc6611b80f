import docsSpec from '@nox-energy/docs/openapi.json' with { type: 'json' };
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeLinkCallback,
  decodeManufacturerLinkCallback,
  encodeLinkCallback,
  LinkCallbackError,
  type LinkCallbackPayload,
} from '../src/index.js';

const schemas = docsSpec.components.schemas;
const valid: LinkCallbackPayload = schemas.LinkCallbackPayload.examples[0] as LinkCallbackPayload;
const encoded = encodeLinkCallback(valid);
const b64url = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function reasonOf(input: unknown): string {
  try {
    decodeLinkCallback(input as string);
  } catch (error) {
    expect(error).toBeInstanceOf(LinkCallbackError);
    return (error as LinkCallbackError).reason;
  }
  return 'decoded';
}

describe('decodeLinkCallback', () => {
  it('decodes the spec example the way NOX encodes it (base64url, no padding)', () => {
    expect(encoded).toBe(Buffer.from(JSON.stringify(valid)).toString('base64url'));
    expect(encoded).not.toMatch(/[=+/]/);
    expect(decodeLinkCallback(encoded)).toEqual(valid);
  });

  it('takes the callback URL, a URL object, the query string with or without ?, or URLSearchParams', () => {
    const url = `https://your-app.com/callback?state=x&data=${encoded}`;
    expect(decodeLinkCallback(url)).toEqual(valid);
    expect(decodeLinkCallback(new URL(url))).toEqual(valid);
    expect(decodeLinkCallback(`?data=${encoded}`)).toEqual(valid);
    expect(decodeLinkCallback(`data=${encoded}&x=1`)).toEqual(valid);
    expect(decodeLinkCallback(new URLSearchParams({ data: encoded }))).toEqual(valid);
    expect(decodeLinkCallback(`  ${encoded}\n`)).toEqual(valid);
  });

  it('decodes the example the spec gives for the data parameter', () => {
    const parameter = docsSpec.paths['/supplier/link-sessions'].post.callbacks.linkCompleted[
      '{$request.body#/redirect_url}'
    ].get.parameters[0] as { example: string };
    expect(decodeLinkCallback(parameter.example)).toEqual(valid);
  });

  it('says the data parameter is missing', () => {
    for (const input of ['https://your-app.com/callback', 'https://your-app.com/callback?data=', '?state=1', '']) {
      expect(reasonOf(input)).toBe('missing');
    }
    expect(() => decodeLinkCallback('https://your-app.com/callback')).toThrow(/no `data` query parameter/);
    expect(reasonOf(42)).toBe('missing');
  });

  it('rejects malformed base64url, padding included', () => {
    for (const input of [`${encoded}==`, 'abc$def', 'a+b/c', 'abcde', `${encoded.slice(0, -3)}!`]) {
      expect(reasonOf(input)).toBe('not_base64url');
    }
    expect(() => decodeLinkCallback('a+b/c')).toThrow(/not base64url without padding/);
  });

  it('rejects text that is not JSON, or not UTF-8', () => {
    expect(reasonOf(b64url('{"nox_user_id": '))).toBe('not_json');
    expect(reasonOf(b64url('hello'))).toBe('not_json');
    expect(reasonOf(Buffer.from([0xff, 0xfe, 0xfd]).toString('base64url'))).toBe('not_json');
    expect(() => decodeLinkCallback(b64url('hello'))).toThrow(/does not decode to JSON/);
  });

  it('names the field for a wrong type, a missing field or a value out of its list', () => {
    const cases: [unknown, RegExp][] = [
      [{ ...valid, connected_at: '1703123756' }, /connected_at: must be integer/],
      [{ ...valid, device_ids: 'd1' }, /device_ids: must be array/],
      [{ ...valid, device_ids: ['ok', 7] }, /device_ids\.1: must be string/],
      [{ ...valid, brand: 'Nibe' }, /brand: is not one of the allowed values/],
      [{ ...valid, connected_at: -5 }, /connected_at: must be >= 0/],
      [(({ brand: _b, ...rest }) => rest)(valid), /brand: is required/],
      [[valid], /\(payload\): must be object/],
      [null, /\(payload\): must be object/],
    ];
    for (const [payload, message] of cases) {
      const error = (() => {
        try {
          decodeLinkCallback(b64url(payload));
        } catch (e) {
          return e as LinkCallbackError;
        }
      })();
      expect(error?.reason).toBe('invalid_payload');
      expect(error?.message).toMatch(message);
      expect(error?.issues.some((issue) => message.test(issue))).toBe(true);
    }
  });

  it('rejects oversized values before decoding them', () => {
    const huge = 'A'.repeat(20_000);
    expect(reasonOf(huge)).toBe('too_large');
    expect(reasonOf(`https://your-app.com/callback?data=${huge}`)).toBe('too_large');
    expect(reasonOf('x'.repeat(10_000_000))).toBe('too_large');
    const longId = { ...valid, supplier_user_id: 'u'.repeat(300) };
    expect(reasonOf(b64url(longId))).toBe('invalid_payload');
  });

  it('only ever returns a complete valid payload or throws LinkCallbackError (generated inputs)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'binary' }),
          fc.base64String().map((s) => s.replace(/=+$/, '')),
          fc.jsonValue().map(b64url),
          fc.record({ nox_user_id: fc.string(), supplier_user_id: fc.string(), brand: fc.string() }).map(b64url),
        ),
        (input) => {
          // Plain checks, not expect(): this runs 500 times and must stay cheap on a busy machine.
          try {
            const payload = decodeLinkCallback(input);
            return schemas.LinkCallbackPayload.required.every((field) => field in payload);
          } catch (error) {
            return error instanceof LinkCallbackError;
          }
        },
      ),
      { numRuns: 500 },
    );
  }, 60_000);

  it('round-trips every valid payload', () => {
    const brand = fc.constantFrom(...schemas.HeatPumpBrand.enum, ...schemas.PvBrand.enum);
    const text = fc.string({ minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(
        fc.record({
          nox_user_id: text,
          supplier_user_id: text,
          brand,
          device_ids: fc.array(text, { maxLength: 5 }),
          connected_at: fc.nat(),
        }),
        (payload) => {
          expect(decodeLinkCallback(encodeLinkCallback(payload as LinkCallbackPayload))).toEqual(payload);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('decodeManufacturerLinkCallback', () => {
  it('decodes the manufacturer payload and checks its own fields', () => {
    const payload = schemas.ManufacturerLinkCallbackPayload.examples[0];
    expect(decodeManufacturerLinkCallback(b64url(payload))).toEqual(payload);
    expect(() => decodeManufacturerLinkCallback(b64url(valid))).toThrow(/manufacturer_user_id: is required/);
  });
});

describe('decoded payloads hold only the schema fields', () => {
  const cases: [name: 'LinkCallbackPayload' | 'ManufacturerLinkCallbackPayload', (input: string) => unknown][] = [
    ['LinkCallbackPayload', decodeLinkCallback],
    ['ManufacturerLinkCallbackPayload', decodeManufacturerLinkCallback],
  ];
  for (const [name, decodeFn] of cases) {
    const example = schemas[name].examples[0] as object;
    it(`${name}: extra keys and __proto__ are dropped`, () => {
      const fields = Object.keys(schemas[name].properties);
      // JSON text, so that "__proto__" is an own key of the parsed object, as it would be from NOX's input.
      const json = `{"__proto__":{"isAdmin":true},"isAdmin":true,"constructor":{"x":1},${JSON.stringify(example).slice(1)}`;
      const decoded = decodeFn(Buffer.from(json).toString('base64url')) as Record<string, unknown>;
      expect(Object.keys(decoded).sort()).toEqual(Object.keys(example).sort());
      expect(Object.keys(decoded).every((key) => fields.includes(key))).toBe(true);
      expect(decoded).toEqual(example);
      expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
      expect(Object.hasOwn(decoded, '__proto__')).toBe(false);
      expect(Object.hasOwn(decoded, 'constructor')).toBe(false);
      expect((Object.assign({}, decoded) as { isAdmin?: boolean }).isAdmin).toBeUndefined();
      expect(({} as { isAdmin?: boolean }).isAdmin).toBeUndefined();
    });
  }
});
