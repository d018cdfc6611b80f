import { createNoxClient, orThrow } from '@nox-energy/client';

// Keep the key on your server: never ship it to a browser or an app.
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to your supplier API key');
}
const nox = createNoxClient({ apiKey });

// Stop PV production across the fleet until 14:00 UTC (at least 4 minutes ahead: devices need time).
const result = await orThrow(
  nox.POST('/v1/devices/pv/flex', { body: { target_percentage: 0, end_time: '2026-04-17T14:00:00Z' } }),
);
console.log(`flex accepted for ${result.meta.energy_supplier}`);
