import { createNoxClient, orThrow } from '@nox-energy/client';

// Keep the key on your server: never ship it to a browser or an app.
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to your supplier API key');
}
const nox = createNoxClient({ apiKey });

const page = await orThrow(nox.GET('/v1/flex/down', { params: { query: { aggregated: true } } }));
console.log(`flex-down potential: ${page.data.reduce((sum, item) => sum + item.flex_down, 0)} kWh`);
