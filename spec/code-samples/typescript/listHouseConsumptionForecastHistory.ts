import { createNoxClient, orThrow } from '@nox-energy/client';

// Keep the key on your server: never ship it to a browser or an app.
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to your supplier API key');
}
const nox = createNoxClient({ apiKey });

const page = await orThrow(
  nox.GET('/v1/house/consumption/forecast/historical', {
    params: { query: { start_time: '2025-04-29T00:00:00Z', end_time: '2025-04-30T00:00:00Z', limit: 1000 } },
  }),
);
for (const slot of page.data) {
  console.log(`${slot.forecast_generation_time} -> ${slot.forecast_time}: ${slot.consumption} kWh`);
}
