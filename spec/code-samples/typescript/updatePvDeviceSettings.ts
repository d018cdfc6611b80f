import { createNoxClient, orThrow } from '@nox-energy/client';

// Keep the key on your server: never ship it to a browser or an app.
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to your supplier API key');
}
const nox = createNoxClient({ apiKey });

await orThrow(
  nox.PATCH('/v1/devices/pv/settings', {
    body: { user_id: 'user_4', optimization_settings: { pv_curtailment_mode: 'managed' } },
  }),
);
console.log('PV settings updated');
