import { createNoxClient, orThrow, type ThermalForecastFor } from '@nox-energy/client';

// Keep the key on your server: never ship it to a browser or an app.
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to your supplier API key');
}
const nox = createNoxClient({ apiKey });

const forecast = (await orThrow(
  nox.GET('/v1/device/thermal-control/forecast', {
    params: {
      query: {
        device_id: 'HP123456',
        unit: 'kWh',
        start_time: '2025-01-15T12:00:00Z',
        end_time: '2025-01-16T12:00:00Z',
      },
    },
  }),
)) as ThermalForecastFor<'kWh'>;
for (const slot of forecast.data.forecasts) {
  console.log(`${slot.timestamp}: tank ${slot.tank.Y_avg} kWh (${slot.tank.lowerbound_X}-${slot.tank.upperbound_Z})`);
}
