// Every operation of the bundled spec has behaviour. An operation the mock has no handler for (here the fixture's
// made-up ones) still starts, is listed, and answers a 501 naming it, after routing and the key check.
import { FIXTURE_OPERATION_IDS, withFixtureOperations } from '@nox-energy/spec-reader/fixtures';
import { describe, expect, it } from 'vitest';
import {
  isErrorResponse,
  MANUFACTURER_KEY,
  operationsWithoutHandler,
  type Reply,
  reply,
  SUPPLIER_KEY,
  spec,
  startTestMock,
} from './helpers.js';

const bigger = withFixtureOperations(spec);

async function call(url: string, method: string, key?: string, body?: unknown): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== undefined) {
    headers['x-api-key'] = key;
  }
  const init: RequestInit = { method, headers };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
  }
  return reply(await fetch(url, init));
}

describe('operations the mock has no handler for', () => {
  it('on the bundled spec there is none', async () => {
    const mock = await startTestMock();
    expect(operationsWithoutHandler(spec)).toEqual([]);
    expect(mock.unserved).toEqual([]);
  });

  it('starts, lists them in the spec order with the reason, and still serves the others', async () => {
    const mock = await startTestMock({ spec: bigger });
    const unserved = mock.unserved.map((op) => op.operationId);
    expect(unserved).toEqual(operationsWithoutHandler(bigger));
    // Not vacuous: the fixture's made-up operations are there; its listDevices has a handler.
    expect(unserved).toEqual(['patchDeviceSettings', 'connectUserToNoxV1']);
    expect(FIXTURE_OPERATION_IDS).toEqual(expect.arrayContaining(unserved));
    expect(mock.unserved.find((op) => op.operationId === 'patchDeviceSettings')).toEqual({
      operationId: 'patchDeviceSettings',
      method: 'PATCH',
      path: '/v1/devices/settings',
      api: 'package',
      reason: 'the mock has no handler for it',
    });
    expect(Object.keys(mock.baseUrls)).toEqual(['authenticator', 'package', 'authenticator-v1']);
    expect(mock.baseUrls.package).toBe(mock.url);

    const served = await call(
      `${mock.baseUrls.authenticator}/manufacturer/device-connections`,
      'POST',
      MANUFACTURER_KEY,
      {
        user_id: 'u1',
      },
    );
    expect(served.status, served.text).toBe(201);
  });

  it('answers 501 with the error body naming the operationId, for PATCH and a templated path', async () => {
    const mock = await startTestMock({ spec: bigger });
    const cases: Array<[string, string, string, unknown?]> = [
      ['patchDeviceSettings', 'PATCH', `${mock.baseUrls.package}/v1/devices/settings`, { user_id: 'u' }],
      ['connectUserToNoxV1', 'POST', `${mock.baseUrls['authenticator-v1']}/users/user_123/link`, { redirect_uri: 'x' }],
    ];
    for (const [operationId, method, url, body] of cases) {
      const result = await call(url, method, SUPPLIER_KEY, body);
      expect(result.status, `${operationId}: ${result.text}`).toBe(501);
      expect(isErrorResponse(result.json)).toBe(true);
      expect(String(result.json.error)).toMatch(new RegExp(`^${operationId}: not implemented by the mock yet \\(`));
      expect(result.headers.get('x-request-id')).toBeTruthy();
    }
  });

  it('checks the route and the key first: 404, 405, then 401 for a missing, unknown or other-role key', async () => {
    const mock = await startTestMock({ spec: bigger });
    const settings = `${mock.baseUrls.package}/v1/devices/settings`;
    expect((await call(`${mock.url}/v1/nothing`, 'GET', SUPPLIER_KEY)).status).toBe(404);
    // A template matches exactly one path segment.
    expect((await call(`${mock.url}/users/a/b/link`, 'POST', SUPPLIER_KEY, {})).status).toBe(404);
    expect((await call(`${mock.url}/users//link`, 'POST', SUPPLIER_KEY, {})).status).toBe(404);
    const wrongMethod = await call(settings, 'DELETE', SUPPLIER_KEY);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, PATCH');
    for (const key of [undefined, 'no-such-key', MANUFACTURER_KEY]) {
      const refused = await call(settings, 'PATCH', key, {});
      expect(refused.status, refused.text).toBe(401);
      expect(isErrorResponse(refused.json)).toBe(true);
      expect(refused.text).not.toContain(MANUFACTURER_KEY);
    }
  });

  it('never answers 5xx other than 501 to odd requests to an unserved operation', async () => {
    const mock = await startTestMock({ spec: bigger });
    const url = `${mock.baseUrls.package}/v1/devices/settings`;
    const odd: RequestInit[] = [
      {
        method: 'PATCH',
        headers: { 'x-api-key': SUPPLIER_KEY, 'content-type': 'text/plain' },
        body: 'x'.repeat(200_000),
      },
      { method: 'PATCH', headers: { 'x-api-key': SUPPLIER_KEY }, body: '{not json' },
      { method: 'PATCH', headers: { 'x-api-key': SUPPLIER_KEY, accept: 'text/html' } },
    ];
    for (const init of odd) {
      const response = await fetch(`${url}?user_id=%ZZ&limit=-1`, init);
      expect(response.status).toBe(501);
      await response.text();
    }
  });

  it('takes a key of any role for an unserved operation whose scheme names no role', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: the test edits a copy of the spec freely.
    const doc = structuredClone(bigger) as any;
    doc.components.securitySchemes.PackageApiKey = { type: 'apiKey', in: 'header', name: 'x-api-key' };
    doc.paths['/v1/devices/settings'].patch.security = [{ PackageApiKey: [] }];
    const mock = await startTestMock({ spec: doc });
    const settings = `${mock.baseUrls.package}/v1/devices/settings`;
    expect((await call(settings, 'PATCH', SUPPLIER_KEY, {})).status).toBe(501);
    expect((await call(settings, 'PATCH', MANUFACTURER_KEY, {})).status).toBe(501);
    expect((await call(settings, 'PATCH', 'no-such-key', {})).status).toBe(401);
    expect((await call(settings, 'PATCH', undefined, {})).status).toBe(401);
  });

  it('a handler can be taken away: its operation answers 501', async () => {
    const mock = await startTestMock({ handlers: { listDevices: undefined } });
    expect(mock.unserved.map((op) => op.operationId)).toEqual(['listDevices']);
    const result = await call(`${mock.baseUrls.package}/v1/devices`, 'GET', SUPPLIER_KEY);
    expect(result.status).toBe(501);
  });
});
