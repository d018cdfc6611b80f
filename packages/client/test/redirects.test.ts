// Redirects are never followed: the API key (and a POST's body) must not travel to wherever a server points.
import { afterEach, describe, expect, it } from 'vitest';
import { createNoxClient, NoxError, NoxRedirectError } from '../src/index.js';
import { caught, everyView, freePort, json, startServer, supplierBody, type TestServer } from './helpers.js';

const API_KEY = 'sk_live_SECRET_0123456789abcdef';
let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
async function server(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const started = await startServer(...args);
  servers.push(started);
  return started;
}

describe('redirects', () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`a ${status} to another origin never receives the key, and the caller gets NoxRedirectError`, async () => {
      // Another port is another origin.
      const other = await server((_req, res) => json(res, 201, { link_token: 'from-the-other-origin' }));
      const api = await server((_req, res) => {
        res.writeHead(status, { location: `${other.url}/collect?token=LOCATION_QUERY` });
        res.end();
      });
      const nox = createNoxClient({ apiKey: API_KEY, baseUrls: { authenticator: `${api.url}/v2` } });
      const error = await caught(nox.POST('/supplier/link-sessions', { body: supplierBody }));

      expect(other.requests).toEqual([]);
      expect(api.requests).toHaveLength(1);
      expect(error).toBeInstanceOf(NoxRedirectError);
      expect(error).toBeInstanceOf(NoxError);
      const redirect = error as NoxRedirectError;
      expect(redirect.status).toBe(status);
      expect(redirect.location).toBe(other.url);
      expect(redirect.message).toContain(`answered ${status}`);
      expect(redirect.message).toContain(other.url);
      const views = everyView(error);
      expect(views).not.toContain(API_KEY);
      expect(views).not.toContain('LOCATION_QUERY');
      expect(views).not.toContain('/collect');
    });
  }

  it('a redirect to the same origin is not followed either, and a relative Location names that origin', async () => {
    const api = await server((req, res) => {
      if (req.url?.startsWith('/v2/')) {
        res.writeHead(302, { location: '/elsewhere' });
        res.end();
      } else {
        json(res, 200, { link_token: 'followed' });
      }
    });
    const nox = createNoxClient({ apiKey: API_KEY, baseUrls: { authenticator: `${api.url}/v2` } });
    const error = (await caught(nox.POST('/supplier/link-sessions', { body: supplierBody }))) as NoxRedirectError;
    expect(error).toBeInstanceOf(NoxRedirectError);
    expect(error.location).toBe(api.url);
    expect(api.requests).toHaveLength(1);
  });

  it('a per-call redirect option cannot turn following back on', async () => {
    const other = await server((_req, res) => json(res, 201, { link_token: 'x' }));
    const api = await server((_req, res) => {
      res.writeHead(307, { location: other.url });
      res.end();
    });
    const nox = createNoxClient({ apiKey: API_KEY, baseUrls: { authenticator: `${api.url}/v2` } });
    const post = nox.POST as unknown as (path: string, init: object) => Promise<unknown>;
    const error = await caught(post('/supplier/link-sessions', { body: supplierBody, redirect: 'follow' }));
    expect(error).toBeInstanceOf(NoxRedirectError);
    expect(other.requests).toEqual([]);
  });

  it('a Request a middleware builds (following redirects by default) does not follow them either', async () => {
    const other = await server((_req, res) => json(res, 201, { link_token: 'x' }));
    const api = await server((_req, res) => {
      res.writeHead(308, { location: `${other.url}/v2/supplier/link-sessions` });
      res.end();
    });
    const nox = createNoxClient({ apiKey: API_KEY, baseUrls: { authenticator: `${api.url}/v2` } });
    nox.use({
      onRequest: async ({ request }) =>
        new Request(request.url, {
          method: request.method,
          headers: request.headers,
          body: await request.text(),
          signal: request.signal,
        }),
    });
    const error = await caught(nox.POST('/supplier/link-sessions', { body: supplierBody }));
    expect(error).toBeInstanceOf(NoxRedirectError);
    expect(api.requests[0]?.body).toBe(JSON.stringify(supplierBody));
    expect(other.requests).toEqual([]);
  });

  it("a browser's opaque redirect (type opaqueredirect, status 0) is an error too", async () => {
    const nox = createNoxClient({
      apiKey: API_KEY,
      fetch: async () => {
        // What a browser returns for redirect: 'manual'; Node cannot construct one, so it is shaped here.
        const response = new Response(null, { status: 200 });
        Object.defineProperty(response, 'type', { value: 'opaqueredirect' });
        Object.defineProperty(response, 'status', { value: 0 });
        Object.defineProperty(response, 'ok', { value: false });
        return response;
      },
    });
    const error = (await caught(nox.POST('/supplier/link-sessions', { body: supplierBody }))) as NoxRedirectError;
    expect(error).toBeInstanceOf(NoxRedirectError);
    expect(error.status).toBe(0);
    expect(error.location).toBeUndefined();
    expect(error.message).toMatch(/redirect/);
  });
});

describe('retries decide on the first hop only', () => {
  for (const status of [307, 303]) {
    it(`a POST answered ${status} to a dead port is sent exactly once`, async () => {
      const dead = await freePort();
      const api = await server((_req, res) => {
        res.writeHead(status, { location: `http://127.0.0.1:${dead}/v2/supplier/link-sessions` });
        res.end();
      });
      let fetches = 0;
      const nox = createNoxClient({
        apiKey: API_KEY,
        baseUrls: { authenticator: `${api.url}/v2` },
        fetch: (request) => {
          fetches++;
          return fetch(request);
        },
      });
      const error = await caught(nox.POST('/supplier/link-sessions', { body: supplierBody }));
      expect(error).toBeInstanceOf(NoxRedirectError);
      expect(api.requests).toHaveLength(1);
      expect(fetches).toBe(1);
    });
  }
});
