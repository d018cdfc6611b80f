import { createNoxClient } from '@nox-energy/client';

// Keep the key on your server: never ship it to a browser or an app.
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to your manufacturer API key');
}
const nox = createNoxClient({ apiKey });

// Connect your user without the Authenticator UI. Calling it again for the same user returns the same nox_user_id.
const { data, error, response } = await nox.POST('/manufacturer/device-connections', {
  body: { user_id: 'manufacturer_user_id_123' },
});
if (error) {
  // The error body is { error: string }; x-request-id identifies the request when you contact NOX.
  console.error(`NOX answered ${response.status}: ${error.error} (request ${response.headers.get('x-request-id')})`);
} else {
  console.log(`${data.manufacturer_user_id} is NOX user ${data.nox_user_id}`);
}
