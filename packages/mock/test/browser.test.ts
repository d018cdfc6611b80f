// The whole link flow in a real Chromium: the client creates a session, the browser opens link_url, picks a
// brand, and lands on the app's redirect URL, whose `data` decodeLinkCallback turns into the expected payload.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchChromium } from '@nox-energy/browser-testing';
import { createNoxClient, decodeLinkCallback, decodeManufacturerLinkCallback, orThrow } from '@nox-energy/client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestMock } from './helpers.js';

const mock = await startTestMock();

/** The app the user returns to: it records each URL it is sent to. */
const landed: string[] = [];
let app: Server;
let appUrl: string;
let browser: Browser;

beforeAll(async () => {
  app = createServer((req, res) => {
    landed.push(`${appUrl}${req.url}`);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Back in the app</title><h1>Welcome back</h1>');
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => app?.close(resolve));
});

describe('the link flow in Chromium', () => {
  it('supplier: client -> link_url -> pick a brand -> redirect URL -> decodeLinkCallback', async () => {
    const nox = createNoxClient({ apiKey: 'demo-supplier-key', baseUrls: mock.baseUrls, maxRetries: 0 });
    const session = await orThrow(
      nox.POST('/supplier/link-sessions', {
        body: {
          user_id: 'browser-user-1',
          asset_type: 'pv',
          redirect_url: `${appUrl}/callback?state=abc`,
          language: 'nl',
        },
      }),
    );
    const page = await browser.newPage();
    try {
      await page.goto(session.link_url);
      expect(await page.getAttribute('html', 'lang')).toBe('nl');
      expect(await page.textContent('h1')).toBe('Koppel uw apparaat');
      const offered = await page.$$eval('select[name=brand] option:not([disabled])', (items) =>
        items.map((item) => (item as HTMLOptionElement).value),
      );
      expect(offered).toContain('sma');
      expect(offered).not.toContain('nibe');

      await page.selectOption('select[name=brand]', 'sma');
      await Promise.all([page.waitForURL(`${appUrl}/callback?**`), page.click('button[type=submit]')]);
      expect(await page.textContent('h1')).toBe('Welcome back');

      const url = new URL(page.url());
      expect(url.searchParams.get('state')).toBe('abc');
      expect(landed).toContain(page.url());
      const payload = decodeLinkCallback(page.url());
      expect(payload).toEqual({
        nox_user_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        supplier_user_id: 'browser-user-1',
        brand: 'sma',
        device_ids: [expect.any(String)],
        connected_at: expect.any(Number),
      });
      expect(payload.connected_at).toBeGreaterThanOrEqual(session.created_at);
      expect(payload.connected_at).toBeLessThan(session.expires_at);
      expect(mock.linkSession(session.link_token)?.response.completed_at).toBe(payload.connected_at);

      // The link works once: a second visit shows an error page and goes nowhere.
      const landedBefore = landed.length;
      const again = await page.goto(session.link_url);
      expect(again?.status()).toBe(410);
      expect(await page.textContent('.error')).toContain('Deze link is al gebruikt');
      expect(page.url()).toBe(session.link_url);
      expect(landed).toHaveLength(landedBefore);
    } finally {
      await page.close();
    }
  });

  it('keeps the pre-selected brand when the user just confirms', async () => {
    const nox = createNoxClient({ apiKey: 'demo-supplier-key', baseUrls: mock.baseUrls, maxRetries: 0 });
    const session = await orThrow(
      nox.POST('/supplier/link-sessions', {
        body: {
          user_id: 'browser-user-2',
          asset_type: 'hp',
          brand: 'nibe',
          redirect_url: `${appUrl}/cb`,
          language: 'en',
        },
      }),
    );
    const page = await browser.newPage();
    try {
      await page.goto(session.link_url);
      expect(await page.inputValue('select[name=brand]')).toBe('nibe');
      await Promise.all([page.waitForURL(`${appUrl}/cb?**`), page.click('button[type=submit]')]);
      expect(decodeLinkCallback(page.url()).brand).toBe('nibe');
    } finally {
      await page.close();
    }
  });

  it('manufacturer: confirms and returns with the manufacturer payload', async () => {
    const nox = createNoxClient({ apiKey: 'demo-manufacturer-key', baseUrls: mock.baseUrls, maxRetries: 0 });
    const session = await orThrow(
      nox.POST('/manufacturer/link-sessions', {
        body: { user_id: 'm-browser', redirect_url: `${appUrl}/m`, language: 'en' },
      }),
    );
    const page = await browser.newPage();
    try {
      await page.goto(session.link_url);
      await Promise.all([page.waitForURL(`${appUrl}/m?**`), page.click('button[type=submit]')]);
      expect(decodeManufacturerLinkCallback(page.url())).toEqual({
        nox_user_id: expect.any(String),
        manufacturer_user_id: 'm-browser',
        connected_at: expect.any(Number),
      });
    } finally {
      await page.close();
    }
  });
});
