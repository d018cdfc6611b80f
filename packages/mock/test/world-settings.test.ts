// Settings and steering remembered by the world, through the real server: PATCH then GET, NOX's rules with the
// spec's 422, the deprecated thermal-settings POST, PV flex and schedules in the flex log, the thermal model.
import { afterAll, describe, expect, it } from 'vitest';
import type { WorldEvent } from '../src/world/store.js';
import {
  isHttpError,
  isValidationError,
  MANUFACTURER_KEY,
  manualClock,
  SUPPLIER_KEY,
  startTestMock,
} from './helpers.js';

const clock = manualClock(Date.UTC(2026, 0, 15, 10, 7, 0));
const errors: unknown[] = [];
const events: WorldEvent[] = [];
const mock = await startTestMock({
  devices: 40,
  seed: 3,
  now: clock.now,
  publish: (event) => events.push(event),
  onError: (error) => errors.push(error),
});
afterAll(() => expect(errors).toEqual([]));

async function call(method: string, path: string, body?: unknown, key = SUPPLIER_KEY) {
  const response = await fetch(`${mock.baseUrls.package}${path}`, {
    method,
    headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const heatPumps = () => mock.world.devicesOf('Acme Energy').filter((device) => device.asset === 'hp');
const pvs = () => mock.world.devicesOf('Acme Energy').filter((device) => device.asset === 'pv');
const [device] = heatPumps();
if (!device) {
  throw new Error('no heat pump in the fleet');
}
const settingsOf = async (deviceId: string) => {
  const result = await call('GET', `/v1/devices/settings?device_id=${deviceId}`);
  return (result.json.data as Array<Record<string, Record<string, unknown>>>)[0];
};
const detailOf = (json: unknown) => (json as { detail: Array<{ loc: unknown[] }> }).detail;

describe('settings', () => {
  it('a PATCH answers 204 without a body and shows in the next GET, device-level and user-level', async () => {
    const patched = await call('PATCH', '/v1/devices/settings', {
      user_id: device.user.id,
      device_id: device.id,
      room: { preferred_temperature: 23.5 },
      dhw: { temperature_lower_bound: 45, temperature_upper_bound: 60 },
    });
    expect(patched.status).toBe(204);
    expect(patched.text).toBe('');
    const read = await settingsOf(device.id);
    expect(read?.room?.preferred_temperature).toBe(23.5);
    expect(read?.dhw).toEqual({ temperature_lower_bound: 45, temperature_upper_bound: 60 });
    expect(read?.updated_at).toBe(new Date(clock.now()).toISOString());

    // Without device_id: every device of the user.
    expect(
      (await call('PATCH', '/v1/devices/settings', { user_id: device.user.id, room: { schedule_enabled: true } }))
        .status,
    ).toBe(204);
    for (const item of device.user.devices.filter((each) => each.asset === 'hp')) {
      expect((await settingsOf(item.id))?.room?.schedule_enabled).toBe(true);
    }
    expect(events.some((event) => event.type === 'device.settings.updated' && event.part === 'room')).toBe(true);
  });

  it('enforces flex_trading excluding the other optimisations, and the DHW bounds, with a 422 naming the field', async () => {
    const both = await call('PATCH', '/v1/devices/settings', {
      user_id: device.user.id,
      device_id: device.id,
      optimization_settings: { flex_trading: true, dynamic_tariff: true },
    });
    expect(both.status).toBe(422);
    expect(isValidationError(both.json)).toBe(true);
    expect(detailOf(both.json)[0]?.loc).toEqual(['body', 'optimization_settings', 'flex_trading']);

    await call('PATCH', '/v1/devices/settings', {
      user_id: device.user.id,
      device_id: device.id,
      optimization_settings: { flex_trading: true },
    });
    expect((await settingsOf(device.id))?.optimization_settings).toEqual({
      pv_self_consumption: false,
      dynamic_tariff: false,
      flex_trading: true,
    });
    await call('PATCH', '/v1/devices/settings', {
      user_id: device.user.id,
      device_id: device.id,
      optimization_settings: { dynamic_tariff: true },
    });
    expect((await settingsOf(device.id))?.optimization_settings).toEqual({
      pv_self_consumption: false,
      dynamic_tariff: true,
      flex_trading: false,
    });

    const swapped = await call('PATCH', '/v1/devices/settings', {
      user_id: device.user.id,
      dhw: { temperature_upper_bound: 30 },
    });
    expect(swapped.status).toBe(422);
    expect(detailOf(swapped.json)[0]?.loc).toEqual(['body', 'dhw', 'temperature_upper_bound']);
    const outOfBounds = await call('PATCH', '/v1/devices/settings', {
      user_id: device.user.id,
      room: { preferred_temperature: 40 },
    });
    expect(outOfBounds.status).toBe(422);
    expect(detailOf(outOfBounds.json)[0]).toMatchObject({
      loc: ['body', 'room', 'preferred_temperature'],
      type: 'less_than_equal',
    });
    const missing = await call('PATCH', '/v1/devices/settings', { room: {} });
    expect(detailOf(missing.json)[0]).toEqual({ loc: ['body', 'user_id'], msg: 'Field required', type: 'missing' });
    const unknown = await call('PATCH', '/v1/devices/settings', { user_id: 'nobody' });
    expect(detailOf(unknown.json)[0]?.loc).toEqual(['body', 'user_id']);
    const foreign = await call('PATCH', '/v1/devices/settings', { user_id: device.user.id, device_id: 'not-theirs' });
    expect(detailOf(foreign.json)[0]?.loc).toEqual(['body', 'device_id']);
  });

  it('maps the deprecated thermal-settings steering_enabled onto flex_trading', async () => {
    const posted = await call('POST', '/v1/device/thermal-control/settings', {
      user_id: device.user.id,
      device_id: device.id,
      steering_enabled: { heat_pump: true },
    });
    expect(posted.status, posted.text).toBe(200);
    expect((await settingsOf(device.id))?.optimization_settings?.flex_trading).toBe(true);
    const listed = await call('GET', `/v1/devices?device_id=${device.id}`);
    const [item] = listed.json.data as Array<{ steerable_status: { steering_enabled: boolean } }>;
    expect(item?.steerable_status.steering_enabled).toBe(true);
    expect(events.some((event) => event.type === 'device.state.updated' && event.field === 'steering_enabled')).toBe(
      true,
    );
  });

  it('refuses keys as the spec decides: 401 without or with an unknown key, 403 for the other role', async () => {
    const other = await call('GET', '/v1/devices', undefined, MANUFACTURER_KEY);
    expect(other.status).toBe(403);
    expect(isHttpError(other.json)).toBe(true);
    const none = await fetch(`${mock.baseUrls.package}/v1/devices`);
    expect(none.status).toBe(401);
    expect(isHttpError(await none.json())).toBe(true);
    // The manufacturer key is one of the two this PATCH takes.
    expect((await call('PATCH', '/v1/devices/settings', { user_id: device.user.id }, MANUFACTURER_KEY)).status).toBe(
      422,
    );
  });
});

describe('steering', () => {
  it('stores a PV schedule (a new one replaces the one before) and a PV flex, both in the flex log', async () => {
    const [pv] = pvs();
    if (!pv) {
      throw new Error('no PV installation');
    }
    const at = (minutes: number) => new Date(clock.now() + minutes * 60_000).toISOString();
    for (const start of [10, 20]) {
      const result = await call('POST', '/v1/devices/pv/schedule', {
        device_id: pv.id,
        start_time: at(start),
        end_time: at(start + 30),
        control_type: 'export_curtailment',
      });
      expect(result.status, result.text).toBe(200);
    }
    const backwards = await call('POST', '/v1/devices/pv/schedule', {
      device_id: pv.id,
      start_time: at(30),
      end_time: at(10),
    });
    expect(detailOf(backwards.json)[0]?.loc).toEqual(['body', 'end_time']);
    expect((await call('POST', '/v1/devices/pv/flex', { target_percentage: 40, end_time: at(60) })).status).toBe(200);
    expect(detailOf((await call('POST', '/v1/devices/pv/flex', {})).json)[0]?.loc).toEqual(['body', 'target_kw']);
    expect(
      detailOf((await call('POST', '/v1/devices/pv/flex', { target_kw: 3, end_time: at(1) })).json)[0]?.loc,
    ).toEqual(['body', 'end_time']);

    const logs = await call('GET', `/v1/devices/pv/flex/logs?start_time=${at(-5)}&end_time=${at(120)}`);
    expect(logs.status).toBe(200);
    const data = logs.json.data as Array<Record<string, unknown>>;
    expect(data.map((entry) => entry.control_type)).toEqual(['production_curtailment', 'export_curtailment']);
    expect(data[0]).toMatchObject({ target_percentage: 40, executed_flex_device_count: expect.any(Number) });
    expect(data[1]).toMatchObject({ timestamp: at(20), executed_flex_device_count: 1, brand_filter: [pv.brand] });
  });

  it('serves the thermal model in both units on 15-minute UTC slots, following the settings and the schedule', async () => {
    const kwh = await call('GET', `/v1/device/thermal-control/current-state?device_id=${device.id}`);
    expect(kwh.status).toBe(200);
    const kwhData = kwh.json.data as { timestamp: string; tank: Record<string, unknown> };
    expect(kwhData.timestamp).toBe('2026-01-15 10:00:00');
    expect(kwhData.tank.Y).toEqual(expect.any(Number));
    expect((kwh.json.meta as Record<string, string>).tank_Y_unit).toBe('kWh');
    const celsius = await call('GET', `/v1/device/thermal-control/current-state?device_id=${device.id}&unit=celsius`);
    const house = (celsius.json.data as { house: Record<string, number> }).house;
    const room = (await settingsOf(device.id))?.room as Record<string, number>;
    const preferred = room.preferred_temperature as number;
    expect(house.Space_temperature).toBeGreaterThanOrEqual(preferred - (room.temperature_lower_bound as number) - 1e-9);
    expect(house.Space_temperature).toBeLessThanOrEqual(preferred + (room.temperature_upper_bound as number) + 1e-9);

    const forecast = await call('GET', `/v1/device/thermal-control/forecast?device_id=${device.id}&unit=celsius`);
    const forecasts = (forecast.json.data as { forecasts: Array<{ timestamp: string }> }).forecasts;
    expect(forecasts).toHaveLength(96);
    expect(forecasts.slice(0, 2).map((item) => item.timestamp)).toEqual(['2026-01-15 10:00:00', '2026-01-15 10:15:00']);

    // A schedule at full level from the next quarter-hour drives the house to its upper bound there.
    const schedule = await call('POST', '/v1/device/thermal-control/schedule', {
      device_id: device.id,
      schedule: Array(96).fill(3),
    });
    expect(schedule.status, schedule.text).toBe(200);
    clock.advance(15 * 60_000);
    const steered = await call('GET', `/v1/device/thermal-control/current-state?device_id=${device.id}&unit=celsius`);
    const space = (steered.json.data as { house: Record<string, number> }).house.Space_temperature as number;
    expect(space).toBeCloseTo(preferred + (room.temperature_upper_bound as number) - 0.1, 1);

    const unknown = await call('GET', '/v1/device/thermal-control/current-state?device_id=nope');
    expect(detailOf(unknown.json)[0]?.loc).toEqual(['query', 'device_id']);
    const noDevice = await call('GET', '/v1/device/thermal-control/current-state');
    expect(detailOf(noDevice.json)[0]).toEqual({ loc: ['query', 'device_id'], msg: 'Field required', type: 'missing' });
  });

  it('answers flex down and the consumption forecasts from the same world', async () => {
    const executed = await call('POST', '/v1/flex/down?energy=12.5');
    expect(executed.status).toBe(200);
    expect(String(executed.json.message)).toContain('12.5 kWh');
    const aggregated = await call('GET', '/v1/flex/down?aggregated=true');
    expect((aggregated.json.data as unknown[]).length).toBe(1);
    const perDevice = await call('GET', `/v1/device/consumption/forecast/15min?device_id=${device.id}&limit=1000`);
    expect((perDevice.json.data as unknown[]).length).toBe(96);
    const house = await call('GET', `/v1/house/consumption/forecast?house_id=${device.user.id}&limit=5`);
    expect((house.json.meta as Record<string, unknown>).house_id).toBe(device.user.id);
    const history = await call(
      'GET',
      '/v1/house/consumption/forecast/historical?start_time=2026-01-10T00:00:00Z&end_time=2026-01-11T00:00:00Z&forecast_generation_timestamp=true&limit=1000',
    );
    expect((history.json.data as unknown[]).length).toBe(288);
  });
});
