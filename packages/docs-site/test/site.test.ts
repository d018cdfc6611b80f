// The versioned site end to end: a temporary clone of this repository with two release tags that differ (an
// operation added, a request enum value removed), assembled by the real command, served the way GitHub Pages
// serves a project site (under /<repo>/, 404.html for anything missing) and opened in Chromium.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '@nox-energy/browser-testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLinks } from '../scripts/lib/link-check.mjs';
import { startPagesServer } from './helpers/pages-server.js';
import { makeTwoReleases, repoRoot, type TwoReleases } from './helpers/two-releases.js';
import { type Visit, visibleText, visit } from './helpers/visit.js';

const cli = join(repoRoot, 'packages/docs-site/scripts/build-site.mjs');
const basePath = '/nox-energy-toolkit/';
let two: TwoReleases;
let out: string;
let output: string;
let browser: Browser;
let server: { url: string; close: () => Promise<void> };

// biome-ignore lint/suspicious/noExplicitAny: spec JSON
const spec = (dir: string): any => JSON.parse(readFileSync(join(out, dir, 'openapi.json'), 'utf8'));
const operationIds = (dir: string) =>
  Object.values(spec(dir).paths).flatMap((item) =>
    Object.values(item as Record<string, { operationId?: string }>).map((op) => op.operationId),
  );

beforeAll(async () => {
  two = makeTwoReleases();
  out = mkdtempSync(join(tmpdir(), 'nox-docs-site-out-'));
  // Offline: the store already holds every package of both tags (they share this lockfile).
  const run = spawnSync(process.execPath, [cli, '--root', two.repo, '--out', out, '--install', 'offline'], {
    encoding: 'utf8',
    timeout: 540_000,
  });
  output = `${run.stdout}${run.stderr}`;
  if (run.status !== 0) {
    throw new Error(`docs:site failed (${run.status}):\n${output}`);
  }
  browser = await launchChromium();
  server = await startPagesServer(out, basePath);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  for (const dir of [two?.repo, out]) {
    if (dir) {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

describe('the assembled folder', () => {
  it('has each release, next, latest, the list, the changelog and a 404 page', () => {
    for (const file of [
      'index.html',
      'changelog/index.html',
      '404.html',
      'versions.json',
      ...['1.0.0', '2.0.0', 'next', 'latest'].flatMap((d) => [`${d}/index.html`, `${d}/openapi.json`]),
    ]) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    expect(output).toContain('2 released version(s)');
  });

  it('builds each version from its own tag: only 2.0.0 has the added operation and lacks the enum value', () => {
    expect(operationIds('1.0.0')).not.toContain(two.addedOperationId);
    expect(operationIds('2.0.0')).toContain(two.addedOperationId);
    expect(spec('1.0.0').components.schemas.Language.enum).toContain(two.removedValue);
    expect(spec('2.0.0').components.schemas.Language.enum).not.toContain(two.removedValue);
  });

  it('latest/ is the newer release', () => {
    expect(JSON.parse(readFileSync(join(out, 'versions.json'), 'utf8'))).toMatchObject({
      site: 'nox-docs',
      latest: '2.0.0',
      releases: [
        { version: '2.0.0', date: '2026-02-20', path: '2.0.0/', changelog: 'changelog/#v2.0.0' },
        { version: '1.0.0', date: '2026-01-15', path: '1.0.0/' },
      ],
    });
    expect(readFileSync(join(out, 'latest/openapi.json'), 'utf8')).toBe(
      readFileSync(join(out, '2.0.0/openapi.json'), 'utf8'),
    );
  });

  it('a link checker over the whole folder finds no broken link, and none to another origin', () => {
    const report = checkLinks(out);
    expect(report.broken).toEqual([]);
    expect(report.external).toEqual([]);
    expect(report.pages).toBe(7);
    expect(report.links).toBeGreaterThan(40);
  });

  it('the link checker does report broken links (so the check above can fail)', () => {
    const copy = mkdtempSync(join(tmpdir(), 'nox-docs-site-broken-'));
    try {
      cpSync(out, copy, { recursive: true });
      const page = join(copy, 'changelog/index.html');
      const links = [
        '../3.0.0/index.html',
        `../1.0.0/index.html#operation/${two.addedOperationId}`,
        '../index.html#nowhere',
        '/2.0.0/index.html',
      ];
      writeFileSync(
        page,
        readFileSync(page, 'utf8').replace('</main>', `${links.map((l) => `<a href="${l}">x</a>`).join('')}</main>`),
      );
      expect(checkLinks(copy).broken.map((b) => `${b.href}: ${b.reason}`)).toEqual([
        '../3.0.0/index.html: no such file',
        `../1.0.0/index.html#operation/${two.addedOperationId}: the reference has no operation/${two.addedOperationId}`,
        '../index.html#nowhere: no element with id "nowhere"',
        '/2.0.0/index.html: root-relative: breaks under a base path such as /<repo>/',
      ]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('in Chromium, served under a base path', () => {
  const opened: Visit[] = [];
  const open = async (url: string) => {
    const v = await visit(browser, url);
    opened.push(v);
    return v;
  };
  const operation = (v: Visit, id: string) => v.page.locator(`[data-section-id$="/operation/${id}"]`);
  afterAll(async () => {
    for (const v of opened) {
      await v.context.close();
    }
  });

  it.each([
    ['1.0.0', '1.0.0 (released 2026-01-15)', 0],
    ['2.0.0', '2.0.0 (released 2026-02-20)', 1],
    ['latest', 'latest (2.0.0, released 2026-02-20)', 1],
  ])('%s renders with its banner, no request to another origin, no policy violation', async (dir, label, added) => {
    const v = await open(`${server.url}${dir}/index.html`);
    await v.page.locator('[data-section-id*="/operation/"] h2').first().waitFor({ timeout: 30_000 });
    expect(await visibleText(v.page.locator('#nox-version-banner [data-version]'))).toBe(label);
    expect(await operation(v, two.addedOperationId).count()).toBe(added);
    expect(v.leftOrigin).toEqual([]);
    expect(v.cspViolations).toEqual([]);
    expect(v.pageErrors).toEqual([]);
  });

  it('the banner leads to the other versions and the changelog', async () => {
    const v = await open(`${server.url}2.0.0/index.html`);
    await v.page.locator('#nox-version-banner a', { hasText: /^1\.0\.0$/ }).click();
    await v.page.waitForURL(`${server.url}1.0.0/index.html`);
    expect(await visibleText(v.page.locator('#nox-version-banner [data-version]'))).toBe('1.0.0 (released 2026-01-15)');
    expect(await visibleText(v.page.locator('#nox-version-banner'))).toContain(
      'An older version: the newest is 2.0.0.',
    );
    await v.page.locator('#nox-version-banner a', { hasText: 'API changelog' }).click();
    await v.page.waitForURL(`${server.url}changelog/index.html`);
  });

  it('the changelog lists the added operation and the removed enum value, the removal marked breaking', async () => {
    const v = await open(`${server.url}changelog/index.html`);
    const release = v.page.locator('#v2\\.0\\.0');
    const text = await visibleText(release);
    expect(text).toContain('2.0.0 released 2026-02-20, changes since 1.0.0');
    // The one removed value breaks every request that sends it, and narrows (a feature) what responses echo.
    expect(text).toMatch(/\n[1-9]\d* breaking changes?, [1-9]\d* features?, 0 documentation fixes\./);
    const added = release.locator('h3', { hasText: `${two.addedPath}` });
    expect(await visibleText(added.locator('xpath=following-sibling::ul[1]'))).toBe('Added: new operation');
    // Removed from what the client sends: breaking. Removed from what it receives (the echoed value): not.
    const removal = release.locator('li', { hasText: `value "${two.removedValue}" removed` });
    const sent = await removal.filter({ hasText: '(request body' }).all();
    expect(sent.length).toBeGreaterThan(0);
    for (const item of sent) {
      expect(await visibleText(item)).toMatch(/^Breaking · Removed: value ".*" removed \(request body/);
      expect(await item.locator('.breaking').count()).toBe(1);
    }
    for (const item of await removal.filter({ hasText: '(response' }).all()) {
      expect(await item.locator('.breaking').count()).toBe(0);
    }
    expect(v.cspViolations).toEqual([]);
  });

  it('a changelog entry opens its operation in that version’s reference (Redoc’s #operation/<id> anchor)', async () => {
    const v = await open(`${server.url}changelog/index.html`);
    await v.page.locator('#v2\\.0\\.0 h3 a', { hasText: two.addedPath }).click();
    await v.page.waitForURL(`${server.url}2.0.0/index.html#operation/${two.addedOperationId}`);
    const heading = operation(v, two.addedOperationId).locator('h2');
    await heading.waitFor({ timeout: 30_000 });
    // Redoc scrolls the operation into view and rewrites the address to its own section id.
    await expect
      .poll(() => heading.evaluate((h) => Math.round(h.getBoundingClientRect().top)), { timeout: 15_000 })
      .toBeLessThan(400);
    await expect.poll(() => v.page.url(), { timeout: 15_000 }).toContain(`/operation/${two.addedOperationId}`);
  });

  it('the list of versions shows each with its date and links to it', async () => {
    const v = await open(server.url);
    const text = (await visibleText(v.page.locator('table'))).replace(/\s+/g, ' ');
    expect(text).toMatch(/ 2\.0\.0 2026-02-20 reference since 1\.0\.0: [1-9]\d* breaking changes?, /);
    expect(text).toContain('next (unreleased, from main) 2026-02-20 reference since 2.0.0: No change to the API.');
    expect(text).toContain('1.0.0 2026-01-15 reference first version here');
    await v.page.locator('a', { hasText: 'latest' }).first().click();
    await v.page.waitForURL(`${server.url}latest/index.html`);
  });

  it('a missing address gets the 404 page, whose links find the site under its base path', async () => {
    const response = await fetch(`${server.url}1.0.0/no/such/page`);
    expect(response.status).toBe(404);
    const v = await open(`${server.url}1.0.0/no/such/page`);
    expect(await visibleText(v.page.locator('h1'))).toBe('Page not found');
    const all = v.page.locator('a', { hasText: 'all versions' });
    // The page probes for versions.json from the deepest folder up: a few requests, slow on a busy machine.
    await expect.poll(() => all.getAttribute('href'), { timeout: 20_000 }).toBe(`${basePath}index.html`);
    await all.click();
    await v.page.waitForURL(server.url.replace(/\/$/, '/index.html'));
    expect(v.cspViolations).toEqual([]);
    expect(v.pageErrors).toEqual([]);
  });

  it('latest/ also works opened from disk', async () => {
    const v = await open(pathToFileURL(join(out, 'latest/index.html')).href);
    await operation(v, two.addedOperationId).locator('h2').waitFor({ timeout: 30_000 });
    expect(v.leftOrigin).toEqual([]);
    expect(v.cspViolations).toEqual([]);
  });
});

describe('release notes (pnpm api:changelog)', () => {
  const changelog = (...args: string[]) =>
    spawnSync(
      process.execPath,
      [join(repoRoot, 'packages/docs-site/scripts/api-changelog.mjs'), '--root', two.repo, ...args],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );

  it('prints the changes of a release since the one before, linked to the hosted reference', () => {
    const r = changelog('--to', '@nox-energy/types@2.0.0', '--site-url', 'https://nox.example.test/toolkit');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^## API changes from 1\.0\.0 to 2\.0\.0\n/);
    expect(r.stdout).toContain(
      `### [POST ${two.addedPath}](https://nox.example.test/toolkit/2.0.0/index.html#operation/${two.addedOperationId}) (\`${two.addedOperationId}\`)\n\n- Added: new operation\n`,
    );
    expect(r.stdout).toMatch(
      new RegExp(`- ⚠️ \\*\\*Breaking\\*\\* · Removed: value "${two.removedValue}" removed \\(request body`),
    );
  });

  it('the first release has nothing to compare with; an unknown ref is a usage error', () => {
    expect(changelog('--to', '@nox-energy/types@1.0.0').stdout).toContain('no earlier version to compare with');
    const r = changelog('--to', 'no-such-tag');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no-such-tag is not a git ref');
  });
});
