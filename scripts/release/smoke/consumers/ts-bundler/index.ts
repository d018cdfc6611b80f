// A TypeScript consumer with `moduleResolution: bundler` in an ES module package: the types come from the
// packages' `import` conditions (.d.ts), the code from their ESM builds.
import assert from 'node:assert/strict';
import {
  type CreateSupplierLinkSessionRequest,
  createNoxClient,
  decodeLinkCallback,
  encodeLinkCallback,
  type LinkCallbackPayload,
  NoxApiError,
  orThrow,
} from '@nox-energy/client';
import { type ItemOf, paginate } from '@nox-energy/client/pagination';
import { type NoxWebhookError, verifyWebhook, type WebhookEvent } from '@nox-energy/client/webhooks';
import { listOperations, loadBundledSpec } from '@nox-energy/contract-tests';
import { startMockServer } from '@nox-energy/mock';
import { assetTypeValues, heatPumpBrandValues, type SuccessResponse } from '@nox-energy/types';

// @ts-expect-error asset_type takes only the spec's values: proves the types are real, not `any`.
const wrong: CreateSupplierLinkSessionRequest = { user_id: 'u', asset_type: 'car', redirect_url: 'https://x.test' };

// The subpath entries' types resolve too: items typed from the spec, events typed by `type`.
type Device = ItemOf<'/v1/devices'>;
// @ts-expect-error a heat pump has no `wattage`: the item type is the operation's, not `any`.
const notAField = (device: Device) => device.wattage;
const refusal = (error: NoxWebhookError): string => error.reason;

async function main(): Promise<void> {
  const nox = createNoxClient({ apiKey: 'k', environment: 'sandbox', maxRetries: 0 });
  assert.equal(nox.baseUrls.authenticator, null);
  assert.equal(typeof paginate(nox, '/v1/devices', { params: { query: { limit: 10 } } }).toArray, 'function');
  const verify: (body: string, headers: Headers, key: string) => Promise<WebhookEvent> = verifyWebhook;
  assert.deepEqual([typeof verify, typeof notAField, typeof refusal], ['function', 'function', 'function']);
  assert.ok(listOperations(loadBundledSpec()).length > 0);
  const mock = await startMockServer({ port: 0 });
  try {
    const nox = createNoxClient({ apiKey: 'demo-supplier-key', baseUrls: mock.baseUrls, maxRetries: 0 });
    const body: CreateSupplierLinkSessionRequest = {
      user_id: 'smoke-ts-bundler',
      asset_type: 'hp',
      redirect_url: `${mock.url}/callback`,
      brand: heatPumpBrandValues[0],
    };
    const session: SuccessResponse<'createSupplierLinkSession'> = await orThrow(
      nox.POST('/supplier/link-sessions', { body }),
    );
    assert.equal(session.supplier_user_id, body.user_id);
    assert.equal(session.brand, body.brand);
    await assert.rejects(orThrow(nox.POST('/supplier/link-sessions', { body: wrong })), NoxApiError);
  } finally {
    await mock.close();
  }
  const payload: LinkCallbackPayload = {
    nox_user_id: 'n-1',
    supplier_user_id: 'smoke-ts-bundler',
    brand: heatPumpBrandValues[0],
    device_ids: ['d-1'],
    connected_at: 1703123756,
  };
  assert.deepEqual(decodeLinkCallback(encodeLinkCallback(payload)), payload);
  assert.ok(assetTypeValues.includes('hp'));
  console.log(`ok ts-bundler on Node ${process.version}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
