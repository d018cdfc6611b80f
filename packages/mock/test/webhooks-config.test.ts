// Webhook receivers and delivery bounds: loopback receivers only unless the config says otherwise (refused at
// load, naming the field), event types from the spec, the controls' guard in front of the log, and the caps:
// pending deliveries, the log, the overall per-delivery bound; closing the mock cancels what is pending.
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';
import { verifyWebhook } from '@nox-energy/client/webhooks';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { controlsAllowed, createControlHandler } from '../src/controls.js';
import { MockConfigError, startMockServer } from '../src/index.js';
import { isLoopbackUrl } from '../src/webhooks/receivers.js';
import { controlStatus, DEVICE_PATH, MANUFACTURER_KEY, post, SUPPLIER_KEY, startTestMock } from './helpers.js';

const ROLES = ['supplier', 'manufacturer'];
const TYPES = ['device.settings.room.updated', 'device.needs_reauthentication.updated'];

function configWith(url: string, extra: Record<string, unknown> = {}, events?: string[]) {
  return {
    accounts: [
      {
        role: 'supplier',
        name: 'Volt Energy',
        apiKey: SUPPLIER_KEY,
        allowedRedirectUrls: ['http://127.0.0.1:*'],
        webhooks: [{ url, ...(events ? { events } : {}) }],
      },
    ],
    ...extra,
  };
}

/** A port nothing listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('webhook receivers', () => {
  it('knows the loopback interface', () => {
    for (const url of [
      'http://localhost:3000/hook',
      'http://127.0.0.1/x',
      'https://127.8.9.10:1/',
      'http://[::1]:8080/',
    ]) {
      expect(isLoopbackUrl(url), url).toBe(true);
    }
    for (const url of ['http://10.0.0.1/', 'http://example.com/', 'http://[::2]/', 'http://localhost.example.com/']) {
      expect(isLoopbackUrl(url), url).toBe(false);
    }
    for (const url of ['ftp://127.0.0.1/', 'not a url', 'http://user:pw@127.0.0.1/']) {
      expect(isLoopbackUrl(url), url).toBeUndefined();
    }
  });

  it('refuses a receiver off the loopback interface at load, naming the field, unless allowed', async () => {
    const message =
      'config.accounts.0.webhooks.0.url: http://10.1.2.3/hook is not on the loopback interface (localhost, 127.0.0.0/8, [::1]); set allowNonLoopbackReceivers: true to allow it';
    expect(() => resolveConfig(configWith('http://10.1.2.3/hook'), ROLES)).toThrow(new MockConfigError(message));
    await expect(startMockServer({ port: 0, config: configWith('http://10.1.2.3/hook') })).rejects.toThrow(message);
    expect(
      resolveConfig(configWith('https://hooks.example.com/nox', { allowNonLoopbackReceivers: true }), ROLES).accounts[0]
        ?.webhooks,
    ).toEqual([{ url: 'https://hooks.example.com/nox' }]);
  });

  it('checks event types against the spec and the delivery options against their bounds', () => {
    expect(() =>
      resolveConfig(configWith('http://127.0.0.1/h', {}, ['device.exploded']), ROLES, 'config', TYPES),
    ).toThrow(new MockConfigError(`config.accounts.0.webhooks.0.events.0: must be one of ${TYPES.join(', ')}`));
    expect(() => resolveConfig(configWith('ftp://127.0.0.1/h'), ROLES)).toThrow(/webhooks\.0\.url: must match/);
    expect(() =>
      resolveConfig(configWith('http://127.0.0.1/h', { webhookDelivery: { maxAttempts: 0 } }), ROLES),
    ).toThrow(/^config\.webhookDelivery\.maxAttempts: must be >= 1$/);
  });
});

describe('the controls guard in front of the log', () => {
  it('refuses a caller off the loopback interface without the admin token', async () => {
    const mock = await startTestMock({ config: { adminToken: 'a-long-admin-token-0123' } });
    const handle = createControlHandler(mock.controls, 'a-long-admin-token-0123', mock.webhooks);
    const ask = (remoteAddress: string, headers: Record<string, string>, path: string) =>
      controlStatus(handle, remoteAddress, headers, path);
    for (const path of ['/_mock/webhooks/deliveries', '/_mock/ui/webhooks']) {
      expect(ask('192.168.1.20', {}, path)).toBe(403);
      expect(ask('192.168.1.20', { 'x-mock-admin-token': 'a-long-admin-token-0124' }, path)).toBe(403);
      expect(ask('192.168.1.20', { 'x-mock-admin-token': 'a-long-admin-token-0123' }, path)).toBe(200);
      expect(ask('127.0.0.1', {}, path)).toBe(200);
    }
    expect(controlsAllowed({ headers: {}, socket: { remoteAddress: '10.0.0.5' } } as never, undefined)).toBe(false);
    expect(controlsAllowed({ headers: {}, socket: { remoteAddress: '::1' } } as never, undefined)).toBe(true);
  });
});

describe('delivery bounds', () => {
  it('drops events past maxPendingDeliveries, keeps maxLogEntries, gives up at maxDeliveryMs', async () => {
    const port = await closedPort();
    const mock = await startTestMock({
      devices: 2,
      config: configWith(`http://127.0.0.1:${port}/refused`, {
        webhookDelivery: { maxPendingDeliveries: 1, maxLogEntries: 3, backoffMs: 200, maxDeliveryMs: 100 },
      }),
    });
    const [device] = mock.world.devicesOf('Volt Energy');
    const flip = () => mock.controls.setDeviceState(device?.id as string, { steerable: !device?.steerable });
    flip();
    flip();
    await mock.webhooks.idle();
    const [first, second] = mock.webhooks.deliveries();
    expect(first).toMatchObject({
      state: 'failed',
      reason: 'gave up after 1 attempts: the next would pass maxDeliveryMs',
      attempts: [{ status: null, error: 'ECONNREFUSED' }],
    });
    expect(second).toMatchObject({
      state: 'dropped',
      reason: '1 deliveries pending (maxPendingDeliveries)',
      attempts: [],
    });
    flip();
    await mock.webhooks.idle();
    flip();
    await mock.webhooks.idle();
    const log = mock.webhooks.deliveries();
    expect(log).toHaveLength(3);
    expect(log[0]?.id).toBe(second?.id);
  });

  it('closing the mock cancels a delivery under way', async () => {
    const hanging = createServer(() => {});
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const { port } = hanging.address() as { port: number };
    const mock = await startMockServer({ port: 0, devices: 1, config: configWith(`http://127.0.0.1:${port}/`) });
    const [device] = mock.world.devicesOf('Volt Energy');
    mock.controls.setDeviceState(device?.id as string, { needs_reauthentication: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await mock.close();
    await mock.webhooks.idle();
    expect(mock.webhooks.deliveries()[0]).toMatchObject({ state: 'cancelled', reason: 'the mock closed' });
    hanging.close();
  });
});

describe('routing', () => {
  it("sends a device's events to its own accounts' receivers only, each signed with that account's key", async () => {
    const got: Array<{ path: string; body: string; headers: IncomingHttpHeaders }> = [];
    const receiver = createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        got.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
    const mock = await startTestMock({
      devices: 2,
      config: {
        accounts: [
          {
            role: 'supplier',
            name: 'Volt Energy',
            apiKey: SUPPLIER_KEY,
            allowedRedirectUrls: ['http://127.0.0.1:*'],
            webhooks: [{ url: `${base}/supplier` }],
          },
          {
            role: 'manufacturer',
            name: 'Heatwave',
            apiKey: MANUFACTURER_KEY,
            allowedRedirectUrls: ['http://127.0.0.1:*'],
            webhooks: [{ url: `${base}/manufacturer` }],
          },
        ],
      },
    });
    try {
      const connected = await post(mock, DEVICE_PATH, { user_id: 'owner-1' }, { key: MANUFACTURER_KEY });
      expect(connected.status).toBe(201);
      const [fleetDevice] = mock.world.devicesOf('Volt Energy');
      mock.controls.setDeviceState(fleetDevice?.id as string, { steerable: !fleetDevice?.steerable });
      await mock.webhooks.idle();
      expect(got.map((item) => item.path).sort()).toEqual(['/manufacturer', '/supplier']);
      const fromManufacturer = got.find((item) => item.path === '/manufacturer');
      const event = await verifyWebhook(
        fromManufacturer?.body as string,
        fromManufacturer?.headers as Record<string, string>,
        MANUFACTURER_KEY,
      );
      // The new device's first steerable status: there was none before.
      expect(event).toMatchObject({
        type: 'device.steerable_status.steerable.updated',
        data: { value: true, previous_value: null },
        metadata: { external_user_id: 'owner-1', energy_supplier: '' },
      });
      const fromSupplier = got.find((item) => item.path === '/supplier');
      await expect(
        verifyWebhook(fromSupplier?.body as string, fromSupplier?.headers as Record<string, string>, SUPPLIER_KEY),
      ).resolves.toMatchObject({ metadata: { device_id: fleetDevice?.id, energy_supplier: 'Volt Energy' } });
      // Connecting the same user's device again creates nothing: no event.
      await post(mock, DEVICE_PATH, { user_id: 'owner-1' }, { key: MANUFACTURER_KEY });
      await mock.webhooks.idle();
      expect(got).toHaveLength(2);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
