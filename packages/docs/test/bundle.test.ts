// The published bundle: one spec in two formats, exported by the package, every example valid.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { distDir, examplesOf, invalidExamples, type Json, readBundle, siteDir } from './helpers/spec.js';

const spec = readBundle();
const read = (file: string) => readFileSync(file, 'utf8');

describe('dist/openapi.json and dist/openapi.yaml', () => {
  it('is one OpenAPI 3.1 document with the 24 operations and the webhooks', () => {
    expect(spec.openapi).toMatch(/^3\.1\./);
    const ids = Object.values(spec.paths).flatMap((item: Json) =>
      Object.values(item)
        .map((op: Json) => op.operationId)
        .filter(Boolean),
    );
    expect(ids.sort()).toEqual([
      'connectManufacturerUserV1',
      'connectManufacturerUserWithSupplierV1',
      'createLinkSessionV1',
      'createManufacturerDeviceConnection',
      'createManufacturerLinkSession',
      'createSupplierLinkSession',
      'executeFlexDown',
      'executePvFlex',
      'getDeviceSettings',
      'getFlexDown',
      'getThermalControlCurrentState',
      'getThermalControlForecast',
      'listDeviceConsumptionForecast',
      'listDevices',
      'listHouseConsumptionForecast',
      'listHouseConsumptionForecastHistory',
      'listManufacturerDevices',
      'listPvDevices',
      'listPvFlexLogs',
      'submitPvSchedule',
      'submitThermalControlSchedule',
      'submitThermalControlSettings',
      'updateDeviceSettings',
      'updatePvDeviceSettings',
    ]);
    expect(Object.keys(spec.webhooks)).toContain('device.steerable_status.being_steered.updated');
    expect(JSON.stringify(spec)).not.toContain('"$ref":"./');
  });

  it('holds the same document in YAML as in JSON', () => {
    expect(parse(read(join(distDir, 'openapi.yaml')))).toEqual(spec);
  });

  it('is exported as @nox-energy/docs/openapi.json and /openapi.yaml', () => {
    const require = createRequire(join(distDir, '..', 'package.json'));
    expect(require.resolve('@nox-energy/docs/openapi.json')).toBe(join(distDir, 'openapi.json'));
    expect(require.resolve('@nox-energy/docs/openapi.yaml')).toBe(join(distDir, 'openapi.yaml'));
  });

  it('is the very file the site offers for download', () => {
    for (const file of ['openapi.json', 'openapi.yaml']) {
      expect(read(join(siteDir, file))).toBe(read(join(distDir, file)));
    }
  });
});

describe('examples in the bundle', () => {
  it('every example satisfies its schema (ajv, JSON Schema 2020-12 with formats)', () => {
    const examples = examplesOf(spec);
    // Request and response examples of every operation and webhook, schema examples, the callback data examples.
    expect(examples.filter((e) => e.where.includes('/requestBody/'))).toHaveLength(24);
    expect(examples.filter((e) => e.where.includes('/responses/200/'))).toHaveLength(25);
    expect(examples.filter((e) => e.where.startsWith('/webhooks/'))).toHaveLength(28);
    expect(examples.filter((e) => e.where.includes('/responses/201/'))).toHaveLength(4);
    expect(examples.filter((e) => e.where.endsWith('(decoded)'))).toHaveLength(2);
    expect(examples.length).toBeGreaterThan(190);
    expect(invalidExamples(spec)).toEqual([]);
  });

  it('the check finds a broken example (request, response, schema and encoded callback data)', () => {
    const broken = structuredClone(spec);
    const supplier = broken.paths['/supplier/link-sessions'].post;
    supplier.requestBody.content['application/json'].examples.heatPump.value.asset_type = 'heat-pump';
    supplier.responses['201'].content['application/json'].examples.pvWithBrand.value.created_at = 'yesterday';
    broken.components.schemas.UserId.examples = [''];
    const callback = supplier.callbacks.linkCompleted['{$request.body#/redirect_url}'].get.parameters[0];
    callback.example = Buffer.from(JSON.stringify({ nox_user_id: 'x' })).toString('base64url');
    const problems = invalidExamples(broken).map((p) => p.split(':')[0]);
    expect(problems).toEqual([
      '/paths/~1supplier~1link-sessions/post/requestBody/content/application~1json/examples/heatPump',
      '/paths/~1supplier~1link-sessions/post/responses/201/content/application~1json/examples/pvWithBrand',
      '/paths/~1supplier~1link-sessions/post/callbacks/linkCompleted/{$request.body#~1redirect_url}/get/parameters/0/example (decoded)',
      '/components/schemas/UserId/examples/0',
    ]);
  });
});
