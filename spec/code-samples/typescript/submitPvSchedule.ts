import { createNoxClient, orThrow } from '@nox-energy/client';

// Keep the key on your server: never ship it to a browser or an app.
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to your supplier API key');
}
const nox = createNoxClient({ apiKey });

// A new schedule replaces every scheduled command of the device.
const result = await orThrow(
  nox.POST('/v1/devices/pv/schedule', {
    body: {
      device_id: 'PV123456',
      start_time: '2025-08-05T11:00:00Z',
      end_time: '2025-08-05T14:00:00Z',
      control_type: 'export_curtailment',
    },
  }),
);
console.log(`${result.message} (${result.meta.schedule_granularity}, ${result.meta.timezone})`);
