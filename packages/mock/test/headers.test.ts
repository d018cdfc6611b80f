// Every response the mock writes carries its own x-request-id and the headers of its kind, whichever path wrote it:
// API success and errors, routing errors, the UI page and the UI redirect.
import { describe, expect, it } from 'vitest';
import { createSession, post, SUPPLIER_KEY, SUPPLIER_PATH, startTestMock, supplierBody } from './helpers.js';

const mock = await startTestMock({ config: { maxBodyBytes: 1024 } });
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function answers(): Promise<Array<[string, Response]>> {
  const api = `${mock.baseUrls.authenticator}${SUPPLIER_PATH}`;
  const json = { 'content-type': 'application/json', 'x-api-key': SUPPLIER_KEY };
  const session = await createSession(mock);
  return [
    ['201', await fetch(api, { method: 'POST', headers: json, body: JSON.stringify(supplierBody()) })],
    ['400', await fetch(api, { method: 'POST', headers: json, body: '{' })],
    ['401', await fetch(api, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })],
    ['413', await fetch(api, { method: 'POST', headers: json, body: 'x'.repeat(2048) })],
    ['415', await fetch(api, { method: 'POST', headers: { ...json, 'content-type': 'text/plain' }, body: '{}' })],
    ['404', await fetch(`${mock.url}/nowhere`)],
    ['405', await fetch(api)],
    ['200', await fetch(session.link_url)],
    [
      '303',
      await fetch(`${mock.url}/ui/connect`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: session.link_token, brand: 'daikin' }).toString(),
        redirect: 'manual',
      }),
    ],
  ];
}

describe('response headers', () => {
  it('every kind of response has its own x-request-id, no-store and an exact content-length', async () => {
    const seen = new Set<string>();
    for (const [status, response] of await answers()) {
      const body = new Uint8Array(await response.arrayBuffer());
      expect(String(response.status), status).toBe(status);
      const id = response.headers.get('x-request-id') ?? '';
      expect(id, status).toMatch(REQUEST_ID);
      seen.add(id);
      expect(response.headers.get('cache-control'), status).toBe('no-store');
      expect(Number(response.headers.get('content-length')), status).toBe(body.length);
    }
    expect(seen.size).toBe(9);
  });

  it('keeps the headers of each kind: allow on a 405, connection close on a 413, the page policy on UI answers', async () => {
    const byStatus = new Map(await answers());
    expect(byStatus.get('405')?.headers.get('allow')).toBe('POST');
    expect(byStatus.get('413')?.headers.get('connection')).toBe('close');
    expect(byStatus.get('201')?.headers.get('content-type')).toBe('application/json; charset=utf-8');
    for (const status of ['200', '303']) {
      const headers = byStatus.get(status)?.headers;
      expect(headers?.get('x-frame-options'), status).toBe('DENY');
      expect(headers?.get('referrer-policy'), status).toBe('no-referrer');
      expect(headers?.get('x-content-type-options'), status).toBe('nosniff');
    }
    expect(byStatus.get('303')?.headers.get('location')).toMatch(/^https:\/\/your-app\.com\/callback\?data=/);
  });

  it('sends no header twice', async () => {
    const response = await post(mock, SUPPLIER_PATH, supplierBody(), { key: SUPPLIER_KEY });
    expect(response.status).toBe(201);
    // fetch joins repeated headers with ", ".
    expect(response.headers.get('x-request-id')).toMatch(REQUEST_ID);
    expect(response.headers.get('content-type')).not.toContain(',');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});
