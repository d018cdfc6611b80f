import { createNoxClient, orThrow, type ThermalCurrentStateFor } from '@nox-energy/client';

// Keep the key on your server: never ship it to a browser or an app.
const apiKey = process.env.NOX_API_KEY;
if (!apiKey) {
  throw new Error('Set NOX_API_KEY to your supplier API key');
}
const nox = createNoxClient({ apiKey });

// The body's fields follow the unit you ask for: name the shape with ThermalCurrentStateFor<unit>.
const state = (await orThrow(
  nox.GET('/v1/device/thermal-control/current-state', {
    params: { query: { device_id: 'HP123456', unit: 'celsius' } },
  }),
)) as ThermalCurrentStateFor<'celsius'>;
console.log(`tank ${state.data.tank.DHW_temperature} °C, losing ${state.data.tank.T_loss} °C per 15 min`);

// Or narrow a body of either unit by a field only that unit has.
const either = await orThrow(
  nox.GET('/v1/device/thermal-control/current-state', { params: { query: { device_id: 'HP123456' } } }),
);
if ('Q_loss' in either.data.tank) {
  console.log(`tank holds ${either.data.tank.Y} kWh`);
}
