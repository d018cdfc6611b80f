// Webhook delivery: each change of the world becomes the spec's event, posted to every receiver of each account
// that owns the device, signed with that account's API key. Acknowledged on 2xx; a 3xx or 4xx is final; a 5xx, a
// timeout (which covers the whole response, body included) or a connection error is retried with a doubling
// backoff, up to `maxAttempts` and the overall `maxDeliveryMs`. Everything is bounded: pending deliveries, the log,
// the response bytes read, the attempts kept.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { WebhookSignatureRecipe } from '@nox-energy/spec-reader';
import type { WebhookDeliveryOptions, WebhookReceiver } from '../config.js';
import type { Device, WorldEvent } from '../world/store.js';
import {
  type Change,
  changesOf,
  currentValue,
  type EventType,
  type PreparedEvent,
  prepareEvent,
  signDelivery,
} from './events.js';

export const DEFAULT_WEBHOOK_DELIVERY: Required<WebhookDeliveryOptions> = {
  timeoutMs: 10_000,
  maxAttempts: 5,
  backoffMs: 1_000,
  maxBackoffMs: 60_000,
  maxDeliveryMs: 300_000,
  maxPendingDeliveries: 1_000,
  maxLogEntries: 1_000,
};

/** Response bytes read per attempt: enough to show in the log, never a receiver's whole answer. */
const MAX_RESPONSE_BYTES = 4096;
/** Of which the log keeps the start. */
const LOGGED_RESPONSE_CHARS = 200;

export interface DeliveryAttempt {
  attempt: number;
  startedAt: string;
  /** The receiver's status; null when none came (connection error, timeout before the status line). */
  status: number | null;
  durationMs: number;
  /** Why the attempt failed without a status, or timed out after it; null otherwise. */
  error: string | null;
  /** The start of the response body. */
  response: string;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'dropped' | 'cancelled';

export interface Delivery {
  /** The log's own id of this delivery (one event to one receiver). */
  id: string;
  eventId: string;
  /** The `X-Webhook-Id` sent on every attempt. */
  webhookId: string;
  type: string;
  deviceId: string | null;
  account: string;
  url: string;
  state: DeliveryState;
  /** Why it ended as it did (null while pending or once delivered). */
  reason: string | null;
  createdAt: string;
  finishedAt: string | null;
  nextAttemptAt: string | null;
  attempts: DeliveryAttempt[];
}

export interface WebhookAccount {
  name: string;
  apiKey: string;
  webhooks?: WebhookReceiver[] | undefined;
}

export interface DispatcherOptions {
  accounts: readonly WebhookAccount[];
  recipe: WebhookSignatureRecipe | undefined;
  /** The spec's event types by sub-event. */
  eventTypes: ReadonlyMap<string, EventType>;
  delivery?: WebhookDeliveryOptions | undefined;
  /** The world's clock, for the time of a triggered event. */
  now: () => number;
  /** An event the mock builds that breaks the spec is a bug of the mock: reported here, and not sent. */
  onError: (error: unknown) => void;
}

export type TriggerResult =
  | { ok: true; eventId: string; webhookId: string; type: string; deliveries: number }
  | { ok: false; error: string };

export interface WebhookDispatcher {
  /** The world's publish hook. */
  publish(event: WorldEvent): void;
  /** Sends an event of `type` for a device's current state (or `value`), as if it had just changed. */
  trigger(device: Device, type: string, value?: unknown): TriggerResult;
  /** The log, oldest first (copies). */
  deliveries(): Delivery[];
  /** Resolves once no delivery is pending (all delivered, failed or given up). */
  idle(): Promise<void>;
  /** The event types of the spec. */
  readonly types: readonly string[];
  /** Stops: pending deliveries are cancelled, sockets closed, timers cleared. */
  close(): void;
}

const iso = (ms: number) => new Date(ms).toISOString();

interface Outcome {
  status: number | null;
  error: string | null;
  response: string;
  durationMs: number;
}

export function createDispatcher(options: DispatcherOptions): WebhookDispatcher {
  const settings = { ...DEFAULT_WEBHOOK_DELIVERY, ...options.delivery };
  const log = new Map<string, Delivery>();
  const byType = new Map([...options.eventTypes.values()].map((eventType) => [eventType.type, eventType]));
  let sequence = 0;
  let pending = 0;
  let closed = false;
  let waiters: Array<() => void> = [];
  /** What `close` must stop: sockets in flight and backoff timers. */
  const stoppers = new Set<() => void>();

  const record = (delivery: Delivery) => {
    log.set(delivery.id, delivery);
    for (const id of log.keys()) {
      if (log.size <= settings.maxLogEntries) {
        break;
      }
      log.delete(id);
    }
  };

  const finish = (delivery: Delivery, state: DeliveryState, reason: string | null) => {
    delivery.state = state;
    delivery.reason = reason;
    delivery.finishedAt = iso(Date.now());
    delivery.nextAttemptAt = null;
    pending--;
    if (pending === 0) {
      const ready = waiters;
      waiters = [];
      for (const resolve of ready) {
        resolve();
      }
    }
  };

  /** One POST, bounded by `timeoutMs` from the first byte sent to the last byte of the response read. */
  const post = (url: URL, headers: Record<string, string>, body: string, timeoutMs: number) =>
    new Promise<Outcome>((resolve) => {
      const started = performance.now();
      const chunks: Buffer[] = [];
      let size = 0;
      let status: number | null = null;
      let settled = false;
      const done = (error: string | null) => {
        if (settled) {
          return;
        }
        settled = true;
        clearTimeout(timer);
        stoppers.delete(stop);
        req.destroy();
        resolve({
          status,
          error,
          response: Buffer.concat(chunks).toString('utf8').slice(0, LOGGED_RESPONSE_CHARS),
          durationMs: Math.round(performance.now() - started),
        });
      };
      const stop = () => done('cancelled: the mock is closing');
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(url, {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body), 'user-agent': 'nox-mock-webhooks' },
        // A fresh connection per attempt: no idle sockets outlive a delivery.
        agent: false,
      });
      const timer = setTimeout(() => done(`timed out after ${timeoutMs} ms`), timeoutMs);
      stoppers.add(stop);
      req.on('response', (res) => {
        status = res.statusCode ?? null;
        res.on('data', (chunk: Buffer) => {
          if (size < MAX_RESPONSE_BYTES) {
            chunks.push(chunk.subarray(0, MAX_RESPONSE_BYTES - size));
          }
          size += chunk.length;
          if (size >= MAX_RESPONSE_BYTES) {
            // Enough of it: the status decides, the rest is not read.
            done(null);
          }
        });
        res.on('end', () => done(null));
        res.on('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
      });
      req.on('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
      req.end(body);
    });

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const stop = () => {
        clearTimeout(timer);
        stoppers.delete(stop);
        resolve();
      };
      const timer = setTimeout(stop, ms);
      stoppers.add(stop);
    });

  const run = async (delivery: Delivery, event: PreparedEvent, apiKey: string, recipe: WebhookSignatureRecipe) => {
    const deadline = Date.now() + settings.maxDeliveryMs;
    const url = new URL(delivery.url);
    for (let attempt = 1; ; attempt++) {
      if (closed) {
        finish(delivery, 'cancelled', 'the mock closed');
        return;
      }
      const startedAt = Date.now();
      // A fresh timestamp (and so a fresh signature) on every attempt: a retry is never stale on arrival.
      const headers = signDelivery(recipe, apiKey, event.body, event.webhookId, Math.floor(startedAt / 1000));
      const timeoutMs = Math.max(1, Math.min(settings.timeoutMs, deadline - startedAt));
      const outcome = await post(url, { 'content-type': 'application/json', ...headers }, event.body, timeoutMs);
      delivery.attempts.push({ attempt, startedAt: iso(startedAt), ...outcome });
      const { status, error } = outcome;
      if (closed) {
        finish(delivery, 'cancelled', 'the mock closed');
        return;
      }
      if (error === null && status !== null && status >= 200 && status < 300) {
        finish(delivery, 'delivered', null);
        return;
      }
      if (error === null && status !== null && status < 500) {
        // The spec: a 4xx is a permanent failure. A redirect is not followed and would answer the same again.
        finish(delivery, 'failed', `${status}: not retried`);
        return;
      }
      if (attempt >= settings.maxAttempts) {
        finish(delivery, 'failed', `gave up after ${attempt} attempts (maxAttempts)`);
        return;
      }
      const wait = Math.min(settings.backoffMs * 2 ** (attempt - 1), settings.maxBackoffMs);
      if (Date.now() + wait >= deadline) {
        finish(delivery, 'failed', `gave up after ${attempt} attempts: the next would pass maxDeliveryMs`);
        return;
      }
      delivery.nextAttemptAt = iso(Date.now() + wait);
      await sleep(wait);
      delivery.nextAttemptAt = null;
    }
  };

  /** Queues an event for every receiver of the device's accounts that takes its type; returns how many. */
  const dispatch = (event: PreparedEvent): number => {
    const owners = new Set([event.device.supplier, event.device.manufacturer]);
    let count = 0;
    for (const account of options.accounts) {
      if (!owners.has(account.name)) {
        continue;
      }
      for (const receiver of account.webhooks ?? []) {
        if (receiver.events && !receiver.events.includes(event.type)) {
          continue;
        }
        count++;
        const delivery: Delivery = {
          id: `dlv_${++sequence}`,
          eventId: event.eventId,
          webhookId: event.webhookId,
          type: event.type,
          deviceId: event.device.id,
          account: account.name,
          url: receiver.url,
          state: 'pending',
          reason: null,
          createdAt: iso(Date.now()),
          finishedAt: null,
          nextAttemptAt: null,
          attempts: [],
        };
        record(delivery);
        if (closed || pending >= settings.maxPendingDeliveries || !options.recipe) {
          delivery.state = closed ? 'cancelled' : 'dropped';
          delivery.reason = closed
            ? 'the mock closed'
            : options.recipe
              ? `${settings.maxPendingDeliveries} deliveries pending (maxPendingDeliveries)`
              : 'the spec has no x-nox-webhook-signature recipe to sign with';
          delivery.finishedAt = delivery.createdAt;
          continue;
        }
        pending++;
        run(delivery, event, account.apiKey, options.recipe).catch((error: unknown) => {
          options.onError(error);
          finish(delivery, 'failed', 'internal error of the mock');
        });
      }
    }
    return count;
  };

  const hasReceivers = options.accounts.some((account) => (account.webhooks ?? []).length > 0);

  const send = (change: Change, eventType: EventType) => {
    const prepared = prepareEvent(change, eventType);
    if ('error' in prepared) {
      options.onError(new Error(`webhook event breaks the spec, not sent: ${prepared.error}`));
      return;
    }
    dispatch(prepared);
  };

  return {
    types: [...byType.keys()],
    publish(event) {
      if (!hasReceivers) {
        return;
      }
      // Called inside the world's change: a failure here is reported, never thrown into the request that changed it.
      try {
        for (const change of changesOf(event)) {
          const eventType = options.eventTypes.get(change.subEvent);
          // A change the spec has no event type for (a spec given with --spec) is not sent.
          if (eventType) {
            send(change, eventType);
          }
        }
      } catch (error) {
        options.onError(error);
      }
    },
    trigger(device, type, value) {
      const eventType = byType.get(type);
      if (!eventType) {
        return { ok: false, error: `type: must be one of ${[...byType.keys()].join(', ')}` };
      }
      const current = currentValue(device, eventType.subEvent);
      const chosen = value ?? current;
      if (chosen === undefined) {
        return { ok: false, error: `value: ${type} has no device field to read; send "value"` };
      }
      // Nothing changed: the previous value is the current one (or none, for a value the device does not hold).
      const prepared = prepareEvent(
        { subEvent: eventType.subEvent, device, value: chosen, previous: current ?? null, atMs: options.now() },
        eventType,
      );
      if ('error' in prepared) {
        return { ok: false, error: prepared.error };
      }
      const deliveries = dispatch(prepared);
      return { ok: true, eventId: prepared.eventId, webhookId: prepared.webhookId, type, deliveries };
    },
    deliveries: () => [...log.values()].map((delivery) => structuredClone(delivery)),
    idle: () => (pending === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    close() {
      closed = true;
      for (const stop of [...stoppers]) {
        stop();
      }
    },
  };
}
