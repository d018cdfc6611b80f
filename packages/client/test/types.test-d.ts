// Compile-time behaviour of the generated types through the client. If the spec renames or drops a
// field, these stop compiling and `pnpm test` fails.
import { describe, expectTypeOf, it } from 'vitest';
import {
  type BrandFor,
  type CreateSupplierLinkSessionRequest,
  type CreateSupplierLinkSessionResponse,
  createNoxClient,
  decodeLinkCallback,
  type HeatPumpBrand,
  type LinkCallbackPayload,
  type NoxApiError,
  orThrow,
  type PvBrand,
  type SuccessResponse,
} from '../src/index.js';

const nox = createNoxClient({ apiKey: 'k' });

describe('supplier link session request', () => {
  it('accepts a brand of the session asset type, or null, or none', () => {
    const hp: CreateSupplierLinkSessionRequest = {
      user_id: 'u',
      asset_type: 'hp',
      redirect_url: 'https://your-app.com/callback',
      brand: 'nibe',
    };
    const pv: CreateSupplierLinkSessionRequest = {
      user_id: 'u',
      asset_type: 'pv',
      redirect_url: 'https://your-app.com/callback',
      brand: 'sma',
      language: 'en',
    };
    const none: CreateSupplierLinkSessionRequest = {
      user_id: 'u',
      asset_type: 'pv',
      redirect_url: 'https://your-app.com/callback',
      brand: null,
    };
    expectTypeOf([hp, pv, none]).toEqualTypeOf<CreateSupplierLinkSessionRequest[]>();
  });

  it('rejects a heat-pump brand on a PV session, and the reverse', () => {
    // @ts-expect-error nibe makes heat pumps, not PV inverters
    const pvWithNibe: CreateSupplierLinkSessionRequest = {
      user_id: 'u',
      asset_type: 'pv',
      redirect_url: 'x',
      brand: 'nibe',
    };
    // @ts-expect-error sma makes PV inverters, not heat pumps
    const hpWithSma: CreateSupplierLinkSessionRequest = {
      user_id: 'u',
      asset_type: 'hp',
      redirect_url: 'x',
      brand: 'sma',
    };
    // The same shapes with a brand of the right kind compile: the errors above are about the brand.
    const pvWithSma: CreateSupplierLinkSessionRequest = {
      user_id: 'u',
      asset_type: 'pv',
      redirect_url: 'x',
      brand: 'sma',
    };
    const hpWithNibe: CreateSupplierLinkSessionRequest = {
      user_id: 'u',
      asset_type: 'hp',
      redirect_url: 'x',
      brand: 'nibe',
    };
    expectTypeOf([pvWithSma, hpWithNibe]).toEqualTypeOf<CreateSupplierLinkSessionRequest[]>();
    expectTypeOf(pvWithNibe).not.toBeNever();
    expectTypeOf(hpWithSma).not.toBeNever();
  });

  it('rejects a body without a required field, in the type and at the call', () => {
    // @ts-expect-error asset_type is required
    const noAssetType: CreateSupplierLinkSessionRequest = { user_id: 'u', redirect_url: 'https://x.y/cb' };
    expectTypeOf(noAssetType).not.toBeNever();
    void nox.POST('/supplier/link-sessions', {
      // @ts-expect-error redirect_url is required
      body: { user_id: 'u', asset_type: 'hp' },
    });
    void nox.POST('/supplier/link-sessions', {
      // @ts-expect-error brand of the wrong asset type
      body: { user_id: 'u', asset_type: 'pv', redirect_url: 'https://x.y/cb', brand: 'daikin' },
    });
    // @ts-expect-error not a path of the API
    void nox.POST('/supplier/link-session', { body: {} });
  });

  it('gives the brand lists per asset type, makers of both kinds in both', () => {
    expectTypeOf<BrandFor<'hp'>>().toEqualTypeOf<HeatPumpBrand>();
    expectTypeOf<BrandFor<'pv'>>().toEqualTypeOf<PvBrand>();
    expectTypeOf<'viessmann'>().toExtend<HeatPumpBrand & PvBrand>();
    expectTypeOf<'nibe'>().not.toExtend<PvBrand>();
  });
});

describe('responses', () => {
  it('types the data of a success and of orThrow', async () => {
    const { data } = await nox.POST('/supplier/link-sessions', {
      body: { user_id: 'u', asset_type: 'hp', redirect_url: 'https://x.y/cb' },
    });
    expectTypeOf(data).toEqualTypeOf<CreateSupplierLinkSessionResponse | undefined>();
    const session = await orThrow(
      nox.POST('/supplier/link-sessions', { body: { user_id: 'u', asset_type: 'hp', redirect_url: 'https://x.y/cb' } }),
    );
    expectTypeOf(session).toEqualTypeOf<CreateSupplierLinkSessionResponse>();
    expectTypeOf(session.expires_at).toBeNumber();
    expectTypeOf(session.completed_at).toEqualTypeOf<number | null>();
    expectTypeOf(session.asset_type).toEqualTypeOf<'hp' | 'pv'>();
    expectTypeOf<SuccessResponse<'createSupplierLinkSession'>>().toEqualTypeOf<CreateSupplierLinkSessionResponse>();
  });

  it('types the error body and NoxApiError', async () => {
    const { error } = await nox.POST('/manufacturer/device-connections', { body: { user_id: 'u' } });
    expectTypeOf(error).toEqualTypeOf<{ error: string } | undefined>();
    expectTypeOf<NoxApiError['status']>().toBeNumber();
    expectTypeOf<NoxApiError['requestId']>().toEqualTypeOf<string | undefined>();
  });

  it('types the decoded callback', () => {
    expectTypeOf(decodeLinkCallback).returns.toEqualTypeOf<LinkCallbackPayload>();
    expectTypeOf<LinkCallbackPayload['device_ids']>().toEqualTypeOf<string[]>();
  });
});
