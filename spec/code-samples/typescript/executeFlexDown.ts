import { createNoxClient, orThrow } from '@nox-energy/client';

// Keep the key on your server: never ship it to a browser or an app.
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to your supplier API key');
}
const nox = createNoxClient({ apiKey });

// A write to the live fleet: NOX's devices consume more or generate less, now.
const result = await orThrow(nox.POST('/v1/flex/down', { params: { query: { energy: 500 } } }));
console.log(result.message);
