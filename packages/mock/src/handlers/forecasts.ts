// Consumption forecasts (houses and heat pumps) and flex down, from the world's home model. A house is a NOX
// user's home (`house_id` is the NOX user id). Pages are cut by a key per item: the slot's index, or the
// device's sequence number times the slots per device plus the slot, so pages stay stable as devices are added.
import type { components } from '@nox-energy/types';
import type { Account } from '../accounts.js';
import {
  deviceConsumption,
  flexDownPotential,
  houseBase,
  housePeaks,
  round,
  SLOT_MS,
  slotStart,
  slotTime,
} from '../world/model.js';
import type { Device, NoxUser, World } from '../world/store.js';
import { filterOf } from './devices.js';
import { timesOf } from './thermal.js';
import { type HandlerTable, invalid, type ValidationIssue } from './types.js';

type Schemas = components['schemas'];

const DAY_MS = 24 * 3_600_000;
/** A day's house forecast covers 72 hours from midnight UTC (NOX: a 72-hour forecast per day). */
const HOUSE_SLOTS = (3 * DAY_MS) / SLOT_MS;
/** A heat pump's consumption forecast: the coming 24 hours. */
const DEVICE_SLOTS = DAY_MS / SLOT_MS;
/** The longest history one request may span. */
const MAX_HISTORY_MS = 366 * DAY_MS;

const dayStart = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
const kwh = (value: number) => value.toFixed(3);

function homesOf(world: World, account: Account): NoxUser[] {
  const users = new Set<NoxUser>();
  for (const device of world.devicesOf(account.name)) {
    users.add(device.user);
  }
  return [...users];
}

/** The base load of the homes asked for (one house, or the sum over the account's), or the issue. */
function baseLoad(
  world: World,
  account: Account,
  houseId: string | undefined,
): { base: number; homes: number } | { invalid: ValidationIssue[] } {
  if (houseId !== undefined) {
    const user = world.user(houseId);
    if (!user?.devices.some((device) => device.supplier === account.name)) {
      return invalid(['query', 'house_id'], `No house ${houseId} among the homes of ${account.name}`);
    }
    return { base: houseBase(user.id), homes: 1 };
  }
  const homes = homesOf(world, account);
  return { base: homes.reduce((sum, user) => sum + houseBase(user.id), 0), homes: homes.length };
}

/** Items `after + 1 ...` of an indexed sequence of `total`, at most `limit`, and the next page's key. */
function indexPage<T>(total: number, after: number | undefined, limit: number, item: (index: number) => T) {
  const start = after === undefined ? 0 : after + 1;
  const end = Math.min(total, start + limit);
  const data: T[] = [];
  for (let index = start; index < end; index++) {
    data.push(item(index));
  }
  return { data, next: end < total ? end - 1 : null };
}

function houseMeta(account: Account, houseId: string | undefined): Schemas['HouseConsumptionMeta'] {
  return {
    energy_supplier: account.name,
    next_token: null,
    consumption_unit: 'kWh',
    granularity: '15min',
    output_timezone: 'UTC',
    house_id: houseId ?? null,
  };
}

/** Devices after a key of `perDevice` items per device, each device's items in slot order. */
function devicePage<T>(
  world: World,
  devices: readonly Device[],
  keep: (device: Device) => boolean,
  after: number | undefined,
  limit: number,
  perDevice: number,
  item: (device: Device, slot: number) => T,
) {
  const afterSeq = after === undefined ? undefined : Math.floor(after / perDevice);
  const remaining = world.page(
    devices,
    afterSeq === undefined ? undefined : afterSeq - 1,
    Number.POSITIVE_INFINITY,
    keep,
  ).items;
  const data: T[] = [];
  let last = -1;
  for (const device of remaining) {
    for (let slot = 0; slot < perDevice; slot++) {
      const key = device.seq * perDevice + slot;
      if (after !== undefined && key <= after) {
        continue;
      }
      if (data.length === limit) {
        return { data, next: last };
      }
      data.push(item(device, slot));
      last = key;
    }
  }
  return { data, next: null };
}

export const forecastHandlers: HandlerTable = {
  listHouseConsumptionForecast({ account, world, query, page, nowMs }) {
    const load = baseLoad(world, account, query.house_id);
    if ('invalid' in load) {
      return load;
    }
    const generated = dayStart(nowMs);
    const { data, next } = indexPage(HOUSE_SLOTS, page.after, page.limit, (index) => {
      const ms = generated + index * SLOT_MS;
      return {
        forecast_generation_time: slotTime(generated),
        forecast_time: slotTime(ms),
        consumption: kwh(load.base + load.homes * housePeaks(ms)),
      };
    });
    return { ok: { data, meta: houseMeta(account, query.house_id) }, next };
  },

  listHouseConsumptionForecastHistory({ account, world, query, page, nowMs }) {
    const load = baseLoad(world, account, query.house_id);
    if ('invalid' in load) {
      return load;
    }
    const parsed = timesOf('query', query, ['start_time', 'end_time']);
    if ('invalid' in parsed) {
      return parsed;
    }
    const { start_time: start = 0, end_time: end = 0 } = parsed.times;
    const from = slotStart(start);
    // History ends where today's forecast begins.
    const to = Math.min(end, dayStart(nowMs));
    if (end < start) {
      return invalid(['query', 'end_time'], 'end_time must not be before start_time');
    }
    if (to - from > MAX_HISTORY_MS) {
      return invalid(['query', 'end_time'], 'The history covers at most 366 days per request');
    }
    const byGeneration = query.forecast_generation_timestamp === true;
    // By generation time: each day's 72-hour forecast whose generation (midnight) is in the period. By forecast
    // time: each quarter-hour of the period, from the forecast generated at the start of its day.
    const firstDay = dayStart(from) < from ? dayStart(from) + DAY_MS : dayStart(from);
    const total = Math.max(
      0,
      byGeneration ? Math.ceil((to - firstDay) / DAY_MS) * HOUSE_SLOTS : Math.ceil((to - from) / SLOT_MS),
    );
    const { data, next } = indexPage(total, page.after, page.limit, (index) => {
      const generation = byGeneration
        ? firstDay + Math.floor(index / HOUSE_SLOTS) * DAY_MS
        : dayStart(from + index * SLOT_MS);
      const ms = byGeneration ? generation + (index % HOUSE_SLOTS) * SLOT_MS : from + index * SLOT_MS;
      return {
        forecast_generation_time: slotTime(generation),
        forecast_time: slotTime(ms),
        consumption: kwh(load.base + load.homes * housePeaks(ms)),
      };
    });
    return { ok: { data, meta: houseMeta(account, query.house_id) }, next };
  },

  listDeviceConsumptionForecast({ account, world, query, page, nowMs }) {
    const start = slotStart(nowMs);
    const keep = filterOf('hp', undefined, query.device_id);
    const devices = world.devicesOf(account.name);
    if (query.aggregated === true && !query.device_id) {
      const fleet = devices.filter(keep);
      const { data, next } = indexPage(DEVICE_SLOTS, page.after, page.limit, (slot) => {
        const ms = start + slot * SLOT_MS;
        return {
          device_id: null,
          forecast_time: slotTime(ms),
          consumption: round(fleet.reduce((sum, device) => sum + deviceConsumption(world, device, ms), 0)),
        };
      });
      return { ok: { data, meta: { energy_supplier: account.name, next_token: null } }, next };
    }
    const { data, next } = devicePage(world, devices, keep, page.after, page.limit, DEVICE_SLOTS, (device, slot) => {
      const ms = start + slot * SLOT_MS;
      return { device_id: device.id, forecast_time: slotTime(ms), consumption: deviceConsumption(world, device, ms) };
    });
    return { ok: { data, meta: { energy_supplier: account.name, next_token: null } }, next };
  },

  getFlexDown({ account, world, query, page, nowMs }) {
    const keep = filterOf('hp', undefined, query.device_id);
    const devices = world.devicesOf(account.name);
    if (query.aggregated === true && !query.device_id) {
      const total = devices.filter(keep).reduce((sum, device) => sum + flexDownPotential(world, device, nowMs), 0);
      const { data, next } = indexPage(1, page.after, page.limit, () => ({ device_id: null, flex_down: round(total) }));
      return { ok: { data, meta: { energy_supplier: account.name, next_token: null } }, next };
    }
    const { data, next } = devicePage(world, devices, keep, page.after, page.limit, 1, (device) => ({
      device_id: device.id,
      flex_down: flexDownPotential(world, device, nowMs),
    }));
    return { ok: { data, meta: { energy_supplier: account.name, next_token: null } }, next };
  },

  executeFlexDown({ account, world, query, nowMs }) {
    world.addFlexDown({ supplier: account.name, atMs: nowMs, energyKwh: query.energy });
    return {
      ok: {
        message: `Flex down operation successful across all devices for ${query.energy.toFixed(1)} kWh.`,
        meta: { energy_supplier: account.name },
      },
    };
  },
};
