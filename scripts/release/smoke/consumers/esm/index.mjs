// An ES module consumer: import of every published package and entry point, then one real round trip, a walk
// through a paginated list served by a tiny local server, and a webhook signed and verified.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import {
  createNoxClient,
  decodeLinkCallback,
  encodeLinkCallback,
  NoxApiError,
  NoxError,
  orThrow,
} from '@nox-energy/client';
import { paginate } from '@nox-energy/client/pagination';
import { NoxWebhookError, signWebhook, verifyWebhook } from '@nox-energy/client/webhooks';
import { listOperations, loadBundledSpec } from '@nox-energy/contract-tests';
import { startMockServer } from '@nox-energy/mock';
import { assetTypeValues, pvBrandValues } from '@nox-energy/types';

const spec = createRequire(import.meta.url)('@nox-energy/docs/openapi.json');
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
  const ids = [];
  for await (const device of paginate(nox, '/v1/devices')) {
    ids.push(device.device_id);
  }
  assert.deepEqual(ids, ['d0a', 'd0b', 'd1a', 'd1b', 'd2a', 'd2b']);
} finally {
  server.close();
}

const event = { type: 'device.steerable_status.being_steered.updated', id: 'evt_1', data: { value: true } };
const signed = await signWebhook(event, 'esm-key');
assert.deepEqual(
  await verifyWebhook(new TextEncoder().encode(signed.body), new Headers(signed.headers), 'esm-key'),
  event,
);
const refused = await verifyWebhook(signed.body, signed.headers, 'other-key').catch((error) => error);
assert.ok(refused instanceof NoxWebhookError && refused instanceof NoxError);
assert.equal(refused.reason, 'bad_signature');
console.log(`ok esm on Node ${process.version}`);
