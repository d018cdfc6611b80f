// A CommonJS consumer: require() of every published package and entry point, then one real round trip,
// a walk through a paginated list served by a tiny local server, and a webhook signed and verified.
const assert = require('node:assert/strict');
const { createServer } = require('node:http');
const {
  createNoxClient,
  decodeLinkCallback,
  encodeLinkCallback,
  NoxApiError,
  NoxError,
  orThrow,
} = require('@nox-energy/client');
const { paginate } = require('@nox-energy/client/pagination');
const { NoxWebhookError, signWebhook, verifyWebhook } = require('@nox-energy/client/webhooks');
const { startMockServer } = require('@nox-energy/mock');
const { listOperations, loadBundledSpec } = require('@nox-energy/contract-tests');
const { assetTypeValues, heatPumpBrandValues } = require('@nox-energy/types');
const spec = require('@nox-energy/docs/openapi.json');

async function main() {
  assert.equal(spec.openapi.slice(0, 3), '3.1');
  // Operations only: a path item also holds keys such as `servers` (the Package API's hosts).
  const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
  const operationCount = Object.values(spec.paths).flatMap((item) =>
    Object.keys(item).filter((key) => methods.includes(key)),
  ).length;
  assert.equal(listOperations(loadBundledSpec()).length, operationCount);
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

  // Three pages of two devices, the next page's token in meta.next_token.
  const server = createServer((req, res) => {
    const page = Number(new URL(req.url, 'http://x').searchParams.get('next_token') ?? 0);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        data: [{ device_id: `d${page}a` }, { device_id: `d${page}b` }],
        meta: { next_token: page < 2 ? String(page + 1) : null },
      }),
    );
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const nox = createNoxClient({ apiKey: 'k', baseUrls: { package: `http://127.0.0.1:${server.address().port}` } });
    const devices = await paginate(nox, '/v1/devices').toArray({ max: 10 });
    assert.deepEqual(
      devices.map((d) => d.device_id),
      ['d0a', 'd0b', 'd1a', 'd1b', 'd2a', 'd2b'],
    );
  } finally {
    server.close();
  }

  const event = { type: 'device.steerable_status.being_steered.updated', id: 'evt_1', data: { value: true } };
  const signed = await signWebhook(event, 'cjs-key');
  assert.deepEqual(await verifyWebhook(Buffer.from(signed.body), signed.headers, 'cjs-key'), event);
  const refused = await verifyWebhook(signed.body, signed.headers, 'other-key').catch((error) => error);
  assert.ok(refused instanceof NoxWebhookError && refused instanceof NoxError);
  assert.equal(refused.reason, 'bad_signature');
  console.log(`ok cjs on Node ${process.version}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
