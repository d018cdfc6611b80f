import { NoxWebhookError, verifyWebhook, type WebhookEventOf } from '@nox-energy/client/webhooks';

// NOX signs each delivery with the API key of the receiving account (recipe inferred: see Webhooks).
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to the API key of the account that receives the webhooks');
}

/** Your webhook endpoint's handler (a Fetch API route): the raw body exactly as received, never re-serialised. */
export async function POST(request: Request): Promise<Response> {
  try {
    const event = await verifyWebhook(await request.text(), request.headers, apiKey as string);
    // De-duplicate on request.headers.get('x-webhook-id') before acting: retries carry the same id.
    if (event.type === 'device.steerable_status.steerable.updated') {
      onDeviceSteerableUpdated(event);
    }
    return new Response(null, { status: 204 });
  } catch (error) {
    // A 4xx is final (NOX does not retry it); a 5xx makes NOX retry later.
    return new Response(null, { status: error instanceof NoxWebhookError ? 401 : 500 });
  }
}

function onDeviceSteerableUpdated(event: WebhookEventOf<'device.steerable_status.steerable.updated'>) {
  console.log(`${event.metadata.device_id} steerable: ${event.data.previous_value} -> ${event.data.value}`);
}
