// The device lists: heat pumps and PV installations of a supplier, a manufacturer's devices. Each page walks the
// account's devices in creation order from the cursor, so devices added between pages are listed once, at the end.
import type { components } from '@nox-energy/types';
import type { Account } from '../accounts.js';
import type { Device, World } from '../world/store.js';
import type { HandlerTable } from './types.js';

type Schemas = components['schemas'];

export function heatPumpOf(device: Device): Schemas['HeatPumpDevice'] {
  return {
    model: device.model,
    ...(device.modelType ? { model_type: device.modelType } : {}),
    brand: device.brand,
    ...(device.country ? { country: device.country } : {}),
    device_id: device.id,
    user_id: device.user.id,
    device_type: 'heat_pump',
    has_delayed_power_data_1d: false,
    legionella_config: {
      frequency_per_weeks: 1,
      capacity: Math.round(device.capacityKw * 0.75 * 10) / 10,
      duration_minutes: 60,
    },
    cycle_config: { max_cycles_per_day: 6 },
    steerable_status: {
      steering_enabled: device.optimization.flex_trading === true,
      steerable: device.steerable,
    },
    needs_reauthentication: device.needsReauthentication,
  };
}

function pvOf(device: Device): Schemas['PvDevice'] {
  const steering = device.steerable && device.learningPeriodEnded;
  return {
    model: device.model,
    brand: device.brand,
    ...(device.country ? { country: device.country } : {}),
    device_id: device.id,
    user_id: device.user.id,
    steerable_status: {
      steering_enabled: device.pvOptimization.pv_curtailment_mode === 'managed',
      steerable: device.steerable,
      learning_period_ended: device.learningPeriodEnded,
      general_reason: steering ? '' : device.learningPeriodEnded ? 'Device is not reachable' : 'Still collecting data',
    },
    needs_reauthentication: device.needsReauthentication,
    has_grid_export_curtailment: device.steerable,
    has_production_curtailment: device.steerable,
  };
}

function manufacturerDeviceOf(device: Device): Schemas['ManufacturerDevice'] {
  return {
    device_id: device.id,
    // A device connected by its manufacturer alone has no supplier: the mock names none (an empty name).
    energy_supplier: device.supplier ?? '',
    dhw: { ...device.dhw },
    optimization_settings: { ...device.optimization },
    ...(device.country ? { country: device.country } : {}),
  };
}

/** The account's devices a filter keeps: by asset type, NOX user and device. */
export function filterOf(asset: Device['asset'] | undefined, userId?: string | null, deviceId?: string | null) {
  return (device: Device) =>
    (asset === undefined || device.asset === asset) &&
    (userId === undefined || userId === null || device.user.id === userId) &&
    (deviceId === undefined || deviceId === null || device.id === deviceId);
}

/** The smallest list the filter can walk: one user's devices, or every device of the account. */
export function candidates(
  world: World,
  account: Account,
  userId?: string | null,
  deviceId?: string | null,
): readonly Device[] {
  if (deviceId) {
    const device = world.device(deviceId);
    return device
      ? [device].filter((item) => item.supplier === account.name || item.manufacturer === account.name)
      : [];
  }
  if (userId) {
    const user = world.user(userId);
    return user
      ? user.devices.filter((item) => item.supplier === account.name || item.manufacturer === account.name)
      : [];
  }
  return world.devicesOf(account.name);
}

export const deviceHandlers: HandlerTable = {
  listDevices({ account, world, query, page }) {
    const { items, next } = world.page(
      candidates(world, account, query.user_id, query.device_id),
      page.after,
      page.limit,
      filterOf('hp', query.user_id, query.device_id),
    );
    return {
      ok: {
        data: items.map(heatPumpOf),
        meta: { energy_supplier: account.name, capacity_unit: 'kWh', next_token: null },
      },
      next,
    };
  },

  listPvDevices({ account, world, query, page }) {
    const { items, next } = world.page(
      candidates(world, account, query.user_id, query.device_id),
      page.after,
      page.limit,
      filterOf('pv', query.user_id, query.device_id),
    );
    return { ok: { data: items.map(pvOf), meta: { energy_supplier: account.name, next_token: null } }, next };
  },

  listManufacturerDevices({ account, world, query, page }) {
    const { items, next } = world.page(
      candidates(world, account, undefined, query.device_id),
      page.after,
      page.limit,
      (device) => device.manufacturer === account.name && filterOf(undefined, undefined, query.device_id)(device),
    );
    return {
      ok: { data: items.map(manufacturerDeviceOf), meta: { manufacturer: account.name, next_token: null } },
      next,
    };
  },
};
