// Thermal control: a heat pump's current state and forecast from the world's home model, in either unit
// (`kWh`: energy content and flows; `celsius`: temperatures and °C per quarter-hour), and its 24-hour schedule.
import type { components } from '@nox-energy/types';
import type { Account } from '../accounts.js';
import { homeSlot, kwhOfHouse, kwhOfTank, levelEffectC, round, SLOT_MS, slotStart, slotTime } from '../world/model.js';
import type { Device, World } from '../world/store.js';
import { type HandlerTable, invalid, type ValidationIssue } from './types.js';

type Schemas = components['schemas'];
type Unit = Schemas['ThermalUnit'];

const COP = 3;
/** The longest forecast the mock computes: three days of quarter-hours. */
const MAX_FORECAST_MS = 72 * 3_600_000;
const DEFAULT_FORECAST_MS = 24 * 3_600_000;
const TANK_LEVELS = 4;
const HOUSE_LEVELS = 8;
/** °C per kWh of a typical 200-litre tank with its losses: an activation warms it by a few degrees. */
const TANK_C_PER_KWH = 0.5;

/** A UTC query time (`Z`, `+00:00` or no zone) in milliseconds; NaN for a date that does not exist. */
export function parseUtc(text: string): number {
  return Date.parse(/(Z|\+00:00)$/.test(text) ? text : `${text}Z`);
}

/**
 * The times of these fields (query or body), in milliseconds, or the issue naming the first that is not a real
 * date (the spec's pattern lets `2026-13-45T99:99` through). Absent fields are undefined.
 */
export function timesOf<const Names extends string>(
  base: 'query' | 'body',
  values: Partial<Record<Names, string | null | undefined>>,
  names: readonly Names[],
): { times: Partial<Record<Names, number>> } | { invalid: ValidationIssue[] } {
  const times: Partial<Record<Names, number>> = {};
  for (const name of names) {
    const text = values[name];
    if (text === undefined || text === null) {
      continue;
    }
    const ms = parseUtc(text);
    if (!Number.isFinite(ms)) {
      return invalid([base, name], 'Input should be a valid datetime', 'datetime_parsing');
    }
    times[name] = ms;
  }
  return { times };
}

/** The account's heat pump named by a query or body field, or the issue naming that field. */
export function heatPumpFor(
  world: World,
  account: Account,
  deviceId: string,
  loc: Array<string | number>,
): Device | { invalid: ValidationIssue[] } {
  const device = world.device(deviceId);
  if (device?.asset !== 'hp' || (device.supplier !== account.name && device.manufacturer !== account.name)) {
    return invalid(loc, `No heat pump ${deviceId} among the devices of ${account.name}`);
  }
  return device;
}

const levels = (capacityKw: number, count: number, on: boolean) =>
  Array.from({ length: count }, (_, index) => (on ? round((capacityKw * (index + 1)) / count, 2) : 0));

/** NOX's meta: one `<part>_<field>_unit` key per field of the data, plus the zone and the account. */
function metaOf(
  parts: Record<string, Record<string, unknown>>,
  unit: Unit,
  account: Account,
  extra: Record<string, string> = {},
): Schemas['ThermalMeta'] {
  const meta: Schemas['ThermalMeta'] = {
    timestamp_time_zone: 'UTC',
    temperature_unit: '°C',
    ...extra,
    energy_supplier: account.name,
  };
  for (const [part, fields] of Object.entries(parts)) {
    for (const field of Object.keys(fields)) {
      meta[`${part}_${field}_unit`] = unitOf(field, unit);
    }
  }
  return meta;
}

function unitOf(field: string, unit: Unit): string {
  if (/temp/i.test(field)) {
    return '°C';
  }
  if (/^P_/.test(field)) {
    return 'kW';
  }
  if (/^Q_/.test(field)) {
    return 'kW';
  }
  if (/^T_/.test(field)) {
    return '°C/15min';
  }
  return unit === 'kWh' ? 'kWh' : '°C';
}

/** The home's state in the slot and the power levels (kW) the device could run at: both units show them. */
function currentSlot(world: World, device: Device, ms: number) {
  const slot = homeSlot(world, device, ms);
  return {
    slot,
    tankP: levels(device.capacityKw, TANK_LEVELS, true),
    heating: levels(device.capacityKw, HOUSE_LEVELS, slot.heating),
    cooling: levels(device.capacityKw, HOUSE_LEVELS, slot.cooling),
  };
}

function currentKwh(world: World, device: Device, ms: number): Schemas['ThermalCurrentStateKwh'] {
  const { slot, tankP, heating, cooling } = currentSlot(world, device, ms);
  return {
    device_id: device.id,
    timestamp: slotTime(ms),
    tank: {
      Y: kwhOfTank(slot.dhw - slot.dhwLower),
      DHW_temperature: round(slot.dhw, 1),
      Q_loss: round(kwhOfTank(slot.tankLossC) * 4),
      Q_gain: tankP.map((kw) => round(kw * COP)),
      P_if_activated: tankP,
    },
    house: {
      Y: kwhOfHouse(slot.space - slot.spaceLower),
      Q_natural: round(-kwhOfHouse(slot.naturalC) * 4),
      Q_heating: heating.map((kw) => round(kw * COP)),
      Q_cooling: cooling.map((kw) => round(kw * COP)),
      P_heating: heating,
      P_cooling: cooling,
    },
  };
}

function currentCelsius(world: World, device: Device, ms: number): Schemas['ThermalCurrentStateCelsius'] {
  const { slot, tankP, heating, cooling } = currentSlot(world, device, ms);
  return {
    device_id: device.id,
    timestamp: slotTime(ms),
    tank: {
      DHW_temperature: round(slot.dhw, 1),
      T_loss: slot.tankLossC,
      T_gain: tankP.map((kw) => round(kw * COP * 0.25 * TANK_C_PER_KWH)),
      P_if_activated: tankP,
    },
    house: {
      Space_temperature: round(slot.space, 1),
      T_natural: -slot.naturalC,
      T_heating: levelEffectC({ ...slot, levels: heating }, slot.heating),
      T_cooling: levelEffectC({ ...slot, levels: cooling }, slot.cooling),
      P_heating: heating,
      P_cooling: cooling,
    },
  };
}

type KwhForecast = Schemas['ThermalForecastKwh']['forecasts'][number];
type CelsiusForecast = Schemas['ThermalForecastCelsius']['forecasts'][number];

function forecastKwh(world: World, device: Device, ms: number): KwhForecast {
  const now = currentKwh(world, device, ms);
  const slot = homeSlot(world, device, ms);
  return {
    timestamp: now.timestamp,
    tank: {
      upperbound_Z: kwhOfTank(slot.dhwUpper - slot.dhwLower),
      lowerbound_X: 0,
      Y_avg: now.tank.Y,
      Q_loss: now.tank.Q_loss,
      Q_gain: now.tank.Q_gain,
      P_if_activated: now.tank.P_if_activated,
      tank_activation_limit: kwhOfTank((slot.dhwUpper - slot.dhwLower) / 2),
      tank_activation_limit_temp: round((slot.dhwLower + slot.dhwUpper) / 2, 1),
    },
    house: {
      upperbound_Z: kwhOfHouse(slot.spaceUpper - slot.spaceLower),
      lowerbound_X: 0,
      Y_avg: now.house.Y,
      Y_ideal: kwhOfHouse(slot.preferred - slot.spaceLower),
      Q_natural: now.house.Q_natural,
      Q_heating: now.house.Q_heating,
      Q_cooling: now.house.Q_cooling,
      P_heating: now.house.P_heating,
      P_cooling: now.house.P_cooling,
    },
  };
}

function forecastCelsius(world: World, device: Device, ms: number): CelsiusForecast {
  const now = currentCelsius(world, device, ms);
  const slot = homeSlot(world, device, ms);
  return {
    timestamp: now.timestamp,
    tank: {
      upperbound_Z: slot.dhwUpper,
      lowerbound_X: slot.dhwLower,
      Y_avg: now.tank.DHW_temperature,
      T_loss: now.tank.T_loss,
      T_gain: now.tank.T_gain,
      P_if_activated: now.tank.P_if_activated,
      tank_activation_limit: round((slot.dhwLower + slot.dhwUpper) / 2, 1),
      tank_activation_limit_temp: round((slot.dhwLower + slot.dhwUpper) / 2, 1),
    },
    house: {
      upperbound_Z: round(slot.spaceUpper, 1),
      lowerbound_X: round(slot.spaceLower, 1),
      Y_avg: now.house.Space_temperature,
      Y_ideal: slot.preferred,
      T_natural: now.house.T_natural,
      T_heating: now.house.T_heating,
      T_cooling: now.house.T_cooling,
      P_heating: now.house.P_heating,
      P_cooling: now.house.P_cooling,
    },
  };
}

export const thermalHandlers: HandlerTable = {
  getThermalControlCurrentState({ account, world, query, nowMs }) {
    const device = heatPumpFor(world, account, query.device_id, ['query', 'device_id']);
    if ('invalid' in device) {
      return device;
    }
    const ms = slotStart(nowMs);
    if (query.unit === 'celsius') {
      const data = currentCelsius(world, device, ms);
      return { ok: { data, meta: metaOf({ tank: data.tank, house: data.house }, 'celsius', account) } };
    }
    const data = currentKwh(world, device, ms);
    return { ok: { data, meta: metaOf({ tank: data.tank, house: data.house }, 'kWh', account) } };
  },

  getThermalControlForecast({ account, world, query, nowMs }) {
    const device = heatPumpFor(world, account, query.device_id, ['query', 'device_id']);
    if ('invalid' in device) {
      return device;
    }
    const parsed = timesOf('query', query, ['start_time', 'end_time']);
    if ('invalid' in parsed) {
      return parsed;
    }
    const start = slotStart(parsed.times.start_time ?? nowMs);
    const end = parsed.times.end_time ?? start + DEFAULT_FORECAST_MS;
    if (end <= start) {
      return invalid(['query', 'end_time'], 'end_time must be after start_time (the start of its quarter-hour)');
    }
    if (end - start > MAX_FORECAST_MS) {
      return invalid(['query', 'end_time'], 'The forecast covers at most 72 hours after start_time');
    }
    const times: number[] = [];
    for (let ms = start; ms < end; ms += SLOT_MS) {
      times.push(ms);
    }
    const generated = {
      forecast_generation_date: new Date(nowMs).toISOString().slice(0, 10),
      forecast_generation_date_time_zone: 'UTC',
    };
    if (query.unit === 'celsius') {
      const forecasts = times.map((ms) => forecastCelsius(world, device, ms));
      const [first] = forecasts;
      return {
        ok: {
          data: { device_id: device.id, forecasts },
          meta: metaOf(first ? { tank: first.tank, house: first.house } : {}, 'celsius', account, generated),
        },
      };
    }
    const forecasts = times.map((ms) => forecastKwh(world, device, ms));
    const [first] = forecasts;
    return {
      ok: {
        data: { device_id: device.id, forecasts },
        meta: metaOf(first ? { tank: first.tank, house: first.house } : {}, 'kWh', account, generated),
      },
    };
  },

  submitThermalControlSchedule({ account, world, body, nowMs }) {
    const device = heatPumpFor(world, account, body.device_id, ['body', 'device_id']);
    if ('invalid' in device) {
      return device;
    }
    if (device.optimization.flex_trading !== true) {
      return invalid(
        ['body', 'device_id'],
        'Steering is not enabled for this device: enable optimization_settings.flex_trading first',
      );
    }
    const nextSlot = slotStart(nowMs) + SLOT_MS;
    const parsed = timesOf('body', body, ['start_time']);
    if ('invalid' in parsed) {
      return parsed;
    }
    let startMs = nextSlot;
    if (parsed.times.start_time !== undefined) {
      startMs = parsed.times.start_time;
      if (startMs < nowMs) {
        return invalid(['body', 'start_time'], 'start_time must be in the future (UTC)');
      }
      startMs = slotStart(startMs);
    }
    world.setThermalSchedule({ device, startMs, levels: [...body.schedule], submittedAtMs: nowMs });
    return {
      ok: { status: 'success', message: 'Schedule submitted successfully.', meta: { energy_supplier: account.name } },
    };
  },
};
