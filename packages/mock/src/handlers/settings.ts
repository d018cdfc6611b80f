// Device settings: read per device, changed per user (every device of the user) or per device, with NOX's rules
// (`flex_trading` excludes the other optimisations, DHW upper >= lower) checked by the world. The deprecated
// thermal-settings POST is the same change, its `steering_enabled.heat_pump` being `flex_trading`.
import type { components } from '@nox-energy/types';
import type { Account } from '../accounts.js';
import type { Device, SettingsChange, World } from '../world/store.js';
import { candidates, filterOf } from './devices.js';
import { type HandlerTable, invalid, type ValidationIssue } from './types.js';

type Schemas = components['schemas'];

function settingsOf(device: Device): Schemas['DeviceSettings'] {
  return {
    device_id: device.id,
    room: { ...device.room },
    dhw: { ...device.dhw },
    optimization_settings: { ...device.optimization },
    updated_at: new Date(device.settingsUpdatedAtMs).toISOString(),
  };
}

/**
 * The devices a settings change applies to: the user's (of this account), or the one device of the user. An
 * unknown user or a device of another user is the request's mistake, named like a validation error.
 */
function targets(
  world: World,
  account: Account,
  userId: string,
  deviceId: string | null | undefined,
  asset: Device['asset'],
): { devices: Device[] } | { invalid: ValidationIssue[] } {
  const owned = candidates(world, account, userId).filter(filterOf(asset));
  const user = world.user(userId);
  if (
    !user ||
    (owned.length === 0 &&
      !user.devices.some((device) => device.supplier === account.name || device.manufacturer === account.name))
  ) {
    return invalid(['body', 'user_id'], `No NOX user ${userId} among the users of ${account.name}`);
  }
  if (deviceId !== undefined && deviceId !== null) {
    const device = owned.find((item) => item.id === deviceId);
    return device
      ? { devices: [device] }
      : invalid(['body', 'device_id'], `No device ${deviceId} of type ${asset} for user ${userId}`);
  }
  return { devices: owned };
}

function apply(world: World, devices: Device[], change: SettingsChange) {
  world.updateSettings(devices, change);
}

export const settingsHandlers: HandlerTable = {
  getDeviceSettings({ account, world, query }) {
    const list = candidates(world, account, query.user_id, query.device_id).filter(
      filterOf('hp', query.user_id, query.device_id),
    );
    return { ok: { data: list.map(settingsOf), meta: { energy_supplier: account.name } } };
  },

  updateDeviceSettings({ account, world, body }) {
    const found = targets(world, account, body.user_id, body.device_id, 'hp');
    if ('invalid' in found) {
      return found;
    }
    apply(world, found.devices, {
      room: body.room,
      dhw: body.dhw,
      optimization: body.optimization_settings,
      location: body.location,
    });
    return { ok: undefined };
  },

  updatePvDeviceSettings({ account, world, body }) {
    const found = targets(world, account, body.user_id, body.device_id, 'pv');
    if ('invalid' in found) {
      return found;
    }
    apply(world, found.devices, { pvOptimization: body.optimization_settings, location: body.location });
    return { ok: undefined };
  },

  submitThermalControlSettings({ account, world, body }) {
    const found = targets(world, account, body.user_id, body.device_id, 'hp');
    if ('invalid' in found) {
      return found;
    }
    apply(world, found.devices, {
      room: body.room,
      dhw: body.dhw,
      // NOX's deprecation note: steering consent is now `optimization_settings.flex_trading`.
      optimization: body.steering_enabled ? { flex_trading: body.steering_enabled.heat_pump } : undefined,
      location: body.location,
    });
    return {
      ok: { status: 'success', message: 'Settings updated successfully.', meta: { energy_supplier: account.name } },
    };
  },
};
