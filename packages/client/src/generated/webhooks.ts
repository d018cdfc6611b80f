// Generated from the NOX Energy OpenAPI spec by packages/client/scripts/generate.mjs. Do not edit.

/** How NOX signs a webhook delivery (`x-nox-webhook-signature`): HMAC-SHA256 keyed with the API key, hex. */
export const signature = {
  'signatureHeader': 'X-Webhook-Signature',
  'timestampHeader': 'X-Webhook-Timestamp',
  'idHeader': 'X-Webhook-Id',
  'prefix': 'sha256=',
  'signedContent': '{timestamp}.{body}',
  'toleranceSeconds': 300
} as const;

/** Every event type of the spec's `webhooks`. */
export const webhookEventTypes = [
  'device.steerable_status.being_steered.updated',
  'device.steerable_status.steering_enabled.updated',
  'device.steerable_status.steerable.updated',
  'device.needs_reauthentication.updated',
  'device.settings.room.updated',
  'device.settings.dhw.updated',
  'device.settings.optimization_settings.updated'
] as const;
