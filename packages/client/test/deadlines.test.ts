// timeoutMs bounds a call from the request to the last byte of the body, and what is read of an error body
// is capped: a slow or huge answer ends the call with a NoxError, on time, without buffering it.
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createNoxClient,
  ERROR_BODY_LIMIT,
  NoxApiError,
  NoxConnectionError,
  NoxError,
  NoxTimeoutError,
  orThrow,
} from '../src/index.js';
import { caught, everyView, startServer, supplierBody, type TestServer } from './helpers.js';

const API_KEY = 'sk_live_SECRET_0123456789abcdef';
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Sends the headers at once, then one byte every 100 ms until the client goes away. */
function trickle(status: number) {
  return (_req: unknown, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.write('{');
    const timer = setInterval(() => res.write(' '), 100);
    res.on('close', () => clearInterval(timer));
  };
}

describe('timeoutMs covers the body', () => {
  for (const status of [201, 500]) {
    it(`a ${status} whose body trickles fails with NoxTimeoutError by the deadline`, async () => {
      server = await startServer(trickle(status));
      const nox = createNoxClient({ apiKey: API_KEY, baseUrls: { authenticator: `${server.url}/v2` }, timeoutMs: 300 });
      const started = performance.now();
      const error = await caught(nox.POST('/supplier/link-sessions', { body: supplierBody }));
      const elapsed = performance.now() - started;
      expect(error).toBeInstanceOf(NoxTimeoutError);
      expect((error as Error).message).toMatch(/timed out after 300 ms/);
      expect(everyView(error)).not.toContain(API_KEY);
      // Generous bound for a shared machine; before, the call never ended.
      expect(elapsed).toBeLessThan(3000);
      expect(elapsed).toBeGreaterThanOrEqual(290);
    }, 10_000);
  }

  it('ends on time even when a custom fetch returns a body that ignores the abort', async () => {
    const nox = createNoxClient({
      apiKey: API_KEY,
      timeoutMs: 200,
      fetch: async () =>
        new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{')) }), {
          status: 201,
        }),
    });
    const error = await caught(nox.POST('/supplier/link-sessions', { body: supplierBody }));
    expect(error).toBeInstanceOf(NoxTimeoutError);
  }, 10_000);

  it('a connection that breaks in the middle of the body is a NoxConnectionError', async () => {
    server = await startServer((req, res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"link_token":');
      setTimeout(() => req.socket.destroy(), 20);
    });
    const nox = createNoxClient({ apiKey: API_KEY, baseUrls: { authenticator: `${server.url}/v2` } });
    const error = await caught(nox.POST('/supplier/link-sessions', { body: supplierBody }));
    expect(error).toBeInstanceOf(NoxConnectionError);
    expect((error as NoxConnectionError).attempts).toBe(1);
  });
});

describe('error bodies are capped', () => {
  it(`reads at most ${64 * 1024} bytes of a 300 MB error body and cancels the rest`, async () => {
    const total = 300 * 1024 * 1024;
    let sent = 0;
    server = await startServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain', 'content-length': String(total) });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const pump = () => {
        while (sent < total) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    });
    let delivered = 0;
    const nox = createNoxClient({
      apiKey: API_KEY,
      baseUrls: { authenticator: `${server.url}/v2` },
      timeoutMs: 10_000,
      // Counts the bytes the client actually pulls from the body.
      fetch: async (request) => {
        const response = await fetch(request);
        const counted = response.body?.pipeThrough(
          new TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              delivered += chunk.byteLength;
              controller.enqueue(chunk);
            },
          }),
        );
        return new Response(counted, { status: response.status, headers: response.headers });
      },
    });
    const error = (await caught(orThrow(nox.POST('/supplier/link-sessions', { body: supplierBody })))) as NoxApiError;
    expect(error).toBeInstanceOf(NoxApiError);
    expect(error.status).toBe(500);
    expect(ERROR_BODY_LIMIT).toBe(64 * 1024);
    expect(typeof error.body).toBe('string');
    expect((error.body as string).startsWith('x'.repeat(1000))).toBe(true);
    expect((error.body as string).length).toBeLessThan(ERROR_BODY_LIMIT + 100);
    // One chunk of slack past the cap; what the server managed to send is kernel buffers, not a buffered body.
    expect(delivered).toBeLessThanOrEqual(ERROR_BODY_LIMIT + 256 * 1024);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  }, 60_000);

  it('a key split by the cap leaves no part of itself at the end', async () => {
    const filler = 'y'.repeat(ERROR_BODY_LIMIT - 10);
    server = await startServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`${filler}${API_KEY}${API_KEY}`);
    });
    const nox = createNoxClient({ apiKey: API_KEY, baseUrls: { authenticator: `${server.url}/v2` } });
    const { error } = await nox.POST('/supplier/link-sessions', { body: supplierBody });
    const body = String(error);
    expect(body.startsWith(filler.slice(0, -API_KEY.length))).toBe(true);
    expect(body.length).toBeLessThan(ERROR_BODY_LIMIT);
    // No prefix of the key, however short, is left at the end.
    expect(/y$/.test(body)).toBe(true);
    expect(body).not.toContain(API_KEY.slice(0, 4));
  });
});

describe('a 2xx body that is not JSON', () => {
  for (const withLength of [true, false]) {
    it(`is a NoxApiError without the key or the body (${withLength ? 'with' : 'without'} Content-Length)`, async () => {
      server = await startServer((req, res) => {
        const text = `<html>echo ${String(req.headers['x-api-key'])}</html>`;
        res.writeHead(201, {
          'content-type': 'text/html',
          ...(withLength ? { 'content-length': String(Buffer.byteLength(text)) } : {}),
        });
        res.end(text);
      });
      const nox = createNoxClient({ apiKey: API_KEY, baseUrls: { authenticator: `${server.url}/v2` } });
      const error = await caught(nox.POST('/supplier/link-sessions', { body: supplierBody }));
      expect(error).toBeInstanceOf(NoxApiError);
      expect(error).toBeInstanceOf(NoxError);
      expect((error as NoxApiError).status).toBe(201);
      expect((error as NoxApiError).body).toBeUndefined();
      expect((error as Error).message).toMatch(/answered 201 with a body that is not JSON/);
      expect(everyView(error)).not.toContain(API_KEY);
      expect(everyView(error)).not.toContain(API_KEY.slice(0, 8));
    });
  }
});
