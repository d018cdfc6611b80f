// Compile-time behaviour of the pagination and webhooks entries, and of orThrow on the PATCH 204: item types
// come from the spec's operations, so a wrong field does not compile.
import { describe, expectTypeOf, it } from 'vitest';
import {
  type components,
  createNoxClient,
  type NoxApi,
  type NoxValidationError,
  orThrow,
  type SuccessResponse,
} from '../src/index.js';
import { type ItemOf, type PageOf, type PaginatedPath, paginate } from '../src/pagination.js';
import { type NoxWebhookError, verifyWebhook, type WebhookEvent, type WebhookEventOf } from '../src/webhooks.js';

const nox = createNoxClient({ apiKey: 'k', environment: 'sandbox' });
type Schemas = components['schemas'];

describe('paginate', () => {
  it('yields the item type of the operation', async () => {
    for await (const device of paginate(nox, '/v1/devices', { params: { query: { user_id: 'user_4' } } })) {
      expectTypeOf(device).toEqualTypeOf<Schemas['HeatPumpDevice']>();
      expectTypeOf(device.device_id).toEqualTypeOf<Schemas['DeviceId']>();
      // @ts-expect-error a heat pump has no `wattage`
      device.wattage;
    }
    for await (const device of paginate(nox, '/v1/devices/pv')) {
      expectTypeOf(device).toEqualTypeOf<Schemas['PvDevice']>();
    }
    expectTypeOf<ItemOf<'/v1/manufacturer/devices'>>().toEqualTypeOf<Schemas['ManufacturerDevice']>();
    expectTypeOf<PageOf<'/v1/devices'>>().toEqualTypeOf<SuccessResponse<'listDevices'>>();
  });

  it('pages() and toArray() are typed too', async () => {
    for await (const page of paginate(nox, '/v1/devices').pages()) {
      expectTypeOf(page).toEqualTypeOf<Schemas['ListDevicesResponse']>();
    }
    expectTypeOf(await paginate(nox, '/v1/devices/pv').toArray({ max: 10 })).toEqualTypeOf<Schemas['PvDevice'][]>();
  });

  it('takes only paginated paths and their query parameters', () => {
    expectTypeOf<'/v1/devices'>().toExtend<PaginatedPath>();
    // @ts-expect-error the settings are not a paginated list
    paginate(nox, '/v1/devices/settings');
    // @ts-expect-error an unknown query parameter
    paginate(nox, '/v1/devices', { params: { query: { colour: 'red' } } });
    // @ts-expect-error limit is a number
    paginate(nox, '/v1/devices', { params: { query: { limit: '10' } } });
    paginate(nox, '/v1/devices', { params: { query: { limit: 10 } }, maxPages: 5, signal: AbortSignal.timeout(1) });
  });
});

describe('client', () => {
  it('orThrow of the PATCH settings 204 is undefined', async () => {
    const done = await orThrow(nox.PATCH('/v1/devices/settings', { body: { user_id: 'user_4' } }));
    expectTypeOf(done).toEqualTypeOf<undefined>();
  });

  it('baseUrls names every API, null where the environment has no server', () => {
    expectTypeOf(nox.baseUrls).toEqualTypeOf<Readonly<Record<NoxApi, string | null>>>();
  });

  it('NoxValidationError issues are loc, msg and type', () => {
    expectTypeOf<NoxValidationError['issues'][number]>().toMatchObjectType<{
      loc: (string | number)[];
      msg: string;
      type: string;
    }>();
  });
});

describe('verifyWebhook', () => {
  it('returns the union of the spec events, narrowed by type', async () => {
    const event = await verifyWebhook('{}', new Headers(), 'k');
    expectTypeOf(event).toEqualTypeOf<WebhookEvent>();
    if (event.type === 'device.steerable_status.being_steered.updated') {
      expectTypeOf(event).toEqualTypeOf<WebhookEventOf<'device.steerable_status.being_steered.updated'>>();
    }
    // Node's IncomingHttpHeaders and plain records are accepted as they are.
    await verifyWebhook(Buffer.from('{}'), { 'x-webhook-id': 'a', 'set-cookie': ['a', 'b'], host: undefined }, 'k');
  });

  it('reason is a closed set', () => {
    expectTypeOf<NoxWebhookError['reason']>().toEqualTypeOf<
      'missing_header' | 'malformed_header' | 'bad_signature' | 'stale_timestamp' | 'malformed_body' | 'unknown_type'
    >();
  });
});
