import { createNoxClient, orThrow } from '@nox-energy/client';

// Keep the key on your server: never ship it to a browser or an app.
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to your supplier API key');
}
const nox = createNoxClient({ apiKey });

// Deprecated: prefer nox.PATCH('/v1/devices/settings', ...) with optimization_settings.flex_trading.
const result = await orThrow(
  nox.POST('/v1/device/thermal-control/settings', {
    body: { user_id: 'user_4', steering_enabled: { heat_pump: true } },
  }),
);
console.log(`${result.status}: ${result.message}`);
