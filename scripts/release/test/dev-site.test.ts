// The `pnpm dev` loop on the real docs site: a copy of spec/ built by the docs package's own build into a
// throw-away folder, served by the dev server, opened in Chromium. The page's own Content-Security-Policy
// applies, so this shows that the reload script runs there, a save reloads the page and a broken spec shows
// the failed build, with no policy violation.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '@nox-energy/browser-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevLoop } from '../lib/dev-server.mjs';
import { repoRoot } from '../lib/workspace.mjs';

const buildScript = join(repoRoot, 'packages/docs/scripts/build.mjs');
let root: string;
let loop: Awaited<ReturnType<typeof startDevLoop>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;
const specFile = () => join(root, 'spec/openapi.yaml');

/** The docs package's real build (lint, bundle, site) of the copy in `root`. */
const buildDocs = () =>
  new Promise<{ ok: boolean; output: string }>((done) => {
    execFile(
      process.execPath,
      [buildScript, '--root', root, '--out', join(root, 'dist')],
      { cwd: root, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
      (error, stdout, stderr) => done({ ok: !error, output: stdout + stderr }),
    );
  });

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nox-dev-site-'));
  cpSync(join(repoRoot, 'spec'), join(root, 'spec'), { recursive: true });
  cpSync(join(repoRoot, 'redocly.yaml'), join(root, 'redocly.yaml'));
  loop = await startDevLoop({
    watch: [{ path: join(root, 'spec') }],
    siteDir: join(root, 'dist/site'),
    build: buildDocs,
    port: 0,
    debounceMs: 100,
    log: () => {},
  });
  await loop.rebuild();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await loop?.close();
  rmSync(root, { recursive: true, force: true });
});

/** Waits until the open page's event stream is connected (a save before that has no one to reload). */
async function connected(count: number) {
  for (const deadline = Date.now() + 15_000; loop.connections() < count && Date.now() < deadline; ) {
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(loop.connections()).toBeGreaterThanOrEqual(count);
}

describe('pnpm dev on the real docs site', () => {
  it('serves the page with its policy, reloads it after a save and shows a failed build, with no violation', async () => {
    const html = readFileSync(join(root, 'dist/site/index.html'), 'utf8');
    expect(html).toContain('http-equiv="Content-Security-Policy"');
    expect(html).not.toContain('data-dev-reload');

    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) {
        violations.push(message.text());
      }
    });
    let loads = 0;
    page.on('load', () => {
      loads++;
    });
    await page.goto(loop.url);
    await page.waitForSelector('#redoc h1', { timeout: 30_000 });
    expect(loads).toBe(1);
    await connected(1);

    // A save: the page reloads by itself and shows the new build.
    const marker = `Edited in dev ${Date.now()}`;
    const original = readFileSync(specFile(), 'utf8');
    const edited = original.replace(/^info:\n/m, `info:\n  x-dev-marker: ${marker}\n`);
    expect(edited).not.toBe(original);
    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    writeFileSync(specFile(), edited);
    await reloaded;
    expect(loads).toBe(2);
    expect(await page.content()).toContain(marker);
    await page.waitForSelector('#redoc h1', { timeout: 30_000 });
    await connected(1);

    // A broken spec: no reload, the failed build's lint output over the last good build.
    writeFileSync(specFile(), edited.replace(/^ {2}title:/m, '  titl:'));
    await page.waitForSelector('#dev-build-failed', { timeout: 60_000 });
    const overlay = (await page.textContent('#dev-build-failed')) ?? '';
    expect(overlay).toContain('Build failed');
    expect(overlay).toContain('The field `title` must be present');
    expect(overlay).not.toContain('Node.js 20 support is ending');
    expect(loads).toBe(2);

    expect(violations).toEqual([]);
    writeFileSync(specFile(), original);
  }, 180_000);
});
