import { decodeLinkCallback, decodeManufacturerLinkCallback } from '@nox-energy/client';
import { heatPumpBrandValues, pvBrandValues } from '@nox-energy/types';
import { describe, expect, it } from 'vitest';
import {
  createSession,
  MANUFACTURER_KEY,
  MANUFACTURER_PATH,
  manualClock,
  post,
  startTestMock,
  submitConnect,
} from './helpers.js';

const clock = manualClock();
const mock = await startTestMock({ now: clock.now });

async function page(url: string) {
  const response = await fetch(url, { redirect: 'manual' });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

function options(html: string): string[] {
  return [...html.matchAll(/<option value="([^"]+)"/g)].map((match) => match[1] as string);
}

function selected(html: string): string | undefined {
  return /<option value="([^"]+)" selected>/.exec(html)?.[1];
}

describe('the Authenticator UI page', () => {
  it('is served in the language of the link: nl and en; fr and es fall back to en', async () => {
    for (const [language, lang, button] of [
      ['nl', 'nl', 'Koppelen'],
      ['en', 'en', 'Connect'],
      ['fr', 'en', 'Connect'],
      ['es', 'en', 'Connect'],
    ] as const) {
      const session = await createSession(mock, { language });
      const shown = await page(session.link_url);
      expect(shown.status).toBe(200);
      expect(shown.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(shown.html).toContain(`<html lang="${lang}">`);
      expect(shown.html).toContain(`>${button}</button>`);
      expect(shown.html).toContain('Acme Energy');
    }
  });

  it('follows the language query parameter over the session language', async () => {
    const session = await createSession(mock, { language: 'nl' });
    const url = new URL(session.link_url);
    url.searchParams.set('language', 'en');
    expect((await page(url.href)).html).toContain('<html lang="en">');
  });

  it('offers only the brands of the session asset type', async () => {
    const heatPump = await page((await createSession(mock, { asset_type: 'hp' })).link_url);
    expect(options(heatPump.html)).toEqual(heatPumpBrandValues);
    const pv = await page((await createSession(mock, { asset_type: 'pv' })).link_url);
    expect(options(pv.html)).toEqual(pvBrandValues);
    expect(selected(pv.html)).toBeUndefined();
  });

  it('pre-selects the brand the session named', async () => {
    const shown = await page((await createSession(mock, { asset_type: 'pv', brand: 'sma' })).link_url);
    expect(selected(shown.html)).toBe('sma');
  });

  it('loads nothing from elsewhere and may not be framed', async () => {
    const shown = await page((await createSession(mock)).link_url);
    expect(shown.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(shown.headers.get('x-frame-options')).toBe('DENY');
    expect(shown.html).not.toMatch(/(src|href)="https?:/);
  });

  it('escapes what it shows', async () => {
    const local = await startTestMock({
      config: {
        accounts: [
          {
            role: 'supplier',
            name: '<b>Evil & Co</b>',
            apiKey: 'key-of-evil-co',
            allowedRedirectUrls: ['http://localhost:*'],
          },
        ],
      },
    });
    const result = await post(
      local,
      '/supplier/link-sessions',
      { user_id: 'u', asset_type: 'hp', redirect_url: 'http://localhost/cb' },
      { key: 'key-of-evil-co' },
    );
    const shown = await page(String(result.json.link_url));
    expect(shown.html).toContain('&lt;b&gt;Evil &amp; Co&lt;/b&gt;');
    expect(shown.html).not.toContain('<b>Evil');
  });
});

describe('connecting', () => {
  it('completes the session and redirects 303 to redirect_url?data= with the spec payload', async () => {
    const session = await createSession(mock, {
      user_id: 'user-42',
      asset_type: 'hp',
      redirect_url: 'http://localhost:3000/done?state=xyz',
    });
    clock.advance(30_000);
    const result = await submitConnect(mock, { token: session.link_token, brand: 'daikin' });
    expect(result.status).toBe(303);
    const location = new URL(result.location as string);
    expect(location.origin + location.pathname).toBe('http://localhost:3000/done');
    expect(location.searchParams.get('state')).toBe('xyz');
    expect(location.searchParams.get('data')).toMatch(/^[A-Za-z0-9_-]+$/);

    const payload = decodeLinkCallback(location.href);
    expect(payload).toEqual({
      nox_user_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      supplier_user_id: 'user-42',
      brand: 'daikin',
      device_ids: [expect.stringMatching(/^[0-9a-f-]{36}$/)],
      connected_at: Math.floor(clock.now() / 1000),
    });
    expect(mock.linkSession(session.link_token)).toEqual({
      state: 'used',
      response: { ...session, completed_at: Math.floor(clock.now() / 1000) },
    });
  });

  it('gives the same user the same nox_user_id on every connection', async () => {
    const ids = [];
    for (const brand of ['nibe', 'vaillant']) {
      const session = await createSession(mock, { user_id: 'same-user' });
      const result = await submitConnect(mock, { token: session.link_token, brand });
      ids.push(decodeLinkCallback(result.location as string).nox_user_id);
    }
    expect(ids[0]).toBe(ids[1]);
  });

  it('refuses a brand that is not offered, showing the page again', async () => {
    const session = await createSession(mock, { asset_type: 'pv' });
    for (const brand of ['nibe', '', 'sma<script>']) {
      const result = await submitConnect(mock, { token: session.link_token, brand, language: 'nl' });
      expect(result.status).toBe(400);
      expect(result.location).toBeNull();
      expect(result.html).toContain('role="alert"');
    }
    expect(mock.linkSession(session.link_token)?.state).toBe('open');
  });

  it('completes a manufacturer session with the manufacturer payload, without a brand choice', async () => {
    const created = await post(
      mock,
      MANUFACTURER_PATH,
      { user_id: 'm-user', redirect_url: 'http://127.0.0.1:4000/cb', language: 'en' },
      { key: MANUFACTURER_KEY },
    );
    const shown = await page(String(created.json.link_url));
    expect(shown.status).toBe(200);
    expect(shown.html).not.toContain('<select');
    expect(shown.html).toContain('Acme Manufacturing');
    const result = await submitConnect(mock, { token: String(created.json.link_token) });
    expect(result.status).toBe(303);
    expect(decodeManufacturerLinkCallback(result.location as string)).toEqual({
      nox_user_id: expect.any(String),
      manufacturer_user_id: 'm-user',
      connected_at: Math.floor(clock.now() / 1000),
    });
  });
});

describe('tokens that cannot be used', () => {
  it('shows an error page for an unknown token and redirects nowhere', async () => {
    // (Without a token the page explains what it needs: see home.test.ts.)
    for (const url of [`${mock.url}/ui?token=nope`, `${mock.url}/ui?token=nope&language=nl`]) {
      const shown = await page(url);
      expect(shown.status).toBe(404);
      expect(shown.headers.get('location')).toBeNull();
      expect(shown.html).toContain('data-error="unknown"');
    }
    const posted = await submitConnect(mock, { token: 'nope', brand: 'nibe' });
    expect(posted.status).toBe(404);
    expect(posted.location).toBeNull();
  });

  it('shows an error page for a used token, on the page and on connect', async () => {
    const session = await createSession(mock, { language: 'nl' });
    expect((await submitConnect(mock, { token: session.link_token, brand: 'nibe' })).status).toBe(303);
    const shown = await page(session.link_url);
    expect(shown.status).toBe(410);
    expect(shown.html).toContain('data-error="used"');
    expect(shown.html).toContain('Deze link is al gebruikt');
    const again = await submitConnect(mock, { token: session.link_token, brand: 'nibe' });
    expect(again.status).toBe(410);
    expect(again.location).toBeNull();
  });

  it('shows an error page for an expired token, on the page and on connect', async () => {
    const session = await createSession(mock, { language: 'en' });
    clock.advance(600_000);
    const shown = await page(session.link_url);
    expect(shown.status).toBe(410);
    expect(shown.html).toContain('data-error="expired"');
    expect(shown.html).toContain('This link has expired');
    const posted = await submitConnect(mock, { token: session.link_token, brand: 'nibe' });
    expect(posted.status).toBe(410);
    expect(posted.location).toBeNull();
  });
});
