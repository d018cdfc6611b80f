import { createNoxClient, orThrow } from '@nox-energy/client';

// Keep the key on your server: never ship it to a browser or an app.
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to your manufacturer API key');
}
const nox = createNoxClient({ apiKey });

// Create the link session, then send your user to its link_url (the NOX Authenticator UI).
const session = await orThrow(
  nox.POST('/manufacturer/link-sessions', {
    body: {
      user_id: 'manufacturer_user_id_123',
      redirect_url: 'https://your-app.com/callback',
      language: 'nl',
    },
  }),
);
console.log(
  `Redirect the user to ${session.link_url} (valid until ${new Date(session.expires_at * 1000).toISOString()})`,
);
