// The client in a real browser: its ESM build, bundled with openapi-fetch for the browser, runs in Debian's
// Chromium (no Node globals there) — a typed call through a page-provided fetch, a NoxApiError, and decoding
// of a callback URL; and the webhooks entry's build runs the same verification vectors as Node.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '@nox-energy/browser-testing';
import { build } from 'esbuild';
import { expect, it } from 'vitest';
import { json, startServer } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));

async function bundleCode(): Promise<string> {
  const bundle = await build({
    entryPoints: [join(here, '../dist/index.js')],
    bundle: true,
    format: 'iife',
    globalName: 'NoxClient',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return bundle.outputFiles[0]?.text ?? '';
}

it('works in a browser: request, typed error and callback decoding', async () => {
  const code = await bundleCode();
  expect(code).not.toMatch(/require\(["']node:/);

  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.setContent('<!doctype html><title>client</title>');
    await page.addScriptTag({ content: code });
    const result = await page.evaluate(async () => {
      const { createNoxClient, orThrow, decodeLinkCallback, encodeLinkCallback, NoxApiError } = (
        globalThis as unknown as { NoxClient: typeof import('../src/index.js') }
      ).NoxClient;
      const seen: string[] = [];
      const nox = createNoxClient({
        apiKey: 'browser-key',
        fetch: async (request) => {
          seen.push(`${request.method} ${request.url} ${request.headers.get('x-api-key')} ${await request.text()}`);
          return request.url.endsWith('/device-connections')
            ? Response.json({ error: 'user_id: is required' }, { status: 400, headers: { 'x-request-id': 'r-1' } })
            : Response.json({ link_token: 'abc' }, { status: 201 });
        },
      });
      const session = await orThrow(
        nox.POST('/supplier/link-sessions', {
          body: { user_id: 'u1', asset_type: 'pv', redirect_url: 'https://your-app.com/callback', brand: 'sma' },
        }),
      );
      let apiError: { status: number; requestId: string | undefined; isNoxApiError: boolean } | undefined;
      try {
        await orThrow(nox.POST('/manufacturer/device-connections', { body: { user_id: '' } }));
      } catch (error) {
        const e = error as InstanceType<typeof NoxApiError>;
        apiError = { status: e.status, requestId: e.requestId, isNoxApiError: error instanceof NoxApiError };
      }
      const data = encodeLinkCallback({
        nox_user_id: 'n1',
        supplier_user_id: 'u1',
        brand: 'sma',
        device_ids: ['d1'],
        connected_at: 1703123756,
      });
      const payload = decodeLinkCallback(`https://your-app.com/callback?data=${data}`);
      return { seen, token: session.link_token, apiError, payload };
    });
    expect(errors).toEqual([]);
    expect(result.seen[0]).toBe(
      'POST https://auth.nox.energy/v2/supplier/link-sessions browser-key {"user_id":"u1","asset_type":"pv","redirect_url":"https://your-app.com/callback","brand":"sma"}',
    );
    expect(result.token).toBe('abc');
    expect(result.apiError).toEqual({ status: 400, requestId: 'r-1', isNoxApiError: true });
    expect(result.payload).toEqual({
      nox_user_id: 'n1',
      supplier_user_id: 'u1',
      brand: 'sma',
      device_ids: ['d1'],
      connected_at: 1703123756,
    });
  } finally {
    await browser.close();
  }
}, 120_000);

it('does not follow a redirect in a browser: the opaque redirect is a NoxRedirectError, the key stays home', async () => {
  const code = await bundleCode();
  // Another origin that would gladly take the key: it allows any cross-origin request.
  const other = await startServer((req, res) => {
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': '*',
      'access-control-allow-methods': '*',
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      res.end();
    } else {
      json(res, 201, { link_token: 'from-the-other-origin' }, cors);
    }
  });
  const api = await startServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>client</title>');
    } else {
      res.writeHead(307, { location: `${other.url}/v2/supplier/link-sessions` });
      res.end();
    }
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${api.url}/`);
    await page.addScriptTag({ content: code });
    const result = await page.evaluate(async (baseUrl) => {
      const { createNoxClient, NoxRedirectError } = (
        globalThis as unknown as { NoxClient: typeof import('../src/index.js') }
      ).NoxClient;
      const nox = createNoxClient({ apiKey: 'browser-key-0123456789', baseUrls: { authenticator: baseUrl } });
      try {
        const { data } = await nox.POST('/supplier/link-sessions', {
          body: { user_id: 'u1', asset_type: 'hp', redirect_url: 'https://your-app.com/callback' },
        });
        return { data };
      } catch (error) {
        const e = error as InstanceType<typeof NoxRedirectError>;
        return { name: e.name, status: e.status, isRedirectError: error instanceof NoxRedirectError };
      }
    }, `${api.url}/v2`);
    expect(result).toEqual({ name: 'NoxRedirectError', status: 0, isRedirectError: true });
    expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(other.requests.filter((r) => r.headers['x-api-key'] !== undefined)).toEqual([]);
    expect(other.requests).toEqual([]);
  } finally {
    await browser.close();
    await api.close();
    await other.close();
  }
}, 120_000);

it('verifies webhooks in a browser: the same vectors as in Node, on the built webhooks entry', async () => {
  // The vectors bundled with the ESM build of the webhooks entry (Web Crypto only, no Node module).
  const bundle = await build({
    stdin: {
      contents: `import * as lib from './dist/webhooks.js';
        import { runWebhookVectors } from './test/webhook-vectors.ts';
        globalThis.runWebhookVectors = () => runWebhookVectors(lib);`,
      resolveDir: join(here, '..'),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const code = bundle.outputFiles[0]?.text ?? '';
  expect(code).not.toMatch(/require\(["']node:|node:crypto/);
  const { runWebhookVectors } = await import('./webhook-vectors.js');
  const inNode = await runWebhookVectors(await import('../dist/webhooks.js'));

  // Served from 127.0.0.1: a secure context, where browsers offer crypto.subtle (about:blank is not one).
  const origin = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>webhooks</title>');
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${origin.url}/`);
    await page.addScriptTag({ content: code });
    const inBrowser = await page.evaluate(() =>
      (globalThis as unknown as { runWebhookVectors: () => Promise<unknown> }).runWebhookVectors(),
    );
    expect(errors).toEqual([]);
    expect(inBrowser).toEqual(inNode);
    expect(inNode.filter((r) => r.outcome !== r.expected || r.leaksKey)).toEqual([]);
  } finally {
    await browser.close();
    await origin.close();
  }
}, 120_000);
