// The world's changes as the spec's webhook events: the event type is the spec's webhook whose sub-event (NOX's
// `{sub_event_type}`, the segment before `.updated`) names the changed part or flag, the envelope has the shape of
// the spec's event schemas, and each one is validated against its schema before it is sent, like responses.
import { createHmac, randomBytes } from 'node:crypto';
import type { Webhook, WebhookSignatureRecipe } from '@nox-energy/spec-reader';
import type { SchemaCompiler, ValidateFunction } from '../spec/schemas.js';
import type { Device, WorldEvent } from '../world/store.js';

export interface EventType {
  type: string;
  /** NOX's `{sub_event_type}`: `room` of `device.settings.room.updated`. */
  subEvent: string;
  mediaType: string;
  validate: ValidateFunction;
}

/** One changed value of one device, before it becomes an event. */
export interface Change {
  subEvent: string;
  device: Device;
  value: unknown;
  /** `null` when there was none (a new device). */
  previous: unknown;
  atMs: number;
}

/** An event ready to sign: its JSON is the exact body every receiver gets. */
export interface PreparedEvent {
  eventId: string;
  /** `X-Webhook-Id`: `{event_id}:{sub_event_type}`, the same on every attempt and every receiver. */
  webhookId: string;
  type: string;
  device: Device;
  body: string;
}

export function subEventOf(type: string): string {
  const parts = type.split('.');
  return parts.length >= 2 ? (parts[parts.length - 2] as string) : type;
}

/** The spec's event types by sub-event, each with its compiled schema (compiled once, at start). */
export function readEventTypes(webhooks: readonly Webhook[], compiler: SchemaCompiler): Map<string, EventType> {
  const types = new Map<string, EventType>();
  for (const webhook of webhooks) {
    const subEvent = subEventOf(webhook.eventType);
    if (!types.has(subEvent)) {
      types.set(subEvent, {
        type: webhook.eventType,
        subEvent,
        mediaType: webhook.mediaType,
        validate: compiler.compile(webhook.schema),
      });
    }
  }
  return types;
}

/** What a world event changed, one entry per device and sub-event. */
export function changesOf(event: WorldEvent): Change[] {
  switch (event.type) {
    case 'device.settings.updated':
      return [
        { subEvent: event.part, device: event.device, value: event.value, previous: event.previous, atMs: event.atMs },
      ];
    case 'device.state.updated':
      return [
        { subEvent: event.field, device: event.device, value: event.value, previous: event.previous, atMs: event.atMs },
      ];
    case 'link.completed':
      // NOX documents no link event (the callback is the link's notice); a device the link created gets its
      // steerable status for the first time, which the spec's `previous_value: null` ("there was none") fits.
      return event.created.map((device) => ({
        subEvent: 'steerable',
        device,
        value: device.steerable,
        previous: null,
        atMs: event.atMs,
      }));
  }
}

/** The current value of a device's part or flag, for an event triggered by hand; undefined when it has none. */
export function currentValue(device: Device, subEvent: string): unknown {
  switch (subEvent) {
    case 'room':
      return device.room;
    case 'dhw':
      return device.dhw;
    case 'optimization_settings':
      return device.asset === 'hp' ? device.optimization : device.pvOptimization;
    case 'steerable':
      return device.steerable;
    case 'needs_reauthentication':
      return device.needsReauthentication;
    case 'steering_enabled':
      return device.asset === 'hp'
        ? device.optimization.flex_trading === true
        : device.pvOptimization.pv_curtailment_mode === 'managed';
    default:
      return undefined;
  }
}

/** Event times as NOX's examples write them: whole seconds, `Z`. */
const eventTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The envelope of a change, checked against its event schema; an error message when it breaks the schema. */
export function prepareEvent(change: Change, eventType: EventType): PreparedEvent | { error: string } {
  const eventId = `evt_${randomBytes(12).toString('hex')}`;
  const { device } = change;
  const envelope = {
    id: eventId,
    type: eventType.type,
    timestamp: eventTime(change.atMs),
    data: { value: change.value, previous_value: change.previous },
    metadata: {
      device_id: device.id,
      user_id: device.user.id,
      external_user_id: device.user.externalId,
      brand: device.brand,
      // A device connected by its manufacturer alone has no supplier: named as the device lists name it.
      energy_supplier: device.supplier ?? '',
    },
  };
  if (!eventType.validate(envelope)) {
    const [issue] = eventType.validate.errors ?? [];
    return { error: `${eventType.type}${issue?.instancePath ?? ''}: ${issue?.message ?? 'breaks the spec'}` };
  }
  return {
    eventId,
    webhookId: `${eventId}:${eventType.subEvent}`,
    type: eventType.type,
    device,
    body: JSON.stringify(envelope),
  };
}

/** The headers of one attempt, signed by the spec's recipe with the receiving account's API key. */
export function signDelivery(
  recipe: WebhookSignatureRecipe,
  apiKey: string,
  body: string,
  webhookId: string,
  timestampSeconds: number,
): Record<string, string> {
  const timestamp = String(timestampSeconds);
  const hmac = createHmac('sha256', apiKey);
  for (const part of recipe.signedContent.split(/(\{[a-z]+\})/)) {
    hmac.update(part === '{body}' ? body : part === '{timestamp}' ? timestamp : part === '{id}' ? webhookId : part);
  }
  return {
    [recipe.signatureHeader]: `${recipe.prefix}${hmac.digest(recipe.encoding)}`,
    [recipe.timestampHeader]: timestamp,
    [recipe.idHeader]: webhookId,
  };
}
