// The mock reads its routes, rules and response fields from the spec at start. Each test here starts it on a
// changed copy of the bundled spec and sees the change, with no change to the mock.
import { describe, expect, it } from 'vitest';
import { loadBundledSpec } from '../src/index.js';
import {
  createSession,
  errorMessage,
  MANUFACTURER_KEY,
  post,
  SUPPLIER_KEY,
  SUPPLIER_PATH,
  startTestMock,
  supplierBody,
} from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests edit the spec's JSON deep by path
type Json = Record<string, any>;

function changedSpec(change: (doc: Json) => void): Json {
  const doc = structuredClone(loadBundledSpec()) as Json;
  change(doc);
  return doc;
}

describe('the bundled spec drives the mock', () => {
  it('replays every request example of the spec with 201 and the example response fields', async () => {
    const doc = loadBundledSpec() as Json;
    const mock = await startTestMock();
    let replayed = 0;
    for (const [path, item] of Object.entries(doc.paths as Json)) {
      // The Authenticator v2, on the spec's root servers: the other APIs are not served from examples.
      if (item.servers !== undefined) {
        continue;
      }
      const operation = item.post as Json;
      const key = JSON.stringify(operation.security).includes('Supplier') ? SUPPLIER_KEY : MANUFACTURER_KEY;
      const requests = operation.requestBody.content['application/json'].examples as Json;
      const responses = operation.responses['201'].content['application/json'].examples as Json;
      for (const [name, example] of Object.entries(requests)) {
        const result = await post(mock, path, example.value, { key });
        expect(result.status, `${path} ${name}: ${result.text}`).toBe(201);
        expect(Object.keys(result.json).sort()).toEqual(Object.keys(responses[name].value).sort());
        replayed++;
      }
    }
    expect(replayed).toBeGreaterThanOrEqual(4);
  });

  it('accepts a language added to the spec, and shows its page in English', async () => {
    const mock = await startTestMock({
      spec: changedSpec((doc) => doc.components.schemas.Language.enum.push('de')),
    });
    const session = await createSession(mock, { language: 'de' });
    expect(session.language).toBe('de');
    expect(new URL(session.link_url).searchParams.get('language')).toBe('de');
    const page = await (await fetch(session.link_url)).text();
    expect(page).toContain('<html lang="en">');

    const unchanged = await startTestMock();
    expect((await post(unchanged, SUPPLIER_PATH, supplierBody({ language: 'de' }), { key: SUPPLIER_KEY })).status).toBe(
      400,
    );
  });

  it('refuses a brand removed from the spec and no longer offers it', async () => {
    const mock = await startTestMock({
      spec: changedSpec((doc) => {
        const brands = doc.components.schemas.PvBrand.enum as string[];
        brands.splice(brands.indexOf('sma'), 1);
        doc.components.schemas.HeatPumpBrand.enum.push('acme-heat');
      }),
    });
    const refused = await post(mock, SUPPLIER_PATH, supplierBody({ asset_type: 'pv', brand: 'sma' }), {
      key: SUPPLIER_KEY,
    });
    expect(refused.status).toBe(400);
    expect(errorMessage(refused)).toMatch(/^brand: "sma" is not allowed/);
    const pvPage = await (await fetch((await createSession(mock, { asset_type: 'pv' })).link_url)).text();
    expect(pvPage).not.toContain('value="sma"');

    const added = await createSession(mock, { asset_type: 'hp', brand: 'acme-heat' });
    const hpPage = await (await fetch(added.link_url)).text();
    expect(hpPage).toContain('<option value="acme-heat" selected>');
  });

  it('follows a changed expiry, base path and a new echoed field', async () => {
    const mock = await startTestMock({
      spec: changedSpec((doc) => {
        doc.servers[0].url = 'https://auth.nox.energy/v3';
        const response = doc.components.schemas.CreateSupplierLinkSessionResponse;
        response.properties.expires_at['x-nox-seconds-after'].seconds = 900;
        response.properties.reference = { type: ['string', 'null'], 'x-nox-echo': 'reference' };
        for (const branch of ['HeatPumpSupplierLinkSessionRequest', 'PvSupplierLinkSessionRequest']) {
          doc.components.schemas[branch].properties.reference = { type: 'string', maxLength: 10 };
        }
      }),
    });
    expect(mock.baseUrls.authenticator).toBe(`${mock.url}/v3`);
    const session = await createSession(mock, { reference: 'ref-1' });
    expect(Number(session.expires_at) - Number(session.created_at)).toBe(900);
    expect(session.reference).toBe('ref-1');
    expect((await createSession(mock)).reference).toBeNull();
    const tooLong = await post(mock, SUPPLIER_PATH, supplierBody({ reference: 'x'.repeat(11) }), { key: SUPPLIER_KEY });
    expect(errorMessage(tooLong)).toBe('reference: must NOT have more than 10 characters');
    expect((await fetch(`${mock.url}/v2${SUPPLIER_PATH}`, { method: 'POST' })).status).toBe(404);
  });

  it('follows a role renamed in the spec (demo accounts of an unknown role are left out)', async () => {
    const doc = changedSpec((spec) => {
      spec.components.securitySchemes.SupplierApiKey['x-nox-role'] = 'retailer';
      const response = spec.components.schemas.CreateSupplierLinkSessionResponse;
      response.properties.retailer = response.properties.supplier;
      delete response.properties.supplier;
      response.required = response.required.map((field: string) => (field === 'supplier' ? 'retailer' : field));
    });
    const mock = await startTestMock({
      spec: doc,
      config: {
        accounts: [
          {
            role: 'retailer',
            name: 'Retail Co',
            apiKey: 'retailer-key-1',
            allowedRedirectUrls: ['http://localhost:*'],
          },
        ],
      },
    });
    const result = await post(mock, SUPPLIER_PATH, supplierBody({ redirect_url: 'http://localhost/x' }), {
      key: 'retailer-key-1',
    });
    expect(result.status, result.text).toBe(201);
    expect(result.json.retailer).toBe('Retail Co');
  });

  it('refuses to start on a spec it cannot serve, with a clear message', async () => {
    const doc = changedSpec((spec) => {
      spec.components.schemas.CreateManufacturerDeviceConnectionResponse.required.push('linked_count');
      spec.components.schemas.CreateManufacturerDeviceConnectionResponse.properties.linked_count = { type: 'integer' };
    });
    await expect(startTestMock({ spec: doc })).rejects.toThrow(/no rule derives the required field "linked_count"/);
  });
});
