import { createNoxClient, orThrow } from '@nox-energy/client';

// Keep the key on your server: never ship it to a browser or an app.
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to your supplier API key');
}
const nox = createNoxClient({ apiKey });

// 96 quarter-hours from the next quarter-hour: heat at level 2 for an hour, then leave it to NOX.
const schedule = Array.from({ length: 96 }, (_, quarter) => (quarter < 4 ? 2 : 0));
const result = await orThrow(
  nox.POST('/v1/device/thermal-control/schedule', { body: { device_id: 'HP123456', schedule } }),
);
console.log(result.message);
