// The `pnpm dev` loop with a stand-in build: a save rebuilds, the preview page gets `reload`, a failed
// build sends its output instead, and the live-reload script exists only in what the dev server serves.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '@nox-energy/browser-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileFor } from '../../../packages/docs/scripts/lib/static-server.mjs';
import { allowSource, EVENTS_PATH, injectReloadScript, LIVE_RELOAD_HASH, startDevLoop } from '../lib/dev-server.mjs';

let dir: string;
let spec: string;
let site: string;
let loop: Awaited<ReturnType<typeof startDevLoop>>;
let builds = 0;

/** Collects server-sent events from the dev server. */
async function listen() {
  const controller = new AbortController();
  const response = await fetch(new URL(EVENTS_PATH, loop.url), { signal: controller.signal });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const next = async (name: string, timeoutMs = 20_000): Promise<Record<string, unknown>> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = new RegExp(`event: ${name}\\ndata: (.*)\\n\\n`).exec(buffer);
      if (match) {
        buffer = buffer.slice((match.index ?? 0) + match[0].length);
        return JSON.parse(match[1] as string);
      }
      if (Date.now() > deadline) {
        throw new Error(`no "${name}" event within ${timeoutMs} ms; got: ${buffer}`);
      }
      const { value, done } = await reader.read();
      if (done) {
        throw new Error('event stream closed');
      }
      buffer += decoder.decode(value, { stream: true });
    }
  };
  return { next, stop: () => controller.abort() };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nox-dev-'));
  spec = join(dir, 'spec');
  site = join(dir, 'site');
  mkdirSync(spec);
  mkdirSync(site);
  writeFileSync(join(spec, 'openapi.yaml'), 'openapi: 3.1.0\n');
  writeFileSync(join(site, 'index.html'), '<html><body><h1>build 0</h1></body></html>');
  loop = await startDevLoop({
    watch: [{ path: spec }],
    siteDir: site,
    port: 0,
    debounceMs: 50,
    log: () => {},
    build: async () => {
      if (existsSync(join(spec, 'broken'))) {
        return { ok: false, output: 'spec/openapi.yaml: 3:1 error no-empty-servers' };
      }
      builds++;
      writeFileSync(join(site, 'index.html'), `<html><body><h1>build ${builds}</h1></body></html>`);
      return { ok: true, output: '' };
    },
  });
});

afterAll(async () => {
  await loop.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('pnpm dev loop', () => {
  it('serves the built site with the live-reload script added, and never writes it to disk', async () => {
    const html = await (await fetch(loop.url)).text();
    expect(html).toContain('<h1>build 0</h1>');
    expect(html).toContain('data-dev-reload');
    expect(html.indexOf('data-dev-reload')).toBeLessThan(html.indexOf('</body>'));
    expect(readFileSync(join(site, 'index.html'), 'utf8')).not.toContain('data-dev-reload');
  });

  it('rebuilds on a save in the watched folder and tells the page to reload', async () => {
    const events = await listen();
    writeFileSync(join(spec, 'openapi.yaml'), 'openapi: 3.1.0\ninfo: { title: T, version: 1.0.0 }\n');
    await events.next('reload');
    events.stop();
    expect(builds).toBeGreaterThanOrEqual(1);
    expect(await (await fetch(loop.url)).text()).toContain(`<h1>build ${builds}</h1>`);
  });

  it("keeps watching a file saved by rename (an editor's safe write), so the next plain save rebuilds too", async () => {
    const file = join(spec, 'openapi.yaml');
    const renamed = await listen();
    writeFileSync(join(spec, '.openapi.yaml.swp'), `openapi: 3.1.0\n# renamed ${Date.now()}\n`);
    renameSync(join(spec, '.openapi.yaml.swp'), file);
    await renamed.next('reload');
    renamed.stop();
    await new Promise((r) => setTimeout(r, 300)); // let the rename's events settle into one build
    const afterRename = builds;

    const saved = await listen();
    writeFileSync(file, `openapi: 3.1.0\n# saved ${Date.now()}\n`);
    await saved.next('reload', 10_000);
    saved.stop();
    expect(builds).toBeGreaterThan(afterRename);

    // The same in a subfolder, and in a folder made after the start.
    mkdirSync(join(spec, 'paths', 'new'), { recursive: true });
    await new Promise((r) => setTimeout(r, 300));
    const nested = join(spec, 'paths', 'new', 'op.yaml');
    writeFileSync(nested, 'a: 1\n');
    const inSubfolder = await listen();
    writeFileSync(`${nested}.tmp`, 'a: 2\n');
    renameSync(`${nested}.tmp`, nested);
    await inSubfolder.next('reload', 10_000);
    await new Promise((r) => setTimeout(r, 300));
    const beforeNestedSave = builds;
    writeFileSync(nested, 'a: 3\n');
    await inSubfolder.next('reload', 10_000);
    inSubfolder.stop();
    expect(builds).toBeGreaterThan(beforeNestedSave);
  });

  it('sends the build output instead of a reload when the build fails', async () => {
    const events = await listen();
    writeFileSync(join(spec, 'broken'), '');
    const failed = await events.next('failed');
    events.stop();
    expect(failed.output).toContain('no-empty-servers');
    rmSync(join(spec, 'broken'));
  });

  it('reloads an open page in a real browser after a save, and shows a failed build on the page', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(loop.url);
      const before = await page.textContent('h1');
      // The page's EventSource must be connected before the save, or the reload event has no listener.
      for (const deadline = Date.now() + 10_000; loop.connections() === 0 && Date.now() < deadline; ) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(loop.connections()).toBeGreaterThan(0);
      const reloaded = page.waitForEvent('load', { timeout: 20_000 });
      writeFileSync(join(spec, 'openapi.yaml'), `openapi: 3.1.0\n# ${Date.now()}\n`);
      await reloaded;
      expect(await page.textContent('h1')).not.toBe(before);
      expect(await page.textContent('h1')).toBe(`build ${builds}`);

      writeFileSync(join(spec, 'broken'), '');
      await page.waitForSelector('#dev-build-failed', { timeout: 20_000 });
      expect(await page.textContent('#dev-build-failed')).toContain('no-empty-servers');
      rmSync(join(spec, 'broken'));
    } finally {
      await browser.close();
    }
  });

  it('serves nothing outside the site folder', async () => {
    expect((await fetch(new URL('/..%2f..%2fetc%2fpasswd', loop.url))).status).toBe(404);
    expect(fileFor(site, '/../spec/openapi.yaml')).toBeUndefined();
    expect(fileFor(site, '/')).toBe(join(site, 'index.html'));
  });

  it('adds a script that parses as JavaScript', () => {
    const code = /<script data-dev-reload>([\s\S]*)<\/script>/.exec(injectReloadScript(''))?.[1] ?? '';
    expect(code).toContain('new EventSource');
    expect(() => new Function(code)).not.toThrow();
  });

  it("widens a page's Content-Security-Policy meta tag just for the script and its event stream", () => {
    const page =
      "<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'sha256-abc='; style-src 'unsafe-inline'\"></head><body></body>";
    const served = injectReloadScript(page);
    const policy = /content="([^"]*)"/.exec(served)?.[1];
    expect(policy).toBe(
      `default-src 'none'; script-src 'sha256-abc=' ${LIVE_RELOAD_HASH}; style-src 'unsafe-inline'; connect-src 'self'`,
    );
    // The hash is the script's own.
    const code = /<script data-dev-reload>([\s\S]*)<\/script>/.exec(served)?.[1] ?? '';
    expect(LIVE_RELOAD_HASH).toBe(`'sha256-${createHash('sha256').update(code).digest('base64')}'`);
    // A directive the policy does not name falls back to default-src; no policy at all allows everything already.
    expect(allowSource("default-src 'self' data:", 'connect-src', "'self'")).toBe(
      "default-src 'self' data:; connect-src 'self' data:",
    );
    expect(allowSource("default-src 'none'", 'script-src', "'sha256-x'")).toBe(
      "default-src 'none'; script-src 'sha256-x'",
    );
    expect(allowSource('img-src data:', 'script-src', "'sha256-x'")).toBe('img-src data:');
  });

  it('adds the script before </body>, or at the end of a page without one', () => {
    expect(injectReloadScript('<p>x</p></body>')).toMatch(
      /<p>x<\/p><script data-dev-reload>[\s\S]*<\/script><\/body>$/,
    );
    expect(injectReloadScript('<p>x</p>')).toMatch(/^<p>x<\/p><script data-dev-reload>/);
  });
});
