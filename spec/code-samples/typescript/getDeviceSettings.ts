import { createNoxClient, orThrow } from '@nox-energy/client';

// Keep the key on your server: never ship it to a browser or an app.
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to your supplier API key');
}
const nox = createNoxClient({ apiKey });

const settings = await orThrow(nox.GET('/v1/devices/settings', { params: { query: { user_id: 'user_4' } } }));
for (const device of settings.data) {
  console.log(
    `${device.device_id}: preferred ${device.room?.preferred_temperature ?? '?'} °C (since ${device.updated_at})`,
  );
}
