// `pnpm docs:preview`: the static server and the command that starts it.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { isRunning, portIsFree } from '@nox-energy/browser-testing/processes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileFor, serveFile, startStaticServer } from '../scripts/lib/static-server.mjs';
import { packageDir, siteDir } from './helpers/spec.js';

describe('fileFor', () => {
  it('maps request paths to files under the root and refuses anything outside it', () => {
    expect(fileFor('/srv/site', '/')).toBe('/srv/site/index.html');
    expect(fileFor('/srv/site', '/openapi.yaml')).toBe('/srv/site/openapi.yaml');
    expect(fileFor('/srv/site', '/a%20b.json')).toBe('/srv/site/a b.json');
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2f..%2fetc/passwd', '/%E0%A4%A', '/a%00b']) {
      expect(fileFor('/srv/site', path), path).toBeUndefined();
    }
  });
});

describe('startStaticServer', () => {
  let server: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    server = await startStaticServer({ root: siteDir, port: 0 });
  });
  afterAll(() => server.close());

  it('listens on 127.0.0.1 and serves the site with content types', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const cases = [
      ['', 'index.html', 'text/html; charset=utf-8'],
      ['openapi.yaml', 'openapi.yaml', 'application/yaml; charset=utf-8'],
      ['openapi.json', 'openapi.json', 'application/json; charset=utf-8'],
      ['redoc.standalone.js.LICENSE.txt', 'redoc.standalone.js.LICENSE.txt', 'text/plain; charset=utf-8'],
    ] as const;
    for (const [path, file, type] of cases) {
      const response = await fetch(server.url + path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(await response.text()).toBe(readFileSync(join(siteDir, file), 'utf8'));
    }
  });

  it('answers 404 for a missing file and 405 for a method other than GET or HEAD', async () => {
    expect((await fetch(`${server.url}missing.html`)).status).toBe(404);
    const post = await fetch(server.url, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('serveFile', () => {
  const marker = '<!-- rewritten -->';
  const server = createServer((request, response) =>
    serveFile(request, response, {
      root: siteDir,
      cacheControl: 'no-store',
      rewriteHtml: (html) => html.replace('</body>', `${marker}</body>`),
    }),
  );
  let url: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('rewrites HTML pages only, on the way out, with the length and cache policy it is given', async () => {
    const page = await fetch(url);
    const html = await page.text();
    expect(html).toContain(`${marker}</body>`);
    expect(html).toBe(readFileSync(join(siteDir, 'index.html'), 'utf8').replace('</body>', `${marker}</body>`));
    expect(readFileSync(join(siteDir, 'index.html'), 'utf8')).not.toContain(marker);
    expect(page.headers.get('content-length')).toBe(String(Buffer.byteLength(html)));
    expect(page.headers.get('cache-control')).toBe('no-store');
    const json = await fetch(`${url}openapi.json`);
    expect(await json.text()).toBe(readFileSync(join(siteDir, 'openapi.json'), 'utf8'));
  });

  it('answers HEAD with the rewritten length and no body, and 404 outside the root', async () => {
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(await (await fetch(url)).text())));
    expect((await fetch(new URL('/..%2fpackage.json', url))).status).toBe(404);
  });
});

describe('scripts/preview.mjs', () => {
  it('stops, freeing its port, when the process that started it is killed (as killing `pnpm docs:preview`)', async () => {
    // A wrapper like pnpm: it starts the preview with its own stdio and does not pass signals on.
    const preview = join(packageDir, 'scripts/preview.mjs');
    const wrapper = spawn(
      process.execPath,
      [
        '-e',
        `const c = require('node:child_process').spawn(process.execPath, [${JSON.stringify(preview)}, '--port', '0'], { stdio: 'inherit' }); console.log('server pid ' + c.pid)`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let printed = '';
    wrapper.stdout.on('data', (chunk) => {
      printed += chunk;
    });
    try {
      for (let i = 0; i < 600 && !/Ctrl\+C/.test(printed); i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const port = Number(/http:\/\/127\.0\.0\.1:(\d+)\//.exec(printed)?.[1]);
      expect(port).toBeGreaterThan(0);
      expect(await portIsFree(port)).toBe(false);
      const pid = Number(/server pid (\d+)/.exec(printed)?.[1]);
      expect(pid).toBeGreaterThan(0);
      wrapper.kill('SIGKILL');
      const killed = Date.now();
      // The server's exit is what frees its port; the port alone could be taken again by another test's server.
      while (isRunning(pid) && Date.now() - killed < 10_000) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const ms = Date.now() - killed;
      expect(isRunning(pid), `server ${pid} still running ${ms} ms after the wrapper was killed`).toBe(false);
      expect(ms).toBeLessThan(5_000);
    } finally {
      wrapper.kill('SIGKILL');
    }
  });

  /** Runs the preview command until it prints its URL (then stops it) or exits. */
  function runPreview(args: string[], env: Record<string, string> = {}) {
    return new Promise<{ output: string; code: number | null }>((resolve) => {
      const child = spawn(process.execPath, [join(packageDir, 'scripts/preview.mjs'), ...args], {
        env: { ...process.env, PORT: '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const collect = (chunk: Buffer) => {
        output += chunk.toString();
        if (/docs: http:\/\/\S+\/ /.test(output)) {
          child.kill('SIGTERM');
        }
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      child.on('exit', (code) => resolve({ output, code }));
    });
  }

  it('prints the URL it serves the site on, with the port from --port or PORT', async () => {
    const fromFlag = await runPreview(['--port', '0']);
    const url = fromFlag.output.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
    expect(fromFlag.output).toMatch(/^NOX Energy API docs: http:\/\/127\.0\.0\.1:\d+\//);
    expect(Number(url?.[1])).toBeGreaterThan(0);
    const fromEnv = await runPreview([], { PORT: '0' });
    expect(fromEnv.output).toMatch(/^NOX Energy API docs: http:\/\/127\.0\.0\.1:\d+\//);
  });

  it('refuses a port that is not a number', async () => {
    const { output, code } = await runPreview(['--port', 'eighty']);
    expect(code).toBe(2);
    expect(output).toBe('preview: --port must be a number from 0 to 65535, got "eighty"\n');
  });
});
