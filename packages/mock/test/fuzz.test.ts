// Generated bad requests (methods, paths, headers, content types, bodies, JSON of any shape): none may get a 5xx,
// every JSON error body must be the spec's ErrorResponse, and the server must still answer afterwards.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isErrorResponse,
  MANUFACTURER_KEY,
  post,
  rawRequest,
  SUPPLIER_KEY,
  SUPPLIER_PATH,
  startTestMock,
  supplierBody,
} from './helpers.js';

const errors: unknown[] = [];
const mock = await startTestMock({ onError: (error) => errors.push(error), config: { maxLiveSessions: 100 } });
const base = new URL(mock.baseUrls.authenticator as string).pathname;
const knownPaths = [
  `${base}/supplier/link-sessions`,
  `${base}/manufacturer/link-sessions`,
  `${base}/manufacturer/device-connections`,
  '/ui',
  '/ui/connect',
];
const fieldNames = [
  'user_id',
  'asset_type',
  'redirect_url',
  'brand',
  'language',
  'padding',
  '__proto__',
  'constructor',
];

const method = fc.oneof(
  fc.constantFrom('GET', 'POST', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
  fc.stringMatching(/^[A-Z]{1,8}$/).filter((name) => name !== 'CONNECT'),
);
const path = fc.oneof(
  fc.constantFrom(...knownPaths),
  fc
    .tuple(fc.constantFrom(...knownPaths), fc.string({ maxLength: 30 }))
    .map(([known, tail]) => known + encodeURI(tail)),
  fc.tuple(fc.constantFrom(...knownPaths), fc.webQueryParameters()).map(([known, query]) => `${known}?${query}`),
  fc.webPath().map((webPath) => webPath || '/'),
  fc.constantFrom(
    '/',
    '//',
    '/..',
    '/%00',
    '/ui?token=%ff',
    '/ui?token=a&token=b',
    `${base}/supplier/link-sessions/..`,
  ),
);
const contentType = fc.option(
  fc.oneof(
    fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'application/x-www-form-urlencoded',
      'text/plain',
      'application/problem+json',
      'multipart/form-data; boundary=x',
      ';',
      '',
    ),
    fc.string({ maxLength: 40 }),
  ),
  { nil: undefined },
);
const apiKey = fc.option(fc.oneof(fc.constantFrom(SUPPLIER_KEY, MANUFACTURER_KEY), fc.string({ maxLength: 40 })), {
  nil: undefined,
});
const extraHeaders = fc.dictionary(fc.stringMatching(/^x-[a-z0-9-]{1,20}$/), fc.string({ maxLength: 60 }), {
  maxKeys: 3,
});
const mutatedBody = fc
  .dictionary(fc.oneof(fc.constantFrom(...fieldNames), fc.string({ maxLength: 10 })), fc.jsonValue({ maxDepth: 3 }), {
    maxKeys: 4,
  })
  .map((changes) => JSON.stringify({ ...supplierBody(), ...changes }));
const body = fc.option(
  fc.oneof(
    mutatedBody,
    fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
    fc.string({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
    fc.webQueryParameters(),
    fc.constantFrom('{', '{"user_id":', '[', 'null', '"\\ud800"', '{"a":1}{"b":2}', '\u0000\u0001'),
  ),
  { nil: undefined },
);

describe('fuzzing the mock with bad requests', () => {
  it('never answers 5xx, always with the spec error body, and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(
        method,
        path,
        contentType,
        apiKey,
        extraHeaders,
        body,
        async (verb, target, type, key, extra, payload) => {
          const headers: Record<string, string> = { ...extra };
          if (type !== undefined) {
            headers['content-type'] = type;
          }
          if (key !== undefined) {
            headers['x-api-key'] = key;
          }
          const result = await rawRequest(mock.url, {
            method: verb,
            path: target,
            headers,
            ...(payload === undefined ? {} : { body: payload }),
          });
          expect(result.status, `${verb} ${target}: ${result.text}`).toBeLessThan(500);
          const isJson = String(result.headers['content-type']).startsWith('application/json');
          if (result.status >= 400 && isJson && verb !== 'HEAD') {
            expect(isErrorResponse(JSON.parse(result.text)), result.text).toBe(true);
          }
          if (result.status >= 400 && !isJson && verb !== 'HEAD') {
            expect(result.headers['content-type'], `${verb} ${target}`).toBe('text/html; charset=utf-8');
          }
        },
      ),
      { numRuns: 400 },
    );
    expect(errors).toEqual([]);
    const after = await post(mock, SUPPLIER_PATH, supplierBody(), { key: SUPPLIER_KEY });
    expect([201, 429]).toContain(after.status);
  });

  it('proves the property can fail: a server error is caught', async () => {
    let caught = false;
    try {
      await fc.assert(
        fc.asyncProperty(fc.constant(500), async (status) => {
          expect(status).toBeLessThan(500);
        }),
        { numRuns: 1 },
      );
    } catch {
      caught = true;
    }
    expect(caught).toBe(true);
  });
});
