import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookEvent, WebhookEventOf } from '@nox-energy/client';

// NOX signs each delivery with the API key of the receiving account (recipe inferred: see Webhooks).
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to the API key of the account that receives the webhooks');
}

/** Your webhook endpoint's handler: the raw body exactly as received, and the request headers. Returns the status. */
export function receive(rawBody: string, headers: Headers): number {
  const timestamp = headers.get('x-webhook-timestamp') ?? '';
  const signature = Buffer.from(headers.get('x-webhook-signature') ?? '');
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', apiKey as string)
      .update(`${timestamp}.${rawBody}`)
      .digest('hex')}`,
  );
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) <= 300;
  if (!fresh || signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
    return 401; // a 4xx is final: NOX does not retry it
  }
  // De-duplicate on headers.get('x-webhook-id') before acting: retries carry the same id.
  const event = JSON.parse(rawBody) as WebhookEvent; // every event type, narrowed by `type`
  if (event.type === 'device.steerable_status.being_steered.updated') {
    onDeviceBeingSteeredUpdated(event);
  }
  return 204;
}

function onDeviceBeingSteeredUpdated(event: WebhookEventOf<'device.steerable_status.being_steered.updated'>) {
  console.log(`${event.metadata.device_id} is ${event.data.value ? 'now' : 'no longer'} steered by NOX`);
}
