import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { servers } from '../src/generated/spec.js';
import {
  createNoxClient,
  NoxApiError,
  NoxConfigError,
  NoxConnectionError,
  NoxTimeoutError,
  orThrow,
} from '../src/index.js';
import { backoffMs, parseRetryAfter } from '../src/transport.js';
import { caught, everyView, freePort, json, startServer, supplierBody, type TestServer } from './helpers.js';

const API_KEY = 'sk_live_SECRET_0123456789abcdef';
type Get = (method: 'GET', path: string, init?: object) => Promise<{ response: Response }>;
/** A GET through the client (the spec has no GET yet; the retry rules for idempotent methods still apply). */
function getVia(nox: ReturnType<typeof createNoxClient>): (init?: object) => Promise<{ response: Response }> {
  return (init) => (nox.request as unknown as Get)('GET', '/supplier/link-sessions', init);
}
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('requests', () => {
  it('sends the key in x-api-key and the body as JSON, to the spec host of the path', async () => {
    const seen: Request[] = [];
    const nox = createNoxClient({
      apiKey: API_KEY,
      fetch: async (request) => {
        seen.push(request.clone());
        return Response.json({ ok: true }, { status: 201 });
      },
    });
    await nox.POST('/supplier/link-sessions', { body: supplierBody });
    await nox.POST('/manufacturer/device-connections', { body: { user_id: 'm1' } });
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST https://auth.nox.energy/v2/supplier/link-sessions',
      'POST https://auth.nox.energy/v2/manufacturer/device-connections',
    ]);
    expect(seen[0]?.headers.get('x-api-key')).toBe(API_KEY);
    expect(seen[0]?.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(await (seen[0] as Request).text())).toEqual(supplierBody);
  });

  it('talks to a local server over http and returns typed data', async () => {
    server = await startServer((_req, res) => json(res, 201, { link_token: 'abc' }, { 'x-request-id': 'req-1' }));
    const nox = createNoxClient({ apiKey: API_KEY, baseUrls: { authenticator: `${server.url}/v2/` } });
    const { data, error, response } = await nox.POST('/supplier/link-sessions', { body: supplierBody });
    expect(error).toBeUndefined();
    expect(data?.link_token).toBe('abc');
    expect(response.status).toBe(201);
    expect(server.requests[0]?.url).toBe('/v2/supplier/link-sessions');
    expect(server.requests[0]?.headers['x-api-key']).toBe(API_KEY);
  });

  it('rejects a path the spec does not have', async () => {
    const nox = createNoxClient({ apiKey: API_KEY, fetch: async () => new Response(null, { status: 204 }) });
    const post = nox.POST as unknown as (path: string) => Promise<unknown>;
    await expect(post('/not/a/path')).rejects.toThrow(/is not a path of the NOX API/);
  });
});

/** The error createNoxClient throws for these options, or undefined. */
function configError(options: Parameters<typeof createNoxClient>[0]): unknown {
  try {
    createNoxClient(options);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('configuration', () => {
  it('requires an API key', () => {
    expect(() => createNoxClient({ apiKey: '' })).toThrow(NoxConfigError);
    expect(() => createNoxClient({ apiKey: '  ' })).toThrow(/apiKey is required/);
  });

  it('refuses to send the key over plain http to another host', () => {
    for (const url of ['http://auth.nox.energy/v2', 'http://10.0.0.5:4010/v2', 'http://localhost.evil.com/v2']) {
      const error = (() => {
        try {
          createNoxClient({ apiKey: API_KEY, baseUrls: { authenticator: url } });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(NoxConfigError);
      expect((error as Error).message).toMatch(/Refusing to send the API key over plain http/);
      expect(everyView(error)).not.toContain(API_KEY);
    }
    for (const url of ['http://localhost:4010/v2', 'http://127.0.0.1/v2', 'http://[::1]:4010/v2']) {
      expect(() => createNoxClient({ apiKey: API_KEY, baseUrls: { authenticator: url } })).not.toThrow();
    }
    expect(() => createNoxClient({ apiKey: API_KEY, baseUrls: { authenticator: 'ftp://x/v2' } })).toThrow(
      /Unsupported protocol/,
    );
  });

  it('refuses http at request time too, whatever base URL a call passes', async () => {
    const nox = createNoxClient({ apiKey: API_KEY, fetch: async () => new Response(null, { status: 204 }) });
    await expect(
      nox.POST('/supplier/link-sessions', { body: supplierBody, baseUrl: 'http://example.com/v2' }),
    ).rejects.toThrow(NoxConfigError);
  });

  it('refuses an environment the spec does not know, at construction, listing the known ones', () => {
    const known = [...new Set(Object.values(servers).flatMap((byEnvironment) => Object.keys(byEnvironment)))];
    expect(known.length).toBeGreaterThan(0);
    const error = configError({ apiKey: API_KEY, environment: 'staging' as 'production' });
    expect(error).toBeInstanceOf(NoxConfigError);
    expect((error as Error).message).toMatch(/^environment "staging" is not one of the spec's environments: /);
    for (const name of known) {
      expect((error as Error).message).toContain(name);
    }
    for (const name of known) {
      expect(configError({ apiKey: API_KEY, environment: name as 'production' })).toBeUndefined();
    }
  });

  it('refuses credentials, a query or a fragment in a base URL, without repeating the URL', () => {
    const password = 'hunter2-PASSWORD';
    const cases: [string, RegExp][] = [
      [`http://user:${password}@127.0.0.1:4010/v2`, /must not hold a user name or password/],
      [`https://user:${password}@auth.example.com/v2`, /must not hold a user name or password/],
      [`https://${password}@auth.example.com/v2`, /must not hold a user name or password/],
      [`https://auth.example.com/v2?key=${password}`, /must not have a query or a fragment/],
      [`https://auth.example.com/v2#${password}`, /must not have a query or a fragment/],
      ['https://auth.example.com/v2?', /must not have a query or a fragment/],
      [`not a url ${password}`, /is not an absolute URL/],
    ];
    for (const [url, message] of cases) {
      const error = configError({ apiKey: API_KEY, baseUrls: { authenticator: url } });
      expect(error, url).toBeInstanceOf(NoxConfigError);
      expect((error as Error).message).toMatch(/^baseUrls\.authenticator /);
      expect((error as Error).message).toMatch(message);
      expect(everyView(error)).not.toContain(password);
    }
  });

  it('refuses credentials in a per-call baseUrl too, without repeating it', async () => {
    const password = 'hunter2-PASSWORD';
    const nox = createNoxClient({ apiKey: API_KEY, fetch: async () => new Response(null, { status: 204 }) });
    const error = await caught(
      nox.POST('/supplier/link-sessions', { body: supplierBody, baseUrl: `https://u:${password}@auth.example.com/v2` }),
    );
    expect(error).toBeInstanceOf(NoxConfigError);
    expect(everyView(error)).not.toContain(password);
  });

  it('"local" is localhost, 127.0.0.0/8 and [::1], and the message says so', () => {
    for (const url of [
      'http://127.0.0.2:4010/v2',
      'http://127.255.255.254/v2',
      'http://127.1/v2',
      'http://LOCALHOST/v2',
    ]) {
      expect(configError({ apiKey: API_KEY, baseUrls: { authenticator: url } }), url).toBeUndefined();
    }
    for (const url of ['http://128.0.0.1/v2', 'http://127.0.0.1.evil.com/v2', 'http://[::2]/v2', 'http://0.0.0.0/v2']) {
      const error = configError({ apiKey: API_KEY, baseUrls: { authenticator: url } });
      expect(error, url).toBeInstanceOf(NoxConfigError);
      expect((error as Error).message).toMatch(/http is allowed only for localhost, 127\.0\.0\.0\/8 and \[::1\]\)/);
    }
  });

  it('validates timeoutMs and maxRetries', () => {
    expect(() => createNoxClient({ apiKey: API_KEY, timeoutMs: 0 })).toThrow(/timeoutMs must be an integer >= 1/);
    expect(() => createNoxClient({ apiKey: API_KEY, maxRetries: -1 })).toThrow(/maxRetries must be an integer >= 0/);
    expect(() => createNoxClient({ apiKey: API_KEY, baseUrls: { nope: 'https://x' } as never })).toThrow(/unknown API/);
  });
});

describe('errors', () => {
  it('orThrow returns the data of a success', async () => {
    server = await startServer((_req, res) => json(res, 201, { link_token: 't' }));
    const nox = createNoxClient({ apiKey: API_KEY, baseUrls: { authenticator: `${server.url}/v2` } });
    const session = await orThrow(nox.POST('/supplier/link-sessions', { body: supplierBody }));
    expect(session.link_token).toBe('t');
  });

  it('orThrow throws NoxApiError with the status, the parsed body and the request id', async () => {
    server = await startServer((_req, res) =>
      json(res, 400, { error: 'redirect_url: not allowed' }, { 'x-request-id': 'req-42' }),
    );
    const nox = createNoxClient({ apiKey: API_KEY, baseUrls: { authenticator: `${server.url}/v2` } });
    const error = await caught(orThrow(nox.POST('/supplier/link-sessions', { body: supplierBody })));
    expect(error).toBeInstanceOf(NoxApiError);
    const apiError = error as NoxApiError<{ error: string }>;
    expect(apiError.status).toBe(400);
    expect(apiError.body).toEqual({ error: 'redirect_url: not allowed' });
    expect(apiError.requestId).toBe('req-42');
    expect(apiError.message).toMatch(
      /NOX answered 400 from http:\/\/127\.0\.0\.1:\d+\/v2\/supplier\/link-sessions: redirect_url: not allowed/,
    );
  });

  it('keeps the raw text of a non-JSON error body and the Retry-After seconds', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '7' });
      res.end('slow down');
    });
    const nox = createNoxClient({ apiKey: API_KEY, baseUrls: { authenticator: `${server.url}/v2` } });
    const error = (await caught(orThrow(nox.POST('/supplier/link-sessions', { body: supplierBody })))) as NoxApiError;
    expect(error.status).toBe(429);
    expect(error.body).toBe('slow down');
    expect(error.retryAfterSeconds).toBe(7);
    expect(error.requestId).toBeUndefined();
  });
});

describe('timeouts and retries', () => {
  it('times out a request that gets no answer, and does not retry a POST', async () => {
    server = await startServer(() => {
      /* never answers */
    });
    const nox = createNoxClient({ apiKey: API_KEY, baseUrls: { authenticator: `${server.url}/v2` }, timeoutMs: 150 });
    const error = await caught(nox.POST('/supplier/link-sessions', { body: supplierBody }));
    expect(error).toBeInstanceOf(NoxTimeoutError);
    expect((error as NoxTimeoutError).attempts).toBe(1);
    expect((error as Error).message).toMatch(/timed out after 150 ms/);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a GET that times out', async () => {
    let calls = 0;
    const nox = createNoxClient({
      apiKey: API_KEY,
      timeoutMs: 50,
      maxRetries: 1,
      fetch: (request) => {
        calls++;
        return new Promise((_resolve, reject) =>
          request.signal.addEventListener('abort', () => reject(request.signal.reason)),
        );
      },
    });
    const error = await caught(getVia(nox)());
    expect(error).toBeInstanceOf(NoxTimeoutError);
    expect(calls).toBe(2);
    expect((error as NoxTimeoutError).attempts).toBe(2);
  });

  it('never retries a POST that reached the server, whatever the answer', async () => {
    for (const status of [429, 503]) {
      server = await startServer((_req, res) => json(res, status, { error: 'busy' }, { 'retry-after': '0' }));
      const nox = createNoxClient({ apiKey: API_KEY, baseUrls: { authenticator: `${server.url}/v2` } });
      const { error, response } = await nox.POST('/supplier/link-sessions', { body: supplierBody });
      expect(response.status).toBe(status);
      expect(error).toEqual({ error: 'busy' });
      expect(server.requests).toHaveLength(1);
      await server.close();
      server = undefined;
    }
  });

  it('does not retry a POST whose connection broke after sending: a second session could be created', async () => {
    server = await startServer((req) => req.socket.destroy());
    const nox = createNoxClient({ apiKey: API_KEY, baseUrls: { authenticator: `${server.url}/v2` } });
    const error = await caught(nox.POST('/supplier/link-sessions', { body: supplierBody }));
    expect(error).toBeInstanceOf(NoxConnectionError);
    expect((error as NoxConnectionError).attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a POST whose connection was refused, and the server sees it once', async () => {
    const port = await freePort();
    let attempts = 0;
    const nox = createNoxClient({
      apiKey: API_KEY,
      baseUrls: { authenticator: `http://127.0.0.1:${port}/v2` },
      fetch: async (request) => {
        attempts++;
        if (attempts === 1) {
          // The first attempt is refused; the server comes up before the retry.
          const refused = fetch(request);
          await refused.catch(async () => {
            server = await startServer((_req, res) => json(res, 201, { link_token: 'late' }), port);
          });
          return refused;
        }
        return fetch(request);
      },
    });
    const { data } = await nox.POST('/supplier/link-sessions', { body: supplierBody });
    expect(data?.link_token).toBe('late');
    expect(attempts).toBe(2);
    expect(server?.requests).toHaveLength(1);
  });

  it('gives up on a refused connection after maxRetries, with the code', async () => {
    const port = await freePort();
    let attempts = 0;
    const nox = createNoxClient({
      apiKey: API_KEY,
      maxRetries: 1,
      baseUrls: { authenticator: `http://127.0.0.1:${port}/v2` },
      fetch: (request) => {
        attempts++;
        return fetch(request);
      },
    });
    const error = await caught(nox.POST('/supplier/link-sessions', { body: supplierBody }));
    expect(error).toBeInstanceOf(NoxConnectionError);
    expect((error as NoxConnectionError).code).toBe('ECONNREFUSED');
    expect((error as NoxConnectionError).attempts).toBe(2);
    expect(attempts).toBe(2);
  });

  it('keeps the cause of a refused connection: its code and message', async () => {
    const port = await freePort();
    const nox = createNoxClient({
      apiKey: API_KEY,
      maxRetries: 0,
      baseUrls: { authenticator: `http://127.0.0.1:${port}/v2` },
    });
    const error = (await caught(nox.POST('/supplier/link-sessions', { body: supplierBody }))) as NoxConnectionError;
    expect(error).toBeInstanceOf(NoxConnectionError);
    expect(error.code).toBe('ECONNREFUSED');
    expect(error.message).toContain(`connect ECONNREFUSED 127.0.0.1:${port}`);
    const inner = (error.cause as Error & { cause?: Error & { code?: string } }).cause;
    expect(inner?.code).toBe('ECONNREFUSED');
  });

  it('says "bad port" when fetch refuses the port, not a bare "fetch failed"', async () => {
    // 6000 (X11) is on the fetch standard's list of blocked ports.
    const nox = createNoxClient({ apiKey: API_KEY, baseUrls: { authenticator: 'http://127.0.0.1:6000/v2' } });
    const error = (await caught(nox.POST('/supplier/link-sessions', { body: supplierBody }))) as NoxConnectionError;
    expect(error).toBeInstanceOf(NoxConnectionError);
    expect(error.message).toMatch(/fetch failed: bad port/);
    expect(((error.cause as Error).cause as Error).message).toBe('bad port');
  });

  it('retries an idempotent request on 429 and 503, honouring Retry-After', async () => {
    server = await startServer((_req, res, _body, index) => {
      if (index === 0) {
        json(res, 429, { error: 'slow' }, { 'retry-after': '0' });
      } else if (index === 1) {
        json(res, 503, { error: 'down' }, { 'retry-after': '0' });
      } else {
        json(res, 200, { ok: true });
      }
    });
    const nox = createNoxClient({ apiKey: API_KEY, maxRetries: 2, baseUrls: { authenticator: server.url } });
    const { response } = await getVia(nox)();
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(3);
  });

  it('stops retrying when Retry-After is longer than 60 s, and after maxRetries', async () => {
    server = await startServer((_req, res) => json(res, 503, { error: 'down' }, { 'retry-after': '120' }));
    const nox = createNoxClient({ apiKey: API_KEY, maxRetries: 2, baseUrls: { authenticator: server.url } });
    expect((await getVia(nox)()).response.status).toBe(503);
    expect(server.requests).toHaveLength(1);
    await server.close();

    server = await startServer((_req, res) => json(res, 503, { error: 'down' }, { 'retry-after': '0' }));
    const once = createNoxClient({ apiKey: API_KEY, maxRetries: 1, baseUrls: { authenticator: server.url } });
    expect((await getVia(once)()).response.status).toBe(503);
    expect(server.requests).toHaveLength(2);
  });

  it('backs off exponentially from 0.5 s to at most 8 s, with up to 25% jitter', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => backoffMs(n, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
    expect([0, 1, 4].map((n) => backoffMs(n, () => 1))).toEqual([375, 750, 6000]);
    const samples = Array.from({ length: 200 }, () => backoffMs(1));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(750);
    expect(Math.max(...samples)).toBeLessThanOrEqual(1000);
    expect(new Set(samples).size).toBeGreaterThan(1);
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('5', now)).toBe(5);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('stops at once when the caller aborts', async () => {
    server = await startServer(() => {
      /* never answers */
    });
    const nox = createNoxClient({ apiKey: API_KEY, baseUrls: { authenticator: `${server.url}/v2` } });
    const controller = new AbortController();
    const pending = nox.POST('/supplier/link-sessions', { body: supplierBody, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user gave up')), 50);
    await expect(pending).rejects.toThrow('user gave up');
  });
});

describe('the API key never leaks', () => {
  it('is scrubbed from error bodies that echo it', async () => {
    server = await startServer((req, res) =>
      json(res, 401, { error: `unknown key ${String(req.headers['x-api-key'])}` }),
    );
    const nox = createNoxClient({ apiKey: API_KEY, baseUrls: { authenticator: `${server.url}/v2` } });
    const result = await nox.POST('/supplier/link-sessions', { body: supplierBody });
    expect(JSON.stringify(result.error)).not.toContain(API_KEY);
    expect(result.error).toEqual({ error: 'unknown key [redacted]' });
    const error = await caught(orThrow(nox.POST('/supplier/link-sessions', { body: supplierBody })));
    expect(everyView(error)).not.toContain(API_KEY);
  });

  it('is scrubbed from connection errors, their cause and stack', async () => {
    const nox = createNoxClient({
      apiKey: API_KEY,
      maxRetries: 0,
      fetch: async (request) => {
        const error = new TypeError(`fetch failed for ${request.headers.get('x-api-key')}`);
        Object.assign(error, { code: 'ECONNRESET', headers: Object.fromEntries(request.headers) });
        throw error;
      },
    });
    const error = await caught(nox.POST('/supplier/link-sessions', { body: supplierBody }));
    expect(error).toBeInstanceOf(NoxConnectionError);
    expect((error as NoxConnectionError).code).toBe('ECONNRESET');
    expect(everyView(error)).not.toContain(API_KEY);
    expect((error as Error).message).toContain('[redacted]');
  });

  it('is not in timeouts, config errors or the client object', async () => {
    server = await startServer(() => {
      /* never answers */
    });
    const nox = createNoxClient({ apiKey: API_KEY, baseUrls: { authenticator: `${server.url}/v2` }, timeoutMs: 50 });
    expect(everyView(await caught(nox.POST('/supplier/link-sessions', { body: supplierBody })))).not.toContain(API_KEY);
    expect(inspect(nox, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain(API_KEY);
    expect(JSON.stringify(nox)).not.toContain(API_KEY);
  });

  it('the check itself can fail: an unscrubbed error would be caught', () => {
    const leaky = new Error(`boom ${API_KEY}`);
    expect(everyView(leaky)).toContain(API_KEY);
  });
});
