import { describe, expect, it } from 'vitest';
import {
  createSession,
  DEVICE_PATH,
  errorMessage,
  MANUFACTURER_KEY,
  MANUFACTURER_PATH,
  manualClock,
  post,
  REDIRECT,
  SUPPLIER_KEY,
  SUPPLIER_PATH,
  spec,
  startTestMock,
  supplierBody,
} from './helpers.js';

const clock = manualClock();
const mock = await startTestMock({ now: clock.now });
const nowSeconds = () => Math.floor(clock.now() / 1000);

describe('a created supplier link session', () => {
  it('has every field the spec describes, resolved from the key and the request', async () => {
    const session = await createSession(mock, { asset_type: 'pv', brand: 'sma', language: 'en' });
    expect(session).toEqual({
      link_url: expect.any(String),
      link_token: expect.any(String),
      language: 'en',
      asset_type: 'pv',
      redirect_url: REDIRECT,
      supplier: 'Acme Energy',
      supplier_user_id: 'supplier_user_id_123',
      created_at: nowSeconds(),
      expires_at: nowSeconds() + 600,
      brand: 'sma',
      completed_at: null,
    });
  });

  it('applies the defaults: language nl, brand null', async () => {
    const session = await createSession(mock);
    expect(session.language).toBe('nl');
    expect(session.brand).toBeNull();
    expect(new URL(session.link_url).searchParams.get('language')).toBe('nl');
  });

  it('expires exactly 600 s after creation, created now', async () => {
    clock.advance(12_345);
    const session = await createSession(mock);
    expect(session.created_at).toBe(nowSeconds());
    expect(Number(session.expires_at) - Number(session.created_at)).toBe(600);
  });

  it('has an unguessable token (>= 128 random bits) that differs every time', async () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 50; i++) {
      tokens.add((await createSession(mock)).link_token);
    }
    expect(tokens.size).toBe(50);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    }
    // The bits are spread: across 50 tokens every base64url position takes many values.
    const distinct = new Set([...tokens].map((token) => token[0])).size;
    expect(distinct).toBeGreaterThan(15);
  });

  it("points link_url at the mock's own UI, with the token and language", async () => {
    const session = await createSession(mock, { language: 'fr' });
    const url = new URL(session.link_url);
    expect(url.origin).toBe(mock.url);
    expect(url.pathname).toBe('/ui');
    expect(url.searchParams.get('token')).toBe(session.link_token);
    expect(url.searchParams.get('language')).toBe('fr');
    expect(mock.uiUrl).toBe(`${mock.url}/ui`);
  });

  it('echoes the request fields as the spec says', async () => {
    const session = await createSession(mock, {
      user_id: 'someone-else',
      redirect_url: 'http://localhost:9999/back?x=1',
      brand: 'daikin',
    });
    expect(session.supplier_user_id).toBe('someone-else');
    expect(session.redirect_url).toBe('http://localhost:9999/back?x=1');
    expect(session.brand).toBe('daikin');
    expect(session.asset_type).toBe('hp');
  });
});

describe('manufacturer operations', () => {
  it('creates a manufacturer link session with the account name and display brand', async () => {
    const result = await post(
      mock,
      MANUFACTURER_PATH,
      { user_id: 'm-1', redirect_url: REDIRECT },
      { key: MANUFACTURER_KEY },
    );
    expect(result.status).toBe(201);
    expect(result.json).toMatchObject({
      manufacturer: 'Acme Manufacturing',
      manufacturer_user_id: 'm-1',
      brand: 'Acme Manufacturing',
      language: 'nl',
      completed_at: null,
      created_at: nowSeconds(),
      expires_at: nowSeconds() + 600,
    });
  });

  it('returns a stable nox_user_id per manufacturer user, different between users', async () => {
    const first = await post(mock, DEVICE_PATH, { user_id: 'm-user-1' }, { key: MANUFACTURER_KEY });
    const again = await post(mock, DEVICE_PATH, { user_id: 'm-user-1' }, { key: MANUFACTURER_KEY });
    const other = await post(mock, DEVICE_PATH, { user_id: 'm-user-2' }, { key: MANUFACTURER_KEY });
    expect(first.status).toBe(201);
    expect(first.json).toEqual({
      manufacturer_user_id: 'm-user-1',
      nox_user_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(again.json.nox_user_id).toBe(first.json.nox_user_id);
    expect(other.json.nox_user_id).not.toBe(first.json.nox_user_id);
  });

  it('keeps nox_user_id stable across restarts of the mock', async () => {
    const first = await post(mock, DEVICE_PATH, { user_id: 'persisted' }, { key: MANUFACTURER_KEY });
    const other = await startTestMock();
    const second = await post(other, DEVICE_PATH, { user_id: 'persisted' }, { key: MANUFACTURER_KEY });
    expect(second.json.nox_user_id).toBe(first.json.nox_user_id);
  });
});

describe('memory stays bounded', () => {
  it('evicts expired sessions', async () => {
    const evictClock = manualClock();
    const local = await startTestMock({ now: evictClock.now });
    const session = await createSession(local);
    expect(local.linkSession(session.link_token)?.state).toBe('open');
    evictClock.advance(599_000);
    expect(local.linkSession(session.link_token)?.state).toBe('open');
    evictClock.advance(1_000);
    expect(local.linkSession(session.link_token)?.state).toBe('expired');
    expect(local.liveSessions()).toBe(1);
    await createSession(local); // every create sweeps the expired sessions out
    expect(local.liveSessions()).toBe(1);
    expect(local.linkSession(session.link_token)).toBeUndefined();
  });

  it('caps live sessions with 429, Retry-After and the error body, and frees places as sessions expire', async () => {
    const capClock = manualClock();
    const local = await startTestMock({ now: capClock.now, config: { maxLiveSessions: 3 } });
    for (let i = 0; i < 3; i++) {
      await createSession(local);
      capClock.advance(10_000);
    }
    const full = await post(local, SUPPLIER_PATH, supplierBody(), { key: SUPPLIER_KEY });
    expect(full.status).toBe(429);
    expect(errorMessage(full)).toMatch(/open link sessions/);
    // The oldest session was created 30 s ago and expires 600 s after creation.
    expect(full.headers.get('retry-after')).toBe('570');
    expect(local.liveSessions()).toBe(3);

    // Device connections hold no session, so they still work.
    expect((await post(local, DEVICE_PATH, { user_id: 'x' }, { key: MANUFACTURER_KEY })).status).toBe(201);

    capClock.advance(570_000); // the first session expires
    const again = await post(local, SUPPLIER_PATH, supplierBody(), { key: SUPPLIER_KEY });
    expect(again.status).toBe(201);
    expect(local.liveSessions()).toBe(3);
  });

  it('holds at most the cap under a burst of creates', async () => {
    const local = await startTestMock({ config: { maxLiveSessions: 50 } });
    const statuses = await Promise.all(
      Array.from({ length: 120 }, () => post(local, SUPPLIER_PATH, supplierBody(), { key: SUPPLIER_KEY })),
    );
    expect(statuses.filter((result) => result.status === 201)).toHaveLength(50);
    expect(statuses.filter((result) => result.status === 429)).toHaveLength(70);
    expect(local.liveSessions()).toBe(50);
  });
});

describe('the spec', () => {
  it('documents 429 for the create operations (the cap answers with a documented status)', () => {
    expect(Object.keys(spec.paths[SUPPLIER_PATH]?.post?.responses as object)).toContain('429');
  });
});
