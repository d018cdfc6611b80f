// Webhook delivery over real HTTP, to a receiver in this process: each change is posted signed by the spec's
// recipe (checked with the client's own verifier), retried on 5xx and timeouts with the same X-Webhook-Id, not
// retried on 4xx, and given up after maxAttempts; every attempt shows in the log.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '@nox-energy/client/webhooks';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Delivery } from '../src/index.js';
import { SUPPLIER_KEY, specAjv, startTestMock } from './helpers.js';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** What the receiver does with the n-th delivery (from 1) of one X-Webhook-Id. */
type Behaviour = (attempt: number, res: ServerResponse) => void;
const answer = (status: number) => (_attempt: number, res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(`answered ${status}`);
};

const received: Received[] = [];
const attemptsById = new Map<string, number>();
let behaviour: Behaviour = answer(204);
const open = new Set<ServerResponse>();

const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    if (req.url === '/room-only') {
      answer(204)(1, res);
      return;
    }
    const id = String(req.headers['x-webhook-id']);
    const attempt = (attemptsById.get(id) ?? 0) + 1;
    attemptsById.set(id, attempt);
    open.add(res);
    res.on('close', () => open.delete(res));
    behaviour(attempt, res);
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
afterAll(async () => {
  for (const res of open) {
    res.destroy();
  }
  await new Promise((resolve) => receiver.close(resolve));
});

// Long enough that a receiver in this process answers in time on a busy machine; the hang tests wait it out.
const ATTEMPT_TIMEOUT_MS = 1000;

const errors: unknown[] = [];
const mock = await startTestMock({
  devices: 4,
  seed: 3,
  onError: (error) => errors.push(error),
  config: {
    accounts: [
      {
        role: 'supplier',
        name: 'Volt Energy',
        apiKey: SUPPLIER_KEY,
        allowedRedirectUrls: ['http://127.0.0.1:*'],
        webhooks: [
          { url: `${receiverUrl}/all` },
          { url: `${receiverUrl}/room-only`, events: ['device.settings.room.updated'] },
        ],
      },
    ],
    webhookDelivery: { timeoutMs: ATTEMPT_TIMEOUT_MS, maxAttempts: 3, backoffMs: 20, maxBackoffMs: 40 },
  },
});
afterAll(() => expect(errors).toEqual([]));

const found = mock.world.devicesOf('Volt Energy').find((device) => device.asset === 'hp');
if (!found) {
  throw new Error('the demo fleet has no heat pump');
}
const heatPump = found;

/** An independent check of a body against its event type's schema in the spec. */
function matchesSpec(body: string): boolean {
  const event = JSON.parse(body) as { type: string };
  return specAjv.validate(
    { $ref: `spec#/webhooks/${event.type}/post/requestBody/content/application~1json/schema` },
    event,
  );
}

/** Flips the device's re-authentication flag: one `needs_reauthentication` event. */
async function change(): Promise<Delivery> {
  const before = mock.webhooks.deliveries().length;
  mock.controls.setDeviceState(heatPump.id, { needs_reauthentication: !heatPump.needsReauthentication });
  await mock.webhooks.idle();
  const added = mock.webhooks.deliveries().slice(before);
  expect(added).toHaveLength(1);
  return added[0] as Delivery;
}

const toAll = (webhookId: string) =>
  received.filter((item) => item.path === '/all' && item.headers['x-webhook-id'] === webhookId);

async function expectVerified(item: Received) {
  const event = await verifyWebhook(item.body, item.headers as Record<string, string>, SUPPLIER_KEY, { strict: true });
  expect(matchesSpec(item.body)).toBe(true);
  return event;
}

beforeEach(() => {
  behaviour = answer(204);
});

describe('webhook delivery', () => {
  it('5xx then 2xx: delivered twice with the same id, each signature verifying with the client', async () => {
    behaviour = (attempt, res) => answer(attempt === 1 ? 503 : 200)(attempt, res);
    const delivery = await change();
    expect(delivery).toMatchObject({ state: 'delivered', type: 'device.needs_reauthentication.updated' });
    expect(delivery.attempts.map((attempt) => attempt.status)).toEqual([503, 200]);
    expect(delivery.webhookId).toBe(`${delivery.eventId}:needs_reauthentication`);
    const posts = toAll(delivery.webhookId);
    expect(posts).toHaveLength(2);
    for (const item of posts) {
      const event = await expectVerified(item);
      expect(event).toMatchObject({
        id: delivery.eventId,
        type: 'device.needs_reauthentication.updated',
        data: { value: heatPump.needsReauthentication, previous_value: !heatPump.needsReauthentication },
        metadata: { device_id: heatPump.id, user_id: heatPump.user.id, energy_supplier: 'Volt Energy' },
      });
    }
    // The same event, byte for byte; each attempt signed afresh.
    expect(posts[0]?.body).toBe(posts[1]?.body);
    expect(posts[0]?.headers['x-webhook-id']).toBe(posts[1]?.headers['x-webhook-id']);
  });

  it('4xx: delivered once, not retried', async () => {
    behaviour = answer(410);
    const delivery = await change();
    expect(delivery).toMatchObject({ state: 'failed', reason: '410: not retried' });
    expect(delivery.attempts).toHaveLength(1);
    expect(toAll(delivery.webhookId)).toHaveLength(1);
  });

  it('a receiver that hangs is cut off at timeoutMs and retried', async () => {
    // First attempt: no answer at all; second: the status line, then a body that never ends; third: 200.
    behaviour = (attempt, res) => {
      if (attempt === 2) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('partial');
      } else if (attempt === 3) {
        answer(200)(attempt, res);
      }
    };
    const delivery = await change();
    expect(delivery.state).toBe('delivered');
    expect(delivery.attempts.map(({ status, error }) => [status, error])).toEqual([
      [null, `timed out after ${ATTEMPT_TIMEOUT_MS} ms`],
      [200, `timed out after ${ATTEMPT_TIMEOUT_MS} ms`],
      [200, null],
    ]);
    for (const attempt of delivery.attempts.slice(0, 2)) {
      expect(attempt.durationMs).toBeGreaterThanOrEqual(ATTEMPT_TIMEOUT_MS - 10);
      expect(attempt.durationMs).toBeLessThan(ATTEMPT_TIMEOUT_MS + 2000);
    }
    expect(toAll(delivery.webhookId)).toHaveLength(3);
  });

  it('respects the retry bound: maxAttempts posts, then gives up', async () => {
    behaviour = answer(500);
    const delivery = await change();
    expect(delivery).toMatchObject({ state: 'failed', reason: 'gave up after 3 attempts (maxAttempts)' });
    expect(delivery.attempts.map((attempt) => attempt.status)).toEqual([500, 500, 500]);
    expect(toAll(delivery.webhookId)).toHaveLength(3);
    // Backoff 20 ms then 40 ms between the attempts.
    const starts = delivery.attempts.map((attempt) => Date.parse(attempt.startedAt));
    expect((starts[1] as number) - (starts[0] as number)).toBeGreaterThanOrEqual(15);
    expect((starts[2] as number) - (starts[1] as number)).toBeGreaterThanOrEqual(35);
  });

  it('a setting changed through the API: one event per receiver that takes its type', async () => {
    const before = received.length;
    const response = await fetch(`${mock.baseUrls.package}/v1/devices/settings`, {
      method: 'PATCH',
      headers: { 'x-api-key': SUPPLIER_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({
        user_id: heatPump.user.id,
        device_id: heatPump.id,
        room: { preferred_temperature: 19.5 },
      }),
    });
    expect(response.status).toBe(204);
    await mock.webhooks.idle();
    const posts = received.slice(before);
    expect(posts.map((item) => item.path).sort()).toEqual(['/all', '/room-only']);
    for (const item of posts) {
      const event = await expectVerified(item);
      expect(event.type).toBe('device.settings.room.updated');
      expect(event).toMatchObject({ data: { value: { preferred_temperature: 19.5 } } });
    }
    expect(posts[0]?.headers['x-webhook-id']).toBe(posts[1]?.headers['x-webhook-id']);
  });

  it('the log endpoint and its page show every attempt', async () => {
    behaviour = (attempt, res) => answer(attempt === 1 ? 502 : 200)(attempt, res);
    const delivery = await change();
    const response = await fetch(`${mock.url}/_mock/webhooks/deliveries`);
    expect(response.status).toBe(200);
    const { deliveries } = (await response.json()) as { deliveries: Delivery[] };
    const logged = deliveries.find((item) => item.id === delivery.id);
    expect(logged).toMatchObject({
      eventId: delivery.eventId,
      webhookId: delivery.webhookId,
      type: 'device.needs_reauthentication.updated',
      account: 'Volt Energy',
      url: `${receiverUrl}/all`,
      state: 'delivered',
      attempts: [
        { attempt: 1, status: 502, error: null, response: 'answered 502' },
        { attempt: 2, status: 200, error: null, response: 'answered 200' },
      ],
    });
    expect(logged?.attempts[0]?.durationMs).toEqual(expect.any(Number));

    const page = await fetch(`${mock.url}/_mock/ui/webhooks`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain(delivery.webhookId);
    expect(html).toContain('1. 502 (');
  });

  it('the trigger control sends an event of any spec type for a device', async () => {
    const response = await fetch(`${mock.url}/_mock/webhooks/trigger`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        device_id: heatPump.id,
        type: 'device.steerable_status.being_steered.updated',
        value: true,
      }),
    });
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as { webhookId: string; deliveries: number };
    expect(accepted.deliveries).toBe(1);
    await mock.webhooks.idle();
    const [post] = toAll(accepted.webhookId);
    expect(post).toBeDefined();
    const event = await expectVerified(post as Received);
    expect(event).toMatchObject({ data: { value: true, previous_value: null } });

    const unknown = await fetch(`${mock.url}/_mock/webhooks/trigger`, {
      method: 'POST',
      body: JSON.stringify({ device_id: heatPump.id, type: 'device.exploded' }),
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toMatch(/^type: must be one of device\./);
    // The envelope is checked against the spec before it is sent: a value of the wrong type is refused.
    const wrong = await fetch(`${mock.url}/_mock/webhooks/trigger`, {
      method: 'POST',
      body: JSON.stringify({ device_id: heatPump.id, type: 'device.steerable_status.steerable.updated', value: 'yes' }),
    });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toBe(
      'device.steerable_status.steerable.updated/data/value: must be boolean',
    );
    const noDevice = await fetch(`${mock.url}/_mock/webhooks/trigger`, {
      method: 'POST',
      body: JSON.stringify({ device_id: 'nope', type: 'device.settings.room.updated' }),
    });
    expect(noDevice.status).toBe(404);
  });
});
