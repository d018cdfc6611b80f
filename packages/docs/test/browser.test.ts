// The built site in Debian's Chromium, opened from disk and served over http: it renders the spec, makes
// no request to any other origin (each is blocked and recorded) and its download links deliver the spec.
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '@nox-energy/browser-testing';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationsOf, webhookOperationsOf } from '../scripts/lib/operations.mjs';
import { downloadFiles } from '../scripts/lib/site.mjs';
import { startStaticServer } from '../scripts/lib/static-server.mjs';
import { type Json, packageDir, readBundle, siteDir } from './helpers/spec.js';

const spec = readBundle();
const reportsDir = join(packageDir, '.reports');
const deref = (node: Json): Json =>
  typeof node?.$ref === 'string'
    ? deref(
        node.$ref
          .slice(2)
          .split('/')
          .reduce((n: Json, k: string) => n[k], spec),
      )
    : node;

// What the page must show for "Create supplier link session", read from the spec.
const supplier = operationsOf(spec).find((op) => op.operationId === 'createSupplierLinkSession');
if (!supplier) {
  throw new Error('the spec has no createSupplierLinkSession operation');
}
const requestSchema = deref(supplier.operation.requestBody.content['application/json'].schema);
const assetTypes = Object.keys(requestSchema.discriminator.mapping);
const created = deref(supplier.operation.responses['201']);
const createdSchema = deref(created.content['application/json'].schema);

// A Package API operation, a deprecated one and a webhook, read from the spec.
const byId = (id: string) => {
  const op = [...operationsOf(spec), ...webhookOperationsOf(spec)].find((o) => o.operationId === id);
  if (!op) {
    throw new Error(`the spec has no ${id} operation`);
  }
  return op;
};
const packageOperation = byId('listDevices');
const deprecatedOperation = byId('createLinkSessionV1');
const webhook = byId('deviceBeingSteeredUpdated');

interface Visit {
  page: Page;
  context: BrowserContext;
  /** Every request to another origin, blocked. */
  leftOrigin: string[];
  cspViolations: string[];
  pageErrors: string[];
}

async function visit(browser: Browser, url: string): Promise<Visit> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 1000 } });
  const origin = new URL(url).origin;
  const leftOrigin: string[] = [];
  await context.route('**/*', (route) => {
    const target = new URL(route.request().url());
    const own = url.startsWith('file:') ? target.protocol === 'file:' : target.origin === origin;
    if (own || target.protocol === 'data:' || target.protocol === 'blob:') {
      return route.continue();
    }
    leftOrigin.push(target.href);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  await page.exposeFunction('reportCspViolation', (text: string) => cspViolations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportCspViolation: (t: string) => void }).reportCspViolation(
        `${event.violatedDirective} ${event.blockedURI}`,
      );
    });
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
  return { page, context, leftOrigin, cspViolations, pageErrors };
}

/** The text a reader sees in `locator`: hidden elements are left out, unlike textContent. */
// biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text on purpose.
const visibleText = (locator: Locator) => locator.innerText();

/** An address of another origin (TEST-NET-3, never routed): every test blocks it before it leaves. */
const probeUrl = 'http://203.0.113.1/probe';
const fetchProbe = (page: Page) =>
  page.evaluate(
    (target) =>
      fetch(target).then(
        () => 'answered',
        (error: Error) => error.message,
      ),
    probeUrl,
  );

const never = () => new Promise<never>(() => {});

/** Follows a link that should deliver a file: as a download, or shown in a new tab. */
async function followLink(page: Page, click: () => Promise<void>) {
  const events: Promise<{ how: 'download' | 'tab'; file: string; text: string }>[] = [
    page.waitForEvent('download').then(async (download) => ({
      how: 'download' as const,
      file: download.suggestedFilename(),
      text: readFileSync(await download.path(), 'utf8'),
    })),
    page
      .waitForEvent('popup')
      .then(async (tab) => {
        await tab.waitForLoadState();
        const text = await tab.evaluate(() => document.body?.textContent ?? '');
        return { how: 'tab' as const, file: basename(new URL(tab.url()).pathname), text };
      })
      // A tab that turns into a download stays empty or closes: let the download win the race.
      .then((tab) => (tab.text ? tab : never()), never),
  ];
  const [delivered] = await Promise.all([Promise.race(events), click()]);
  return delivered;
}

let browser: Browser;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  // Fails (never skips) when Chromium is missing, saying how to install it.
  browser = await launchChromium();
  server = await startStaticServer({ root: siteDir, port: 0 });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.each([
  ['opened from disk', () => pathToFileURL(join(siteDir, 'index.html')).href],
  ['served over http', () => server.url],
] as const)('the docs site %s', (host, siteUrl) => {
  let site: Visit;
  let operation: Locator;
  beforeAll(async () => {
    site = await visit(browser, siteUrl());
    operation = site.page.locator(`[data-section-id$="/operation/${supplier.operationId}"]`);
    await operation.locator('h2').waitFor({ timeout: 30_000 });
  });
  afterAll(() => site?.context.close());

  it('renders "Create supplier link session" with its request body: every asset_type value', async () => {
    expect(await visibleText(operation.locator('h2'))).toBe(supplier.operation.summary);
    await operation.locator('h2').evaluate((heading) => heading.scrollIntoView());
    const assetType = operation.locator('select').first();
    expect(await assetType.isVisible()).toBe(true);
    expect(await assetType.locator('option').allInnerTexts()).toEqual(assetTypes);
    for (const value of [...assetTypes].reverse()) {
      await assetType.selectOption(value);
      await expect.poll(() => visibleText(operation)).toContain(`Value: "${value}"`);
    }
  });

  it('renders its 201 response, expanded, and its curl and TypeScript samples', async () => {
    const text = (await visibleText(operation)).replace(/\s+/g, ' ');
    const responses = text.slice(text.indexOf('Responses'));
    expect(responses).toContain(`201 ${created.description}`);
    for (const property of createdSchema.required) {
      expect(responses).toContain(` ${property} required `);
    }
    expect(await operation.locator('[role=tab]').allInnerTexts()).toEqual(
      expect.arrayContaining(['curl', 'TypeScript', '201']),
    );
    await operation.locator('[role=tab]', { hasText: 'TypeScript' }).click();
    await expect.poll(() => visibleText(operation)).toContain("from '@nox-energy/client'");
    if (host === 'opened from disk') {
      mkdirSync(reportsDir, { recursive: true });
      await operation.locator('h2').evaluate((heading) => heading.scrollIntoView());
      await site.page.screenshot({ path: join(reportsDir, 'site.png') });
    }
  });

  const section = (id: string) => site.page.locator(`[data-section-id$="/operation/${id}"]`);
  const flatText = async (locator: Locator) => (await visibleText(locator)).replace(/\s+/g, ' ');

  it('renders a Package API operation: its query parameters, 200 response and samples', async () => {
    const listDevices = section(packageOperation.operationId);
    await listDevices.locator('h2').scrollIntoViewIfNeeded();
    expect(await visibleText(listDevices.locator('h2'))).toBe(packageOperation.operation.summary);
    const text = await flatText(listDevices);
    const marker = packageOperation.operation['x-nox-pagination'];
    expect(text).toContain(marker.limitParameter);
    expect(text).toContain(marker.tokenParameter);
    expect(text).toContain(packageOperation.path);
    expect(await listDevices.locator('[role=tab]').allInnerTexts()).toEqual(
      expect.arrayContaining(['curl', 'TypeScript', '200', '422']),
    );
  });

  it('renders a deprecated operation as deprecated', async () => {
    const v1 = section(deprecatedOperation.operationId);
    await v1.locator('h2').scrollIntoViewIfNeeded();
    expect(deprecatedOperation.operation.deprecated).toBe(true);
    expect(await flatText(v1.locator('h2'))).toContain(deprecatedOperation.operation.summary);
    expect(await flatText(v1)).toMatch(/Deprecated/);
  });

  it('renders a webhook: its headers, event body and samples', async () => {
    const event = section(webhook.operationId);
    await event.locator('h2').scrollIntoViewIfNeeded();
    // Redoc marks the heading of a webhook with a "Webhook" badge.
    expect(await flatText(event.locator('h2'))).toBe(`${webhook.operation.summary} Webhook`);
    const text = await flatText(event);
    const recipe = spec['x-nox-webhook-signature'];
    for (const header of [recipe.idHeader, recipe.timestampHeader, recipe.signatureHeader]) {
      expect(text).toContain(header);
    }
    for (const property of ['id', 'type', 'timestamp', 'data', 'metadata']) {
      expect(text).toContain(` ${property} required `);
    }
    expect(await event.locator('[role=tab]').allInnerTexts()).toEqual(expect.arrayContaining(['curl', 'TypeScript']));
    expect(await visibleText(site.page.locator('.menu-content'))).toContain('WEBHOOKS');
  });

  it.each(downloadFiles)('the download link delivers %s', async (file) => {
    const link = site.page.locator('.api-info a[download]', { hasText: file });
    const delivered = await followLink(site.page, () => link.click());
    expect(delivered.file).toBe(file);
    const expected = readFileSync(join(siteDir, file), 'utf8');
    if (delivered.how === 'download') {
      expect(delivered.text).toBe(expected);
    } else {
      // A page opened from disk has no origin of its own, so Chromium ignores `download` there and shows
      // a file it can display (JSON) in a new tab: the reader sees the spec and can save it.
      expect(host).toBe('opened from disk');
      expect(JSON.parse(delivered.text)).toEqual(JSON.parse(expected));
    }
  });

  it('searches the spec (Redoc’s search worker runs under the policy)', async () => {
    const summaries = operationsOf(spec).map((op) => op.operation.summary as string);
    const wanted = summaries.find((summary) => summary !== supplier.operation.summary) ?? '';
    await site.page.locator('input[placeholder="Search..."]').fill(wanted);
    await expect.poll(() => visibleText(site.page.locator('[data-role="search:results"]'))).toContain(wanted);
  });

  it('made no request to any other origin, and its policy refused nothing it needs', () => {
    expect(site.leftOrigin).toEqual([]);
    expect(site.cspViolations).toEqual([]);
    expect(site.pageErrors).toEqual([]);
  });

  it('refuses a request to another origin before it is made (its Content-Security-Policy)', async () => {
    expect(await fetchProbe(site.page)).not.toBe('answered');
    // The violation event is queued after the refusal.
    await expect.poll(() => site.cspViolations).toEqual([`connect-src ${probeUrl}`]);
    expect(site.leftOrigin).toEqual([]);
  });
});

describe('the request recorder', () => {
  it('records and blocks a request to another origin from a page without the site’s policy', async () => {
    const plain = await visit(browser, `${server.url}openapi.json`);
    try {
      expect(await fetchProbe(plain.page)).not.toBe('answered');
      expect(plain.leftOrigin).toEqual([probeUrl]);
    } finally {
      await plain.context.close();
    }
  });
});
