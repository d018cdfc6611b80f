import { createNoxClient, orThrow } from '@nox-energy/client';

// Keep the key on your server: never ship it to a browser or an app.
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to your supplier API key');
}
// environment: 'sandbox' sends Package API calls to https://api.sandbox.nox.energy.
const nox = createNoxClient({ apiKey, environment: 'sandbox' });

// Page through the heat pumps of one user: pass meta.next_token back until it is null.
let nextToken: string | null | undefined;
do {
  const page = await orThrow(
    nox.GET('/v1/devices', { params: { query: { user_id: 'user_4', limit: 1000, next_token: nextToken } } }),
  );
  for (const device of page.data) {
    const steerable = device.steerable_status?.steerable ?? false;
    console.log(`${device.device_id}: ${device.brand} ${device.model}, steerable: ${steerable}`);
  }
  nextToken = page.meta.next_token;
} while (nextToken);
