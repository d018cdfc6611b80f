// End to end, as an integrator's app meets NOX: the client opens a supplier link session, the user completes it
// in Chromium, the app receives the callback, lists the new device with the client's paginator, changes a setting
// and reads it back, and its webhook endpoint receives the signed `*.updated` event and verifies it with the
// client's verifier. Real mock server, real client, real browser, app and receiver on the loopback interface.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchChromium } from '@nox-energy/browser-testing';
import { createNoxClient, decodeLinkCallback, orThrow } from '@nox-energy/client';
import { paginate } from '@nox-energy/client/pagination';
import { verifyWebhook, type WebhookEvent } from '@nox-energy/client/webhooks';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestMock } from './helpers.js';

const API_KEY = 'e2e-supplier-key-0001';

/** The integrator's app: the page users return to after linking, and the webhook endpoint. */
const callbacks: string[] = [];
const webhooks: Array<{ body: string; headers: IncomingHttpHeaders }> = [];
const app = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (req.method === 'POST' && req.url === '/nox/webhooks') {
      // The raw body, exactly as received: the signature covers these bytes.
      webhooks.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.writeHead(204).end();
      return;
    }
    // The browser also asks for a favicon: only the redirect URL counts.
    if (req.url?.startsWith('/linked?')) {
      callbacks.push(`${appUrl}${req.url}`);
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Back in the app</title><h1>Welcome back</h1>');
  });
});
await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
afterAll(() => new Promise((resolve) => app.close(resolve)));

const errors: unknown[] = [];
const mock = await startTestMock({
  // Other customers' devices, so the paginator walks more than one page.
  devices: 5,
  seed: 7,
  onError: (error) => errors.push(error),
  config: {
    accounts: [
      {
        role: 'supplier',
        name: 'Volt Energy',
        apiKey: API_KEY,
        allowedRedirectUrls: ['http://127.0.0.1:*'],
        webhooks: [{ url: `${appUrl}/nox/webhooks` }],
      },
    ],
  },
});
afterAll(() => expect(errors).toEqual([]));

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** The verified events received so far, each with its X-Webhook-Id. */
async function verifiedEvents(): Promise<Array<{ id: string; event: WebhookEvent }>> {
  return Promise.all(
    webhooks.map(async ({ body, headers }) => ({
      id: String(headers['x-webhook-id']),
      event: await verifyWebhook(body, headers as Record<string, string>, API_KEY, { strict: true }),
    })),
  );
}

describe('end to end in Chromium', () => {
  it('link in the UI, callback, paginate, PATCH and read back, signed webhook verified', async () => {
    const nox = createNoxClient({ apiKey: API_KEY, baseUrls: mock.baseUrls, maxRetries: 0 });

    // 1. The app opens a link session for its customer.
    const session = await orThrow(
      nox.POST('/supplier/link-sessions', {
        body: { user_id: 'e2e-customer', asset_type: 'hp', redirect_url: `${appUrl}/linked?state=s1`, language: 'en' },
      }),
    );

    // 2. The customer completes it in the browser and lands back in the app.
    const page = await browser.newPage();
    try {
      await page.goto(session.link_url);
      await page.selectOption('select[name=brand]', 'daikin');
      await Promise.all([page.waitForURL(`${appUrl}/linked?**`), page.click('button[type=submit]')]);
      expect(await page.textContent('h1')).toBe('Welcome back');
    } finally {
      await page.close();
    }
    expect(callbacks).toHaveLength(1);
    const callback = decodeLinkCallback(callbacks[0] as string);
    expect(new URL(callbacks[0] as string).searchParams.get('state')).toBe('s1');
    expect(callback).toMatchObject({ supplier_user_id: 'e2e-customer', brand: 'daikin' });
    expect(callback.device_ids).toHaveLength(1);
    const [deviceId] = callback.device_ids as [string];

    // 3. The new device, through the paginator: once in a walk of every device, alone under its user.
    const everyDevice = await paginate(nox, '/v1/devices', { params: { query: { limit: 2 } } }).toArray({ max: 100 });
    expect(everyDevice.length).toBeGreaterThan(2);
    expect(everyDevice.filter((device) => device.device_id === deviceId)).toHaveLength(1);
    expect(new Set(everyDevice.map((device) => device.device_id)).size).toBe(everyDevice.length);
    const mine = await paginate(nox, '/v1/devices', {
      params: { query: { user_id: callback.nox_user_id, limit: 1 } },
    }).toArray({ max: 10 });
    expect(mine.map((device) => device.device_id)).toEqual(callback.device_ids);
    expect(mine[0]).toMatchObject({ brand: 'daikin', user_id: callback.nox_user_id });

    // 4. A setting changed, then read back.
    const patched = await nox.PATCH('/v1/devices/settings', {
      body: { user_id: callback.nox_user_id, device_id: deviceId, room: { preferred_temperature: 22.5 } },
    });
    expect(patched.error).toBeUndefined();
    expect(patched.response.status).toBe(204);
    const settings = await orThrow(
      nox.GET('/v1/devices/settings', { params: { query: { user_id: callback.nox_user_id, device_id: deviceId } } }),
    );
    expect(settings.data).toHaveLength(1);
    expect(settings.data[0]?.room?.preferred_temperature).toBe(22.5);

    // 5. The signed webhooks: the link's new device, then the room settings change.
    await mock.webhooks.idle();
    const events = await verifiedEvents();
    expect(events.map(({ event }) => event.type)).toEqual([
      'device.steerable_status.steerable.updated',
      'device.settings.room.updated',
    ]);
    const room = events[1] as { id: string; event: WebhookEvent };
    expect(room.id).toBe(`${room.event.id}:room`);
    expect(room.event).toMatchObject({
      data: { value: { preferred_temperature: 22.5 }, previous_value: { preferred_temperature: 21 } },
      metadata: {
        device_id: deviceId,
        user_id: callback.nox_user_id,
        external_user_id: 'e2e-customer',
        brand: 'daikin',
        energy_supplier: 'Volt Energy',
      },
    });
    // A delivery signed with another key does not verify.
    const roomDelivery = webhooks[1] as { body: string; headers: IncomingHttpHeaders };
    await expect(
      verifyWebhook(roomDelivery.body, roomDelivery.headers as Record<string, string>, 'another-account-key'),
    ).rejects.toMatchObject({ reason: 'bad_signature' });
    expect(mock.webhooks.deliveries().map((delivery) => delivery.state)).toEqual(['delivered', 'delivered']);
  });
});
