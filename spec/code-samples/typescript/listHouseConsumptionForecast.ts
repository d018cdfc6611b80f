import { createNoxClient, orThrow } from '@nox-energy/client';

// Keep the key on your server: never ship it to a browser or an app.
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to your supplier API key');
}
const nox = createNoxClient({ apiKey });

const page = await orThrow(nox.GET('/v1/house/consumption/forecast', { params: { query: { house_id: '12345' } } }));
for (const slot of page.data) {
  // consumption is a decimal string (kWh).
  console.log(`${slot.forecast_time}: ${Number(slot.consumption).toFixed(1)} ${page.meta.consumption_unit}`);
}
