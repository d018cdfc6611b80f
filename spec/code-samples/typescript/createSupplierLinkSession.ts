import { createNoxClient, decodeLinkCallback, orThrow } from '@nox-energy/client';

// Keep the key on your server: never ship it to a browser or an app.
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to your supplier API key');
}
const nox = createNoxClient({ apiKey });

// 1. Create the link session, then send your user to its link_url (the NOX Authenticator UI).
const session = await orThrow(
  nox.POST('/supplier/link-sessions', {
    body: {
      user_id: 'supplier_user_id_123',
      asset_type: 'hp',
      redirect_url: 'https://your-app.com/callback',
      language: 'nl',
    },
  }),
);
console.log(
  `Redirect the user to ${session.link_url} (valid until ${new Date(session.expires_at * 1000).toISOString()})`,
);

// 2. NOX sends the user back to redirect_url?data=...: decode and validate the payload in your callback
//    handler. It is not signed: match supplier_user_id with your signed-in user before you rely on it.
export function handleLinkCallback(callbackUrl: string) {
  const payload = decodeLinkCallback(callbackUrl);
  console.log(`${payload.supplier_user_id} linked ${payload.device_ids.length} ${payload.brand} device(s)`);
  return payload;
}
