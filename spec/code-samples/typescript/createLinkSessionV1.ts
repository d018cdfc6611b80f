import { createNoxClient, orThrow } from '@nox-energy/client';

// Keep the key on your server: never ship it to a browser or an app.
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to your supplier API key');
}
const nox = createNoxClient({ apiKey });

// Deprecated: use nox.POST('/supplier/link-sessions', ...) of the Authenticator v2.
const session = await orThrow(
  nox.POST('/users/{userId}/link', {
    params: { path: { userId: 'user_123' } },
    body: { redirect_uri: 'https://your-app.com/callback', language: 'en' },
  }),
);
console.log(`Redirect the user to ${session.data.link_url}`);
