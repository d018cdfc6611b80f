// One AbortSignal shared by many calls (an app-wide "shutting down" signal) must not collect listeners.
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { createNoxClient } from '../src/index.js';
import { json, startServer, supplierBody, type TestServer } from './helpers.js';

const API_KEY = 'sk_live_SECRET_0123456789abcdef';
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function collectWarnings(): { warnings: string[]; stop: () => void } {
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
  process.on('warning', onWarning);
  return { warnings, stop: () => process.off('warning', onWarning) };
}

describe('a shared AbortSignal', () => {
  it('keeps no listener after 25,000 calls, and Node never warns', async () => {
    const shared = new AbortController().signal;
    const nox = createNoxClient({
      apiKey: API_KEY,
      fetch: async () => Response.json({ link_token: 't' }, { status: 201 }),
    });
    const { warnings, stop } = collectWarnings();
    try {
      for (let i = 0; i < 25_000; i++) {
        await nox.POST('/supplier/link-sessions', { body: supplierBody, signal: shared });
      }
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      stop();
    }
    expect(getEventListeners(shared, 'abort')).toHaveLength(0);
    expect(warnings.filter((w) => w.includes('MaxListenersExceeded'))).toEqual([]);
  }, 60_000);

  it('keeps no listener over HTTP, retries included, and still aborts a call in flight', async () => {
    server = await startServer((_req, res, _body, index) =>
      index % 2 === 0 ? json(res, 503, { error: 'busy' }, { 'retry-after': '0' }) : json(res, 200, { ok: true }),
    );
    const controller = new AbortController();
    const shared = controller.signal;
    const during: number[] = [];
    const nox = createNoxClient({
      apiKey: API_KEY,
      maxRetries: 1,
      baseUrls: { authenticator: `${server.url}/v2` },
      fetch: (request) => {
        during.push(getEventListeners(shared, 'abort').length);
        return fetch(request);
      },
    });
    const get = nox.request as unknown as (
      method: string,
      path: string,
      init: object,
    ) => Promise<{ response: Response }>;
    for (let i = 0; i < 30; i++) {
      const { response } = await get('GET', '/supplier/link-sessions', { signal: shared });
      expect(response.status).toBe(200);
    }
    expect(server.requests).toHaveLength(60);
    expect(Math.max(...during)).toBe(1);
    expect(getEventListeners(shared, 'abort')).toHaveLength(0);

    // The signal still works for a call in flight.
    await server.close();
    server = await startServer(() => {
      /* never answers */
    });
    const slow = createNoxClient({ apiKey: API_KEY, baseUrls: { authenticator: `${server.url}/v2` } });
    const pending = slow.POST('/supplier/link-sessions', { body: supplierBody, signal: shared });
    setTimeout(() => controller.abort(new Error('shutting down')), 50);
    await expect(pending).rejects.toThrow('shutting down');
    expect(getEventListeners(shared, 'abort')).toHaveLength(0);
  }, 30_000);
});
