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
const manufacturerBody = { user_id: 'manufacturer_user_id_123', redirect_url: 'https://your-app.com/callback' };

describe('API keys', () => {
  it('refuses a request without x-api-key with 401 and the spec error body', async () => {
    const result = await post(mock, SUPPLIER_PATH, supplierBody());
    expect(result.status).toBe(401);
    expect(errorMessage(result)).toMatch(/^x-api-key: header is required/);
  });

  it('refuses an empty or unknown key, and a near miss of a real key', async () => {
    for (const key of ['', 'nope', `${SUPPLIER_KEY}x`, SUPPLIER_KEY.slice(0, -1), SUPPLIER_KEY.toUpperCase()]) {
      const result = await post(mock, SUPPLIER_PATH, supplierBody(), { key });
      expect(result.status, key).toBe(401);
      expect(errorMessage(result)).toMatch(/^x-api-key: /);
    }
  });

  it('refuses a manufacturer key on a supplier operation and the reverse', async () => {
    const wrongOnSupplier = await post(mock, SUPPLIER_PATH, supplierBody(), { key: MANUFACTURER_KEY });
    expect(wrongOnSupplier.status).toBe(401);
    expect(errorMessage(wrongOnSupplier)).toContain('needs a supplier key');
    for (const path of [MANUFACTURER_PATH, DEVICE_PATH]) {
      const wrongOnManufacturer = await post(mock, path, manufacturerBody, { key: SUPPLIER_KEY });
      expect(wrongOnManufacturer.status, path).toBe(401);
      expect(errorMessage(wrongOnManufacturer)).toContain('needs a manufacturer key');
    }
  });

  it('accepts each key on its own operations', async () => {
    expect((await post(mock, SUPPLIER_PATH, supplierBody(), { key: SUPPLIER_KEY })).status).toBe(201);
    expect((await post(mock, MANUFACTURER_PATH, manufacturerBody, { key: MANUFACTURER_KEY })).status).toBe(201);
    expect((await post(mock, DEVICE_PATH, { user_id: 'm1' }, { key: MANUFACTURER_KEY })).status).toBe(201);
  });

  it('checks the key before the body, and never echoes the key', async () => {
    const result = await post(mock, SUPPLIER_PATH, '{not json', { key: 'secret-guess-123' });
    expect(result.status).toBe(401);
    expect(result.text).not.toContain('secret-guess-123');
  });

  it('sends an x-request-id on every response', async () => {
    const first = await post(mock, SUPPLIER_PATH, supplierBody());
    const second = await post(mock, SUPPLIER_PATH, supplierBody(), { key: SUPPLIER_KEY });
    expect(first.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.headers.get('x-request-id')).not.toBe(second.headers.get('x-request-id'));
  });
});
