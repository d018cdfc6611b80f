import { describe, expect, it } from 'vitest';
import { fixtureSpec } from '../src/fixtures.js';
import { readOperations } from '../src/index.js';
import { changedFixture, type Editable } from './helpers.js';

const marker = (spec: Editable) => spec.paths['/v1/devices'].get['x-nox-pagination'];

describe('x-nox-pagination', () => {
  it('resolves the marker: pointers, parameters and the limit bounds from its schema', () => {
    const list = readOperations(fixtureSpec()).find((op) => op.operationId === 'listDevices');
    expect(list?.pagination).toEqual({
      items: '/data',
      nextToken: '/meta/next_token',
      tokenParameter: 'next_token',
      limitParameter: 'limit',
      limit: { minimum: 1, maximum: 4000, default: 1000 },
    });
    expect(readOperations(fixtureSpec()).filter((op) => op.pagination).length).toBe(1);
  });

  it('finds pointers through allOf and $ref', () => {
    const spec = changedFixture((s) => {
      s.components.schemas.DeviceList = {
        allOf: [
          { type: 'object', properties: { data: s.components.schemas.DeviceList.properties.data } },
          { $ref: '#/components/schemas/PageMeta' },
        ],
      };
      s.components.schemas.PageMeta = {
        type: 'object',
        properties: { meta: { type: 'object', properties: { next_token: { type: ['string', 'null'] } } } },
      };
    });
    expect(readOperations(spec)[0]?.pagination?.nextToken).toBe('/meta/next_token');
  });

  const wrong: Array<[string, (spec: Editable) => void, string]> = [
    [
      'not an object',
      (s) => (s.paths['/v1/devices'].get['x-nox-pagination'] = true),
      'x-nox-pagination: must be an object with items, nextToken, tokenParameter, limitParameter',
    ],
    [
      'a field missing',
      (s) => delete marker(s).nextToken,
      'x-nox-pagination.nextToken: is required (a non-empty string)',
    ],
    [
      'a field of the wrong type',
      (s) => (marker(s).limitParameter = 5),
      'x-nox-pagination.limitParameter: is required (a non-empty string)',
    ],
    [
      'an unknown field',
      (s) => (marker(s).nextTokn = '/meta/next_token'),
      'x-nox-pagination.nextTokn: is not a field of the marker (items, nextToken, tokenParameter, limitParameter)',
    ],
    [
      'items not a JSON Pointer',
      (s) => (marker(s).items = 'data'),
      'x-nox-pagination.items: "data" is not a JSON Pointer (it must be empty or start with "/")',
    ],
    [
      'items naming nothing',
      (s) => (marker(s).items = '/devices'),
      'x-nox-pagination.items: "/devices" names nothing in the 200 response schema (no "/devices")',
    ],
    [
      'items not an array',
      (s) => (marker(s).items = '/meta'),
      'x-nox-pagination.items: "/meta" must point at an array in the 200 response schema',
    ],
    [
      'nextToken naming nothing',
      (s) => (marker(s).nextToken = '/meta/next'),
      'x-nox-pagination.nextToken: "/meta/next" names nothing in the 200 response schema (no "/meta/next")',
    ],
    [
      'no token parameter',
      (s) => (marker(s).tokenParameter = 'page_token'),
      'x-nox-pagination.tokenParameter: "page_token" is not a query parameter of the operation',
    ],
    [
      'no limit parameter',
      (s) => (marker(s).limitParameter = 'page_size'),
      'x-nox-pagination.limitParameter: "page_size" is not a query parameter of the operation',
    ],
    [
      'a limit that is a header',
      (s) => (s.components.parameters.DeviceListLimit.in = 'header'),
      'x-nox-pagination.limitParameter: "limit" is not a query parameter of the operation',
    ],
    [
      'a limit bound that is not an integer',
      (s) => (s.components.parameters.DeviceListLimit.schema.maximum = '4000'),
      'x-nox-pagination.limitParameter: the maximum of "limit" must be an integer',
    ],
    [
      'a default outside the bounds',
      (s) => (s.components.parameters.DeviceListLimit.schema.default = 5000),
      'x-nox-pagination.limitParameter: "limit" has minimum 1, maximum 4000 and default 5000, which do not fit together',
    ],
    [
      'no 200 JSON response',
      (s) => delete s.paths['/v1/devices'].get.responses['200'],
      'x-nox-pagination: the operation has no 200 JSON response schema for the pointers to point into',
    ],
  ];
  it.each(wrong)('names the operation and the field when the marker is wrong: %s', (_, edit, message) => {
    expect(() => readOperations(changedFixture(edit))).toThrow(`Operation listDevices: ${message}`);
  });
});
