// A spec with operations the mock has no behaviour for yet (the Package API, the deprecated Authenticator v1):
// the mock starts, lists them, and answers each with a 501 naming it, after routing and the key check.
import { FIXTURE_OPERATION_IDS, withFixtureOperations } from '@nox-energy/spec-reader/fixtures';
import { describe, expect, it } from 'vitest';
import {
  isErrorResponse,
  MANUFACTURER_KEY,
  operationsOutsideAuthenticatorV2,
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

describe('operations the mock does not serve yet', () => {
  it('starts, lists them in the spec order with the reason, and still serves the others', async () => {
    const mock = await startTestMock({ spec: bigger });
    const unserved = mock.unserved.map((op) => op.operationId);
    expect(unserved).toEqual(operationsOutsideAuthenticatorV2(bigger));
    expect(unserved).toEqual(expect.arrayContaining([...FIXTURE_OPERATION_IDS]));
    expect(mock.unserved.find((op) => op.operationId === 'listDevices')).toEqual({
      operationId: 'listDevices',
      method: 'GET',
      path: '/v1/devices',
      api: 'package',
      reason: 'it takes no JSON request body',
    });
    expect(mock.unserved.find((op) => op.operationId === 'connectUserToNoxV1')?.reason).toMatch(
      /its 200 response has no x-nox-echo\/x-nox-on-create\/x-nox-seconds-after\/x-nox-query hints/,
    );
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

  it('answers 501 with the error body naming the operationId, for GET, PATCH and a templated path', async () => {
    const mock = await startTestMock({ spec: bigger });
    const cases: Array<[string, string, string, unknown?]> = [
      ['listDevices', 'GET', `${mock.baseUrls.package}/v1/devices?limit=10`],
      ['getDeviceSettings', 'GET', `${mock.baseUrls.package}/v1/devices/settings`],
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
    const devices = `${mock.baseUrls.package}/v1/devices`;
    expect((await call(`${mock.url}/v1/nothing`, 'GET', SUPPLIER_KEY)).status).toBe(404);
    // A template matches exactly one path segment.
    expect((await call(`${mock.url}/users/a/b/link`, 'POST', SUPPLIER_KEY, {})).status).toBe(404);
    expect((await call(`${mock.url}/users//link`, 'POST', SUPPLIER_KEY, {})).status).toBe(404);
    const wrongMethod = await call(devices, 'DELETE', SUPPLIER_KEY);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    for (const key of [undefined, 'no-such-key', MANUFACTURER_KEY]) {
      const refused = await call(devices, 'GET', key);
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
      { method: 'GET', headers: { 'x-api-key': SUPPLIER_KEY, accept: 'text/html' } },
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
    doc.paths['/v1/devices'].get.security = [{ PackageApiKey: [] }];
    const mock = await startTestMock({ spec: doc });
    const devices = `${mock.baseUrls.package}/v1/devices`;
    expect((await call(devices, 'GET', SUPPLIER_KEY)).status).toBe(501);
    expect((await call(devices, 'GET', MANUFACTURER_KEY)).status).toBe(501);
    expect((await call(devices, 'GET', 'no-such-key')).status).toBe(401);
    expect((await call(devices, 'GET')).status).toBe(401);
  });

  it('on the bundled spec alone, lists exactly the operations outside the Authenticator v2', async () => {
    const mock = await startTestMock();
    const unserved = mock.unserved.map((op) => op.operationId);
    expect(unserved.length).toBeGreaterThan(0);
    expect(unserved).toEqual(operationsOutsideAuthenticatorV2(spec));
  });
});
