import { createNoxClient, orThrow } from '@nox-energy/client';

// Keep the key on your server: never ship it to a browser or an app.
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to your supplier API key');
}
const nox = createNoxClient({ apiKey });

const page = await orThrow(
  nox.GET('/v1/device/consumption/forecast/15min', { params: { query: { aggregated: false, limit: 1000 } } }),
);
for (const forecast of page.data) {
  console.log(`${forecast.device_id ?? 'all devices'}: ${forecast.consumption} kWh in the next 15 minutes`);
}
