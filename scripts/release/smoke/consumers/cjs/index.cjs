// A CommonJS consumer: require() of every published package, then one real round trip.
const assert = require('node:assert/strict');
const { createNoxClient, decodeLinkCallback, encodeLinkCallback, NoxApiError, orThrow } = require('@nox-energy/client');
const { startMockServer } = require('@nox-energy/mock');
const { listOperations, loadBundledSpec } = require('@nox-energy/contract-tests');
const { assetTypeValues, heatPumpBrandValues } = require('@nox-energy/types');
const spec = require('@nox-energy/docs/openapi.json');

async function main() {
  assert.equal(spec.openapi.slice(0, 3), '3.1');
  // A path item also holds `servers` and `parameters`: only its HTTP methods are operations.
  const methods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
  const operationCount = Object.values(spec.paths).flatMap((item) =>
    Object.keys(item).filter((key) => methods.has(key)),
  );
  assert.equal(listOperations(loadBundledSpec()).length, operationCount.length);
  const mock = await startMockServer({ port: 0 });
  try {
    const nox = createNoxClient({ apiKey: 'demo-supplier-key', baseUrls: mock.baseUrls, maxRetries: 0 });
    const body = { user_id: 'smoke-cjs', asset_type: assetTypeValues[0], redirect_url: `${mock.url}/callback` };
    const session = await orThrow(nox.POST('/supplier/link-sessions', { body }));
    assert.equal(session.supplier_user_id, 'smoke-cjs');
    assert.ok(session.link_url.includes(session.link_token));
    await assert.rejects(orThrow(nox.POST('/supplier/link-sessions', { body: { ...body, user_id: 42 } })), NoxApiError);
  } finally {
    await mock.close();
  }
  const payload = {
    nox_user_id: 'n-1',
    supplier_user_id: 'smoke-cjs',
    brand: heatPumpBrandValues[0],
    device_ids: ['d-1'],
    connected_at: 1703123756,
  };
  assert.deepEqual(decodeLinkCallback(encodeLinkCallback(payload)), payload);
  console.log(`ok cjs on Node ${process.version}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
