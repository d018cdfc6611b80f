import { createNoxClient } from '@nox-energy/client';
import { paginate } from '@nox-energy/client/pagination';

// Keep the key on your server: never ship it to a browser or an app.
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to your supplier API key');
}
// environment: 'sandbox' sends Package API calls to https://api.sandbox.nox.energy.
const nox = createNoxClient({ apiKey, environment: 'sandbox' });

// Every heat pump of one user: paginate follows meta.next_token until it is null.
for await (const device of paginate(nox, '/v1/devices', { params: { query: { user_id: 'user_4', limit: 1000 } } })) {
  const steerable = device.steerable_status?.steerable ?? false;
  console.log(`${device.device_id}: ${device.brand} ${device.model}, steerable: ${steerable}`);
}
