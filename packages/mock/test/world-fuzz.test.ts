// Generated odd requests to every operation served from the world (Package API, v1): odd query values, bodies of
// any shape, path segments that do not decode. None may get a 5xx or make the mock report a bug of its own, and
// every error body is the one the spec documents for that status.
import { readSpec } from '@nox-energy/spec-reader';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isErrorResponse,
  isHttpError,
  isValidationError,
  MANUFACTURER_KEY,
  SUPPLIER_KEY,
  spec,
  startTestMock,
} from './helpers.js';

const errors: unknown[] = [];
const mock = await startTestMock({ devices: 30, seed: 5, onError: (error) => errors.push(error) });
const [device] = mock.world.devicesOf('Acme Energy');

const operations = readSpec(spec as never).operations.filter((operation) => operation.api !== 'authenticator');
const names = [...new Set(operations.flatMap((operation) => operation.parameters.map((parameter) => parameter.name)))];
const fields = [
  'user_id',
  'device_id',
  'room',
  'dhw',
  'optimization_settings',
  'schedule',
  'start_time',
  'end_time',
  'target_kw',
  'target_percentage',
  'redirect_uri',
  'redirect_url',
  'manufacturer_user_id',
  'device_ids',
  'steering_enabled',
];

const value = fc.oneof(
  fc.constantFrom(
    '0',
    '4001',
    '-1',
    '1e3',
    'true',
    'celsius',
    'kWh',
    '',
    '%ZZ',
    '2026-13-45T99:99:00Z',
    '2026-01-15T10:00:00Z',
    '9999-12-31T23:59:59Z',
  ),
  fc.constantFrom(device?.id ?? 'x', device?.user.id ?? 'x'),
  fc.string({ maxLength: 12 }),
);
const json = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(
    fc.constantFrom(...fields),
    fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom('2026-13-45T99:99:00Z', '2026-01-15T10:00:00Z', device?.id ?? 'x', device?.user.id ?? 'x'),
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 96, maxLength: 96 }),
    ),
  ),
);

describe('odd requests to the world', () => {
  it('never get a 5xx, and every error is the documented body of its status', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...operations.map((operation) => operation.operationId)),
        fc.dictionary(fc.constantFrom(...names), value, { maxKeys: 4 }),
        fc.option(json, { nil: undefined }),
        fc.constantFrom(SUPPLIER_KEY, MANUFACTURER_KEY),
        fc.constantFrom('user_123', '%ZZ', 'a%2Fb'),
        async (operationId, query, body, key, segment) => {
          const operation = operations.find((item) => item.operationId === operationId) as (typeof operations)[number];
          const path = operation.path.replace(/\{[^}]+\}/g, segment);
          const search = new URLSearchParams(query as Record<string, string>).toString().replaceAll('%25ZZ', '%ZZ');
          const response = await fetch(`${mock.url}${path}?${search}`, {
            method: operation.method.toUpperCase(),
            headers: { 'x-api-key': key, 'content-type': 'application/json' },
            ...(body === undefined || operation.method === 'get' ? {} : { body: JSON.stringify(body) }),
          });
          const text = await response.text();
          expect(response.status, `${operation.operationId} ${search} ${text}`).toBeLessThan(500);
          if (response.status >= 400) {
            const parsed = JSON.parse(text);
            const documented = isHttpError(parsed) || isValidationError(parsed) || isErrorResponse(parsed);
            expect(documented, `${operation.operationId}: ${text}`).toBe(true);
          }
        },
      ),
      { numRuns: 600, seed: 12 },
    );
    expect(errors).toEqual([]);
  });
});
