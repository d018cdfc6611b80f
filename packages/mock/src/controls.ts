// Test controls: not NOX's API and not in the spec. Under one prefix, answered only to a client on the loopback
// interface or one sending the configured admin token, they set a device's state, move the clock and reset the
// world, trigger a webhook event and show the webhook delivery log; the same functions are on the object
// `startMockServer` returns.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './http/io.js';
import { sendPage } from './ui/handlers.js';
import type { TriggerResult, WebhookDispatcher } from './webhooks/dispatcher.js';
import { renderDeliveriesPage } from './webhooks/page.js';
import type { World } from './world/store.js';

export const CONTROL_PREFIX = '/_mock';
export const ADMIN_TOKEN_HEADER = 'x-mock-admin-token';

export interface DeviceState {
  steerable?: boolean;
  needs_reauthentication?: boolean;
  learning_period_ended?: boolean;
}

export interface MockControls {
  /** Sets a device's state flags; false when there is no such device. */
  setDeviceState(deviceId: string, state: DeviceState): boolean;
  /** Moves the clock (sessions, timestamps, the model) forward by `ms`. */
  advanceClock(ms: number): void;
  /** Sets the clock to a moment (milliseconds since the epoch). */
  setClock(ms: number): void;
  /** Empties the world and fills the demo fleet again (same seed, same fleet). */
  reset(): void;
  /** What the world holds now. */
  describe(): { users: number; devices: number; now: string };
  /**
   * Sends a webhook event of `type` (an event type of the spec) for a device, with its current value (or `value`
   * where the device holds none, e.g. `being_steered`), to the receivers of the device's accounts.
   */
  triggerWebhook(deviceId: string, type: string, value?: unknown): TriggerResult;
}

export function createControls(world: World, refill: () => void, webhooks: WebhookDispatcher): MockControls {
  return {
    triggerWebhook(deviceId, type, value) {
      const device = world.device(deviceId);
      return device ? webhooks.trigger(device, type, value) : { ok: false, error: `device_id: no device ${deviceId}` };
    },
    setDeviceState(deviceId, state) {
      const device = world.device(deviceId);
      if (!device) {
        return false;
      }
      world.setDeviceState(device, {
        ...(state.steerable !== undefined ? { steerable: state.steerable } : {}),
        ...(state.needs_reauthentication !== undefined ? { needsReauthentication: state.needs_reauthentication } : {}),
        ...(state.learning_period_ended !== undefined ? { learningPeriodEnded: state.learning_period_ended } : {}),
      });
      return true;
    },
    advanceClock: (ms) => world.advanceClock(ms),
    setClock: (ms) => world.setClock(ms),
    reset() {
      world.reset();
      refill();
    },
    describe: () => ({ users: world.userCount, devices: world.deviceCount, now: new Date(world.now()).toISOString() }),
  };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const MAX_CONTROL_BODY = 4096;
const STATE_FIELDS = new Set(['steerable', 'needs_reauthentication', 'learning_period_ended']);

/** The controls' guard: a client on the loopback interface, or one sending the admin token. */
export function controlsAllowed(req: IncomingMessage, adminToken: string | undefined): boolean {
  const given = req.headers[ADMIN_TOKEN_HEADER];
  if (adminToken !== undefined && typeof given === 'string') {
    const a = Buffer.from(given);
    const b = Buffer.from(adminToken);
    if (a.length === b.length && timingSafeEqual(a, b)) {
      return true;
    }
  }
  return LOOPBACK.has(req.socket.remoteAddress ?? '');
}

export const DELIVERIES_PATH = `${CONTROL_PREFIX}/webhooks/deliveries`;
export const DELIVERIES_PAGE_PATH = `${CONTROL_PREFIX}/ui/webhooks`;
const GET_ROUTES = ['/world', '/webhooks/deliveries', '/ui/webhooks'];

/**
 * The HTTP face of the controls: `GET /_mock/world`, `POST /_mock/clock`, `POST /_mock/devices/{id}/state`,
 * `POST /_mock/reset`, `POST /_mock/webhooks/trigger`, `GET /_mock/webhooks/deliveries` and its page
 * `GET /_mock/ui/webhooks`.
 */
export function createControlHandler(
  controls: MockControls,
  adminToken: string | undefined,
  webhooks?: Pick<WebhookDispatcher, 'deliveries'>,
) {
  const fail = (res: ServerResponse, status: number, error: string) => sendJson(res, status, { error });
  return function handleControl(req: IncomingMessage, res: ServerResponse, path: string): void {
    if (!controlsAllowed(req, adminToken)) {
      fail(res, 403, `test controls answer only on the loopback interface or with the ${ADMIN_TOKEN_HEADER} header`);
      return;
    }
    const route = path.slice(CONTROL_PREFIX.length);
    if (req.method === 'GET' && route === '/world') {
      sendJson(res, 200, controls.describe());
      return;
    }
    if (req.method === 'GET' && route === '/webhooks/deliveries') {
      sendJson(res, 200, { deliveries: webhooks?.deliveries() ?? [] });
      return;
    }
    if (req.method === 'GET' && route === '/ui/webhooks') {
      sendPage(res, 200, renderDeliveriesPage(webhooks?.deliveries() ?? [], DELIVERIES_PATH));
      return;
    }
    if (req.method !== 'POST') {
      fail(res, 405, `${route}: use POST (GET only for ${GET_ROUTES.join(', ')})`);
      return;
    }
    readBody(req, MAX_CONTROL_BODY, (read) => {
      if (!read.ok) {
        fail(res, 413, `body: must not exceed ${MAX_CONTROL_BODY} bytes`);
        return;
      }
      let body: Record<string, unknown> = {};
      try {
        body = read.body.length === 0 ? {} : (JSON.parse(read.body.toString('utf8')) as Record<string, unknown>);
      } catch {
        fail(res, 400, 'body: is not valid JSON');
        return;
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        fail(res, 400, 'body: must be a JSON object');
        return;
      }
      const device = /^\/devices\/([^/]+)\/state$/.exec(route);
      if (route === '/webhooks/trigger') {
        if (typeof body.device_id !== 'string' || typeof body.type !== 'string') {
          fail(res, 400, 'body: send {"device_id": "<id>", "type": "<event type>"} and, optionally, "value"');
          return;
        }
        const result = controls.triggerWebhook(body.device_id, body.type, body.value);
        if (!result.ok) {
          fail(res, result.error.startsWith('device_id:') ? 404 : 400, result.error);
          return;
        }
        const { ok: _ok, ...accepted } = result;
        sendJson(res, 202, accepted);
        return;
      }
      if (route === '/reset') {
        controls.reset();
      } else if (route === '/clock') {
        if (typeof body.advance_seconds === 'number' && Number.isFinite(body.advance_seconds)) {
          controls.advanceClock(body.advance_seconds * 1000);
        } else if (typeof body.set === 'string' && Number.isFinite(Date.parse(body.set))) {
          controls.setClock(Date.parse(body.set));
        } else {
          fail(res, 400, 'body: send {"advance_seconds": <number>} or {"set": "<ISO 8601 time>"}');
          return;
        }
      } else if (device) {
        const entries = Object.entries(body);
        const wrong = entries.find(([key, value]) => !STATE_FIELDS.has(key) || typeof value !== 'boolean');
        if (wrong || entries.length === 0) {
          fail(res, 400, `body: booleans among ${[...STATE_FIELDS].join(', ')}`);
          return;
        }
        if (!controls.setDeviceState(decodeURIComponent(device[1] as string), body as DeviceState)) {
          fail(res, 404, `no device ${decodeURIComponent(device[1] as string)}`);
          return;
        }
      } else {
        fail(res, 404, `no test control at ${path}`);
        return;
      }
      sendJson(res, 200, controls.describe());
    });
  };
}
