import { createNoxClient, orThrow } from '@nox-energy/client';

// Keep the key on your server: never ship it to a browser or an app.
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to your manufacturer API key');
}
const nox = createNoxClient({ apiKey });

// Deprecated: use nox.POST('/manufacturer/device-connections', ...) of the Authenticator v2.
const result = await orThrow(
  nox.POST('/manufacturers/nox', {
    body: { manufacturer_user_id: 'mfr_user_123', device_ids: ['device_001', 'device_002'] },
  }),
);
console.log(`${result.data.manufacturer_user_id} is NOX user ${result.data.nox_user_id}`);
