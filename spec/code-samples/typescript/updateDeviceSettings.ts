import { createNoxClient } from '@nox-energy/client';

// Keep the key on your server: never ship it to a browser or an app.
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to your supplier API key');
}
const nox = createNoxClient({ apiKey });

// Send only what changes. NOX answers 204 without a body.
const { error, response } = await nox.PATCH('/v1/devices/settings', {
  body: {
    user_id: 'user_4',
    device_id: '01a5c222-5b76-4531-b587-5deeb81a3db3',
    room: { preferred_temperature: 20.5, temperature_control_mode: 'heating' },
    optimization_settings: { flex_trading: true },
  },
});
if (error) {
  // 422: { detail: [{ loc, msg, type }] } names each field; 401/403: { detail: string }.
  console.error(`NOX answered ${response.status}:`, JSON.stringify(error.detail));
} else {
  console.log(`settings updated (${response.status})`);
}
