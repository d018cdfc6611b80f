import { describe, expect, it } from 'vitest';
import { fixtureSpec } from '../src/fixtures.js';
import { findResponse, type Operation, readOperations } from '../src/index.js';
import { changedFixture } from './helpers.js';

const operations = () => Object.fromEntries(readOperations(fixtureSpec()).map((op) => [op.operationId, op]));

describe('operations', () => {
  it('reads every operation in path order with method, path, API, role and key header', () => {
    const all = readOperations(fixtureSpec());
    expect(all.map((op) => `${op.method.toUpperCase()} ${op.path} ${op.operationId}`)).toEqual([
      'GET /v1/devices listDevices',
      'GET /v1/devices/settings getDeviceSettings',
      'PATCH /v1/devices/settings patchDeviceSettings',
      'POST /users/{userId}/link connectUserToNoxV1',
    ]);
    const list = operations().listDevices as Operation;
    expect(list.security).toEqual([{ scheme: 'SupplierApiKey', role: 'supplier', header: 'x-api-key' }]);
    expect(list.securityOptional).toBe(false);
    expect(list.tags).toEqual(['Devices']);
  });

  it('resolves parameters by $ref, keeping their schemas and markers', () => {
    const list = operations().listDevices as Operation;
    expect(list.parameters.map((p) => [p.in, p.name, p.required, p.ref])).toEqual([
      ['query', 'limit', false, '#/components/parameters/DeviceListLimit'],
      ['query', 'next_token', false, '#/components/parameters/NextToken'],
      ['query', 'user_id', false, undefined],
    ]);
    expect(list.parameters[0]?.schema).toEqual({ type: 'integer', minimum: 1, maximum: 4000, default: 1000 });
    expect(list.parameters[2]?.inferred).toBe('The guide filters by it, the parameter docs are cut off.');
    const v1 = operations().connectUserToNoxV1 as Operation;
    expect(v1.parameters[0]).toMatchObject({ name: 'userId', in: 'path', required: true });
  });

  it('reads a PATCH: JSON body, 204 without a body and its link, 422 HTTPValidationError', () => {
    const patch = operations().patchDeviceSettings as Operation;
    expect(patch.requestBody).toMatchObject({
      required: true,
      mediaTypes: ['application/json'],
      jsonMediaType: 'application/json',
      schema: { $ref: '#/components/schemas/PatchDeviceSettingsRequest' },
      examples: [{ user_id: 'user456', device_id: 'device123', room: { preferred_temperature: 21 } }],
    });
    const noContent = findResponse(patch, 204);
    expect(noContent?.content).toEqual({});
    expect(noContent?.links).toEqual([
      {
        name: 'GetUpdatedSettings',
        operationId: 'getDeviceSettings',
        operationRef: undefined,
        description: 'The updated settings of the same device.',
        parameters: { device_id: '$request.body#/device_id', user_id: '$request.body#/user_id' },
        requestBody: undefined,
      },
    ]);
    expect(findResponse(patch, 422)?.content).toEqual({
      'application/json': { $ref: '#/components/schemas/HTTPValidationError' },
    });
    expect(findResponse(patch, 500)).toBeUndefined();
  });

  it('reads the status markers: deprecated, legacy, inferred', () => {
    const v1 = operations().connectUserToNoxV1 as Operation;
    expect([v1.deprecated, v1.legacy, v1.inferred]).toEqual([true, false, undefined]);
    const marked = changedFixture((spec) => {
      spec.paths['/v1/devices'].get['x-nox-legacy'] = true;
      spec.paths['/v1/devices/settings']['x-nox-inferred'] = 'The path is not visible on the page.';
    });
    const byId = Object.fromEntries(readOperations(marked).map((op) => [op.operationId, op]));
    expect(byId.listDevices?.legacy).toBe(true);
    expect(byId.listDevices?.extensions['x-nox-legacy']).toBe(true);
    expect(byId.patchDeviceSettings?.inferred).toBe('The path is not visible on the page.');
    expect(() =>
      readOperations(
        changedFixture((spec) => {
          spec.paths['/v1/devices'].get['x-nox-inferred'] = true;
        }),
      ),
    ).toThrow('Operation listDevices: x-nox-inferred must be a sentence saying why it is inferred');
  });

  it('reads the response examples and headers', () => {
    const list = operations().listDevices as Operation;
    const ok = findResponse(list, 200);
    expect(ok?.examples['application/json']?.[0]).toMatchObject({ meta: { next_token: null } });
    expect(ok?.headers).toEqual({});
  });

  it('names the operation when a link, a security scheme or an operationId is wrong', () => {
    const badLink = changedFixture((spec) => {
      spec.paths['/v1/devices/settings'].patch.responses['204'].links.GetUpdatedSettings.operationId = 'getSettings';
    });
    expect(() => readOperations(badLink)).toThrow(
      'Operation patchDeviceSettings: response 204 link GetUpdatedSettings names operationId getSettings, which the spec does not have',
    );
    const notApiKey = changedFixture((spec) => {
      spec.components.securitySchemes.SupplierApiKey = { type: 'http', scheme: 'bearer' };
    });
    expect(() => readOperations(notApiKey)).toThrow(
      'Operation listDevices: security scheme SupplierApiKey is not an API key in a header',
    );
    const duplicate = changedFixture((spec) => {
      spec.paths['/v1/devices/settings'].get.operationId = 'listDevices';
    });
    expect(() => readOperations(duplicate)).toThrow(
      'Operation listDevices: the operationId of GET /v1/devices/settings is also that of GET /v1/devices',
    );
  });
});
