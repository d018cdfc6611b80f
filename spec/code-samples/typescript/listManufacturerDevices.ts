import { createNoxClient, orThrow } from '@nox-energy/client';

// Keep the key on your server: never ship it to a browser or an app.
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to your manufacturer API key');
}
const nox = createNoxClient({ apiKey });

// Your devices that users connected to NOX, with their energy supplier.
const page = await orThrow(nox.GET('/v1/manufacturer/devices', { params: { query: { limit: 4000 } } }));
for (const device of page.data) {
  console.log(`${device.device_id} is steered for ${device.energy_supplier}`);
}
