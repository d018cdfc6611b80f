import { heatPumpBrandValues, languageValues, pvBrandValues } from '@nox-energy/types';
import { describe, expect, it } from 'vitest';
import {
  DEVICE_PATH,
  errorMessage,
  MANUFACTURER_KEY,
  MANUFACTURER_PATH,
  post,
  SUPPLIER_KEY,
  SUPPLIER_PATH,
  startTestMock,
  supplierBody,
} from './helpers.js';

const mock = await startTestMock();

async function supplierError(body: unknown): Promise<string> {
  const result = await post(mock, SUPPLIER_PATH, body, { key: SUPPLIER_KEY });
  expect(result.status, result.text).toBe(400);
  return errorMessage(result);
}

const onlyHeatPump = heatPumpBrandValues.find((brand) => !pvBrandValues.includes(brand as never)) as string;
const onlyPv = pvBrandValues.find((brand) => !heatPumpBrandValues.includes(brand as never)) as string;

describe('request validation (supplier link session)', () => {
  it.each(['user_id', 'asset_type', 'redirect_url'])('names a missing required field: %s', async (field) => {
    const body = supplierBody();
    delete body[field];
    expect(await supplierError(body)).toMatch(new RegExp(`^${field}: is required`));
  });

  it('names the field and the type it must have', async () => {
    expect(await supplierError(supplierBody({ user_id: 42 }))).toBe('user_id: must be a string');
    expect(await supplierError(supplierBody({ redirect_url: ['x'] }))).toBe('redirect_url: must be a string');
  });

  it('names length and format rules', async () => {
    expect(await supplierError(supplierBody({ user_id: '' }))).toBe('user_id: must NOT have fewer than 1 characters');
    expect(await supplierError(supplierBody({ user_id: 'u'.repeat(257) }))).toBe(
      'user_id: must NOT have more than 256 characters',
    );
    expect(await supplierError(supplierBody({ redirect_url: 'not a url' }))).toBe(
      'redirect_url: must match format "uri"',
    );
  });

  it('lists the allowed values of an enum', async () => {
    const message = await supplierError(supplierBody({ language: 'de' }));
    expect(message).toBe(`language: "de" is not allowed; must be one of ${languageValues.join(', ')}`);
  });

  it('names asset_type when it is missing or unknown, with its values', async () => {
    expect(await supplierError(supplierBody({ asset_type: undefined }))).toBe(
      'asset_type: is required and must be one of hp, pv',
    );
    expect(await supplierError(supplierBody({ asset_type: 'ev' }))).toBe('asset_type: must be one of hp, pv');
    expect(await supplierError(supplierBody({ asset_type: 5 }))).toBe('asset_type: must be one of hp, pv');
    expect(await supplierError(supplierBody({ asset_type: null }))).toBe('asset_type: must be one of hp, pv');
  });

  it('refuses a brand of the other asset type, naming brand and the brands of this type', async () => {
    const pvWithHeatPumpBrand = await supplierError(supplierBody({ asset_type: 'pv', brand: onlyHeatPump }));
    expect(pvWithHeatPumpBrand).toMatch(new RegExp(`^brand: "${onlyHeatPump}" is not allowed when asset_type is "pv"`));
    expect(pvWithHeatPumpBrand).toContain(pvBrandValues.join(', '));
    expect(pvWithHeatPumpBrand).toMatch(/, or null$/);

    const heatPumpWithPvBrand = await supplierError(supplierBody({ asset_type: 'hp', brand: onlyPv }));
    expect(heatPumpWithPvBrand).toMatch(new RegExp(`^brand: "${onlyPv}" is not allowed when asset_type is "hp"`));
    expect(heatPumpWithPvBrand).toContain(heatPumpBrandValues.join(', '));
  });

  it('refuses pv with nibe (a heat-pump brand) and accepts nibe for hp', async () => {
    expect(await supplierError(supplierBody({ asset_type: 'pv', brand: 'nibe' }))).toMatch(/^brand: "nibe"/);
    const ok = await post(mock, SUPPLIER_PATH, supplierBody({ asset_type: 'hp', brand: 'nibe' }), {
      key: SUPPLIER_KEY,
    });
    expect(ok.status).toBe(201);
  });

  it('refuses the old spelling with a space', async () => {
    expect(await supplierError(supplierBody({ brand: 'alpha innotec' }))).toMatch(/^brand: "alpha innotec" is not/);
  });

  it('accepts every brand of each asset type, and null', async () => {
    for (const [assetType, brands] of [
      ['hp', heatPumpBrandValues],
      ['pv', pvBrandValues],
    ] as const) {
      for (const brand of [...brands, null]) {
        const result = await post(mock, SUPPLIER_PATH, supplierBody({ asset_type: assetType, brand }), {
          key: SUPPLIER_KEY,
        });
        expect(result.status, `${assetType} ${brand}`).toBe(201);
      }
    }
  });

  it('refuses a body that is not an object', async () => {
    for (const body of ['[]', '"text"', '42', 'null', 'true']) {
      expect(await supplierError(body)).toBe('body: must be an object');
    }
  });

  it('names a wrongly typed brand', async () => {
    expect(await supplierError(supplierBody({ brand: 5 }))).toMatch(/^brand: must be one of .*, or null$/);
  });
});

describe('request validation (manufacturer operations)', () => {
  it('names user_id on a device connection, as NOX does', async () => {
    for (const body of [{}, { user_id: 7 }]) {
      const result = await post(mock, DEVICE_PATH, body, { key: MANUFACTURER_KEY });
      expect(result.status).toBe(400);
      expect(errorMessage(result)).toMatch(/^user_id: (is required|must be a string)$/);
    }
  });

  it('names a missing redirect_url on a manufacturer link session', async () => {
    const result = await post(mock, MANUFACTURER_PATH, { user_id: 'm1' }, { key: MANUFACTURER_KEY });
    expect(result.status).toBe(400);
    expect(errorMessage(result)).toBe('redirect_url: is required');
  });
});

describe('allowed redirect URLs', () => {
  it('refuses a redirect_url outside the account list with 400 naming redirect_url', async () => {
    for (const url of [
      'https://evil.example/callback',
      'https://your-app.com/other',
      'http://your-app.com/callback',
      'https://your-app.com:8443/callback',
      'https://user:pw@your-app.com/callback',
      'javascript:alert(1)',
      'http://localhost.evil.example/cb',
    ]) {
      const result = await post(mock, SUPPLIER_PATH, supplierBody({ redirect_url: url }), { key: SUPPLIER_KEY });
      expect(result.status, url).toBe(400);
      expect(errorMessage(result)).toMatch(/^redirect_url: is not an allowed redirect URL of Acme Energy/);
    }
  });

  it('allows the docs example URL (with a query) and localhost / 127.0.0.1 on any port and path', async () => {
    for (const url of [
      'https://your-app.com/callback',
      'https://your-app.com/callback?state=abc',
      'http://localhost/cb',
      'http://localhost:3000/any/path?x=1',
      'http://127.0.0.1:51234/callback',
    ]) {
      const result = await post(mock, SUPPLIER_PATH, supplierBody({ redirect_url: url }), { key: SUPPLIER_KEY });
      expect(result.status, url).toBe(201);
    }
  });
});
