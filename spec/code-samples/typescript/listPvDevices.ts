import { createNoxClient, orThrow } from '@nox-energy/client';

// Keep the key on your server: never ship it to a browser or an app.
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to your supplier API key');
}
const nox = createNoxClient({ apiKey });

// The first page of PV inverters; meta.next_token is null on the last page.
const page = await orThrow(nox.GET('/v1/devices/pv', { params: { query: { limit: 100 } } }));
for (const inverter of page.data) {
  const { steerable, general_reason } = inverter.steerable_status;
  console.log(`${inverter.device_id} (${inverter.brand}): ${steerable ? 'steerable' : general_reason}`);
}
console.log(page.meta.next_token === null ? 'last page' : `more after ${page.meta.next_token}`);
