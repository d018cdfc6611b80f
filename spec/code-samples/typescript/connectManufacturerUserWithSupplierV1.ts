import { createNoxClient, orThrow } from '@nox-energy/client';

// Keep the key on your server: never ship it to a browser or an app.
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to your manufacturer API key');
}
const nox = createNoxClient({ apiKey });

// Deprecated: use nox.POST('/manufacturer/link-sessions', ...) of the Authenticator v2.
const result = await orThrow(
  nox.POST('/manufacturers/suppliers', {
    body: { manufacturer_user_id: 'mfr_user_123', redirect_url: 'https://manufacturer-app.com/callback' },
  }),
);
console.log(`Redirect the user to ${result.data.link_url}`);
