// Test controls: not NOX's API and not in the spec. Under one prefix, answered only to a client on the loopback
// interface or one sending the configured admin token, they set a device's state, move the clock and reset the
// world; the same functions are on the object `startMockServer` returns.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './http/io.js';
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
}

export function createControls(world: World, refill: () => void): MockControls {
  return {
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

function allowed(req: IncomingMessage, adminToken: string | undefined): boolean {
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

/** The HTTP face of the controls: `GET /_mock/world`, `POST /_mock/clock`, `POST /_mock/devices/{id}/state`, `POST /_mock/reset`. */
export function createControlHandler(controls: MockControls, adminToken: string | undefined) {
  const fail = (res: ServerResponse, status: number, error: string) => sendJson(res, status, { error });
  return function handleControl(req: IncomingMessage, res: ServerResponse, path: string): void {
    if (!allowed(req, adminToken)) {
      fail(res, 403, `test controls answer only on the loopback interface or with the ${ADMIN_TOKEN_HEADER} header`);
      return;
    }
    const route = path.slice(CONTROL_PREFIX.length);
    if (req.method === 'GET' && route === '/world') {
      sendJson(res, 200, controls.describe());
      return;
    }
    if (req.method !== 'POST') {
      fail(res, 405, `${route}: use POST (GET only for /world)`);
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
