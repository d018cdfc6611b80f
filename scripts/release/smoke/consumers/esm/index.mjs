// An ES module consumer: import of every published package, then one real round trip.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { createNoxClient, decodeLinkCallback, encodeLinkCallback, NoxApiError, orThrow } from '@nox-energy/client';
import { listOperations, loadBundledSpec } from '@nox-energy/contract-tests';
import { startMockServer } from '@nox-energy/mock';
import { assetTypeValues, pvBrandValues } from '@nox-energy/types';

const spec = createRequire(import.meta.url)('@nox-energy/docs/openapi.json');
assert.equal(spec.openapi.slice(0, 3), '3.1');
// A path item also holds `servers` and `parameters`: only its HTTP methods are operations.
const methods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
const operationCount = Object.values(spec.paths).flatMap((item) => Object.keys(item).filter((key) => methods.has(key)));
assert.equal(listOperations(loadBundledSpec()).length, operationCount.length);

const mock = await startMockServer({ port: 0 });
try {
  const nox = createNoxClient({ apiKey: 'demo-supplier-key', baseUrls: mock.baseUrls, maxRetries: 0 });
  const body = { user_id: 'smoke-esm', asset_type: assetTypeValues[1], redirect_url: `${mock.url}/callback` };
  const session = await orThrow(nox.POST('/supplier/link-sessions', { body }));
  assert.equal(session.supplier_user_id, 'smoke-esm');
  assert.ok(session.link_url.includes(session.link_token));
  await assert.rejects(orThrow(nox.POST('/supplier/link-sessions', { body: { ...body, user_id: 42 } })), NoxApiError);
} finally {
  await mock.close();
}
const payload = {
  nox_user_id: 'n-1',
  supplier_user_id: 'smoke-esm',
  brand: pvBrandValues[0],
  device_ids: ['d-1'],
  connected_at: 1703123756,
};
assert.deepEqual(decodeLinkCallback(encodeLinkCallback(payload)), payload);
console.log(`ok esm on Node ${process.version}`);
