import { createNoxClient, orThrow } from '@nox-energy/client';

// Keep the key on your server: never ship it to a browser or an app.
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to your supplier API key');
}
const nox = createNoxClient({ apiKey });

const logs = await orThrow(
  nox.GET('/v1/devices/pv/flex/logs', {
    params: { query: { start_time: '2026-04-17T00:00:00Z', end_time: '2026-04-18T00:00:00Z' } },
  }),
);
for (const log of logs.data ?? []) {
  console.log(`${log.timestamp}: ${log.control_type} on ${log.executed_flex_device_count} devices`);
}
