// PV steering: a fleet-wide flex (a production cap now), a device's schedule (stored, a new one replacing the
// one before, the spec's decision), and the flex log showing both.
import type { components } from '@nox-energy/types';
import type { Account } from '../accounts.js';
import type { Device, PvControlType, World } from '../world/store.js';
import { timesOf } from './thermal.js';
import { type HandlerTable, invalid } from './types.js';

type Schemas = components['schemas'];

/** NOX asks for an end time at least this far ahead: devices need time to react. */
const MIN_END_AHEAD_MS = 4 * 60_000;
/** The control a fleet-wide flex applies (NOX's flex logs show it for a production cap). */
const FLEX_CONTROL: PvControlType = 'production_curtailment';
/** The control of a schedule sent without one. */
const DEFAULT_SCHEDULE_CONTROL: PvControlType = 'default';

function steerablePv(world: World, account: Account): Device[] {
  return world
    .devicesOf(account.name)
    .filter(
      (device) => device.asset === 'pv' && device.steerable && device.pvOptimization.pv_curtailment_mode === 'managed',
    );
}

const iso = (ms: number) => new Date(ms).toISOString();

export const pvHandlers: HandlerTable = {
  executePvFlex({ account, world, body, nowMs }) {
    const kw = body.target_kw ?? null;
    const percentage = body.target_percentage ?? null;
    if ((kw === null) === (percentage === null)) {
      return invalid(
        ['body', kw === null ? 'target_kw' : 'target_percentage'],
        'Send exactly one of target_kw and target_percentage',
      );
    }
    const parsed = timesOf('body', body, ['end_time']);
    if ('invalid' in parsed) {
      return parsed;
    }
    const endMs = parsed.times.end_time ?? null;
    if (endMs !== null) {
      if (endMs < nowMs + MIN_END_AHEAD_MS) {
        return invalid(['body', 'end_time'], 'end_time must be at least 4 minutes ahead (UTC)');
      }
    }
    const devices = steerablePv(world, account);
    world.addPvFlex({
      supplier: account.name,
      atMs: nowMs,
      controlType: FLEX_CONTROL,
      targetPercentage: percentage,
      targetKw: kw,
      brands: [...new Set(devices.map((device) => device.brand))].sort(),
      deviceCount: devices.length,
      endMs,
    });
    return { ok: { meta: { energy_supplier: account.name } } };
  },

  submitPvSchedule({ account, world, body, nowMs }) {
    const device = world.device(body.device_id);
    if (device?.asset !== 'pv' || device.supplier !== account.name) {
      return invalid(
        ['body', 'device_id'],
        `No PV installation ${body.device_id} among the devices of ${account.name}`,
      );
    }
    const parsed = timesOf('body', body, ['start_time', 'end_time']);
    if ('invalid' in parsed) {
      return parsed;
    }
    const { start_time: startMs = 0, end_time: endMs = 0 } = parsed.times;
    if (endMs <= startMs) {
      return invalid(['body', 'end_time'], 'end_time must be after start_time');
    }
    if (endMs <= nowMs) {
      return invalid(['body', 'end_time'], 'end_time must be in the future (UTC)');
    }
    world.setPvSchedule({
      device,
      startMs,
      endMs,
      controlType: body.control_type ?? DEFAULT_SCHEDULE_CONTROL,
      submittedAtMs: nowMs,
    });
    return {
      ok: {
        status: 'success',
        message: `Steering schedule accepted for ${device.id}`,
        meta: { schedule_granularity: '1min', energy_supplier: account.name, timezone: 'UTC' },
      },
    };
  },

  listPvFlexLogs({ account, world, query }) {
    const parsed = timesOf('query', query, ['start_time', 'end_time']);
    if ('invalid' in parsed) {
      return parsed;
    }
    const { start_time: from = 0, end_time: to = 0 } = parsed.times;
    if (to < from) {
      return invalid(['query', 'end_time'], 'end_time must not be before start_time');
    }
    const entries: Array<{ atMs: number; log: Schemas['PvFlexLog'] }> = [];
    for (const entry of world.pvFlexLog(account.name)) {
      entries.push({
        atMs: entry.atMs,
        log: {
          timestamp: iso(entry.atMs),
          control_type: entry.controlType,
          target_percentage: entry.targetPercentage,
          brand_filter: entry.brands,
          executed_flex_device_count: entry.deviceCount,
          end_time: entry.endMs === null ? null : iso(entry.endMs),
        },
      });
    }
    // A stored schedule shows from its start: one device, its brand.
    for (const schedule of world.pvSchedules(account.name)) {
      entries.push({
        atMs: schedule.startMs,
        log: {
          timestamp: iso(schedule.startMs),
          control_type: schedule.controlType,
          target_percentage: null,
          brand_filter: [schedule.device.brand],
          executed_flex_device_count: 1,
          end_time: iso(schedule.endMs),
        },
      });
    }
    const data = entries
      .filter((entry) => entry.atMs >= from && entry.atMs <= to)
      .sort((a, b) => a.atMs - b.atMs)
      .map((entry) => entry.log);
    return { ok: { data, meta: { energy_supplier: account.name } } };
  },
};
