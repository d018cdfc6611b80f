// An account's opt-in rate limit: past it, every operation that documents a 429 answers 429 with Retry-After and
// its API's error body; the world's clock refills it; other accounts are not affected; the client's retry honours it.
import { createNoxClient } from '@nox-energy/client';
import { describe, expect, it } from 'vitest';
import { MockConfigError, startMockServer } from '../src/index.js';
import { createRateLimiter } from '../src/rate-limit.js';
import {
  DEMO_SUPPLIER_ACCOUNT,
  isErrorResponse,
  isHttpError,
  MANUFACTURER_KEY,
  manualClock,
  post,
  SUPPLIER_PATH,
  startTestMock,
  supplierBody,
} from './helpers.js';

const LIMITED_KEY = 'limited-supplier-key';

describe('createRateLimiter', () => {
  it('allows a burst of `requests`, then one request every perSeconds / requests', () => {
    const take = createRateLimiter({ requests: 3, perSeconds: 60 });
    expect([take(0), take(0), take(0)]).toEqual([0, 0, 0]);
    expect(take(0)).toBe(20);
    expect(take(19_000)).toBe(1);
    expect(take(20_000)).toBe(0);
    expect(take(20_000)).toBe(20);
    // A long pause refills the bucket to `requests`, not beyond.
    expect([take(10_000_000), take(10_000_000), take(10_000_000), take(10_000_000)]).toEqual([0, 0, 0, 20]);
    // A clock set back refills nothing.
    expect(take(0)).toBe(20);
  });
});

describe('an account with a rateLimit', async () => {
  const clock = manualClock();
  const mock = await startTestMock({
    now: clock.now,
    devices: 10,
    config: {
      accounts: [
        { ...DEMO_SUPPLIER_ACCOUNT, apiKey: LIMITED_KEY, rateLimit: { requests: 3, perSeconds: 60 } },
        {
          role: 'manufacturer',
          name: 'Heatwave',
          apiKey: MANUFACTURER_KEY,
          allowedRedirectUrls: ['http://localhost:*'],
        },
      ],
    },
  });
  const list = () => fetch(`${mock.baseUrls.package}/v1/devices?limit=2`, { headers: { 'x-api-key': LIMITED_KEY } });

  it('answers 429 with Retry-After and the API error body past its rate, on every API, until the clock moves on', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await list()).status).toBe(200);
    }
    const refused = await list();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('20');
    const body = (await refused.json()) as { detail: string };
    expect(isHttpError(body)).toBe(true);
    expect(body.detail).toMatch(/may send 3 per 60 s .*retry after 20 s/);
    expect(JSON.stringify(body)).not.toContain(LIMITED_KEY);

    // The Authenticator shares the account's bucket and answers with its own error body.
    const create = await post(mock, SUPPLIER_PATH, supplierBody(), { key: LIMITED_KEY });
    expect(create.status).toBe(429);
    expect(isErrorResponse(create.json)).toBe(true);
    expect(mock.liveSessions()).toBe(0);

    clock.advance(20_000);
    expect((await list()).status).toBe(200);
    expect((await list()).status).toBe(429);
  });

  it('does not limit another account', async () => {
    for (let i = 0; i < 5; i++) {
      const result = await post(
        mock,
        '/manufacturer/device-connections',
        { user_id: `u${i}` },
        { key: MANUFACTURER_KEY },
      );
      expect(result.status).toBe(201);
    }
  });
});

describe('the client against a rate-limited account', () => {
  it('waits the Retry-After of the 429 and succeeds on its retry', async () => {
    const mock = await startTestMock({
      config: {
        accounts: [{ ...DEMO_SUPPLIER_ACCOUNT, apiKey: LIMITED_KEY, rateLimit: { requests: 1, perSeconds: 1 } }],
      },
    });
    const nox = createNoxClient({ apiKey: LIMITED_KEY, baseUrls: mock.baseUrls, maxRetries: 1 });
    expect((await nox.GET('/v1/devices')).response.status).toBe(200);
    const started = performance.now();
    const second = await nox.GET('/v1/devices');
    expect(second.response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);

    const impatient = createNoxClient({ apiKey: LIMITED_KEY, baseUrls: mock.baseUrls, maxRetries: 0 });
    expect((await impatient.GET('/v1/devices')).response.status).toBe(429);
  });
});

describe('the config of a rateLimit', () => {
  it.each([
    [{ requests: 0, perSeconds: 60 }, /config\.accounts\.0\.rateLimit\.requests: must be >= 1/],
    [{ requests: 10 }, /config\.accounts\.0\.rateLimit: must have required property 'perSeconds'/],
    [{ requests: 10, perSeconds: 60, burst: 5 }, /config\.accounts\.0\.rateLimit: has an unknown property "burst"/],
  ])('refuses %j, naming the field', async (rateLimit, message) => {
    const started = startMockServer({
      port: 0,
      config: { accounts: [{ ...DEMO_SUPPLIER_ACCOUNT, rateLimit }] } as never,
    });
    await expect(started).rejects.toThrow(MockConfigError);
    await expect(started).rejects.toThrow(message);
  });
});
