// The reader on the spec the workspace actually ships (@nox-energy/docs/openapi.json).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { FIXTURE_OPERATION_IDS, withFixtureOperations } from '../src/fixtures.js';
import { type OpenApiDocument, readSpec } from '../src/index.js';

const require = createRequire(import.meta.url);
const bundled = JSON.parse(readFileSync(require.resolve('@nox-energy/docs/openapi.json'), 'utf8')) as OpenApiDocument;

describe('the bundled spec', () => {
  it('reads every operation with its API, role and servers', () => {
    const model = readSpec(bundled);
    expect(model.servers.rootApi).toBe('authenticator');
    expect(model.servers.byApi.authenticator?.production).toMatch(/^https:\/\//);
    expect(model.operations.length).toBeGreaterThan(0);
    for (const operation of model.operations) {
      expect(operation.security.length, operation.operationId).toBeGreaterThan(0);
      expect(operation.security.every((scheme) => typeof scheme.role === 'string')).toBe(true);
      expect(operation.servers.length).toBeGreaterThan(0);
    }
  });

  it('still reads with the fixture operations added, which come last', () => {
    const model = readSpec(withFixtureOperations(bundled));
    const ids = model.operations.map((op) => op.operationId);
    expect(ids.slice(-FIXTURE_OPERATION_IDS.length)).toEqual([...FIXTURE_OPERATION_IDS]);
    expect(Object.keys(model.servers.byApi)).toEqual(expect.arrayContaining(['package', 'authenticator-v1']));
    expect(model.webhooks.length).toBeGreaterThan(0);
  });
});
