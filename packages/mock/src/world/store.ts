// The mock's NOX world, in memory: NOX users, their devices (heat pumps and PV installations, each owned by a
// supplier and/or a manufacturer account), each device's settings, and the steering sent for them (PV flex, PV
// schedules, thermal schedules, flex-down commands). Every change goes through a method of `World`, which holds the
// invariants in one place:
// - ids are unique: a NOX user per (role, account, the account's user id), a device id once in the whole world;
// - a device belongs to exactly one NOX user, and appears in its owners' lists in creation order (its `seq`),
//   which never changes and is never reused, so a page cursor on `seq` neither skips nor repeats a device;
// - `flex_trading` excludes the other optimisations, and every bound (DHW upper >= lower) holds after a change;
// - the caps of `WorldLimits` hold: a change past a cap is refused with `WorldFullError`, nothing is evicted,
//   except the oldest flex log entries, which make room for new ones (a log, not state).
import type { components } from '@nox-energy/types';

type Schemas = components['schemas'];
export type AssetType = Schemas['AssetType'];
export type RoomSettings = Schemas['RoomSettings'];
export type DhwSettings = Schemas['DhwSettings'];
export type OptimizationSettings = Schemas['OptimizationSettings'];
export type PvOptimizationSettings = Schemas['PvOptimizationSettings'];
export type LocationSettings = Schemas['LocationSettings'];
export type PvControlType = Schemas['PvControlType'];

export interface NoxUser {
  id: string;
  /** The role of the account that linked the user (`supplier` or `manufacturer`). */
  role: string;
  account: string;
  /** The account's own id of the user (`supplier_user_id` / `manufacturer_user_id`). */
  externalId: string;
  /** The user's devices, in creation order. */
  devices: Device[];
}

export interface Device {
  /** Creation sequence number: unique, increasing, never reused (the page cursor). */
  seq: number;
  id: string;
  asset: AssetType;
  user: NoxUser;
  /** The supplier account whose customer owns the device, if any. */
  supplier: string | null;
  /** The manufacturer account that connected the device, if any. */
  manufacturer: string | null;
  brand: string;
  model: string;
  modelType: string | undefined;
  country: string | undefined;
  steerable: boolean;
  needsReauthentication: boolean;
  learningPeriodEnded: boolean;
  room: RoomSettings;
  dhw: DhwSettings;
  optimization: OptimizationSettings;
  pvOptimization: PvOptimizationSettings;
  location: LocationSettings;
  settingsUpdatedAtMs: number;
  /** Rated power in kW (heat pump) or peak power in kWp (PV): scales the model's numbers. */
  capacityKw: number;
}

export interface ThermalSchedule {
  device: Device;
  startMs: number;
  /** Activation level per quarter-hour from `startMs`. */
  levels: number[];
  submittedAtMs: number;
}

export interface PvSchedule {
  device: Device;
  startMs: number;
  endMs: number;
  controlType: PvControlType;
  submittedAtMs: number;
}

export interface PvFlexEntry {
  supplier: string;
  atMs: number;
  controlType: PvControlType;
  targetPercentage: number | null;
  targetKw: number | null;
  brands: string[];
  deviceCount: number;
  endMs: number | null;
}

export interface FlexDownEntry {
  supplier: string;
  atMs: number;
  energyKwh: number;
}

/** A state change, for whoever listens (the webhook dispatcher plugs in here). */
export type WorldEvent =
  | {
      type: 'link.completed';
      atMs: number;
      user: NoxUser;
      devices: Device[];
      /** The devices this link created (the others were linked before). */
      created: Device[];
    }
  | {
      type: 'device.settings.updated';
      atMs: number;
      device: Device;
      part: 'room' | 'dhw' | 'optimization_settings';
      value: object;
      previous: object;
    }
  | {
      type: 'device.state.updated';
      atMs: number;
      device: Device;
      field: 'steerable' | 'needs_reauthentication' | 'steering_enabled';
      value: boolean;
      previous: boolean;
    };

export interface WorldLimits {
  /** NOX users in the world. Default 200 000. */
  maxUsers: number;
  /** Devices in the world. Default 200 000. */
  maxDevices: number;
  /** Stored schedules (thermal and PV, one per device each). Default 200 000. */
  maxSchedules: number;
  /** Flex log entries kept (PV flex and flex down, per world); the oldest make room. Default 10 000. */
  maxFlexLogs: number;
}

export const DEFAULT_WORLD_LIMITS: WorldLimits = {
  maxUsers: 200_000,
  maxDevices: 200_000,
  maxSchedules: 200_000,
  maxFlexLogs: 10_000,
};

/** A change the world refuses because a cap of `WorldLimits` is reached. */
export class WorldFullError extends Error {
  override name = 'WorldFullError';
  constructor(readonly cap: keyof WorldLimits) {
    super(`The mock world is full (${cap}); reset it or raise the limit in the config`);
  }
}

/** A settings change that breaks one of NOX's rules: names the field (as a path under the body) and why. */
export class SettingsRuleError extends Error {
  override name = 'SettingsRuleError';
  constructor(
    readonly path: string[],
    message: string,
  ) {
    super(message);
  }
}

export interface NewDevice {
  id: string;
  asset: AssetType;
  supplier: string | null;
  manufacturer: string | null;
  brand: string;
  model: string;
  modelType?: string;
  country?: string;
  capacityKw?: number;
  room?: RoomSettings;
  dhw?: DhwSettings;
  optimization?: OptimizationSettings;
  steerable?: boolean;
  learningPeriodEnded?: boolean;
}

/** The settings of a new heat pump: NOX documents no defaults; these are its examples' values. */
export const DEFAULT_ROOM: RoomSettings = {
  temperature_lower_bound: 1.5,
  temperature_upper_bound: 2,
  preferred_temperature: 21,
  schedule_enabled: false,
  temperature_control_mode: 'auto',
};
export const DEFAULT_DHW: DhwSettings = { temperature_lower_bound: 40, temperature_upper_bound: 50 };
export const DEFAULT_OPTIMIZATION: OptimizationSettings = {
  pv_self_consumption: true,
  dynamic_tariff: true,
  flex_trading: false,
};

/** The settings part of a change: what `updateSettings` takes (any subset). */
export interface SettingsChange {
  room?: RoomSettings | undefined;
  dhw?: DhwSettings | undefined;
  optimization?: OptimizationSettings | undefined;
  pvOptimization?: PvOptimizationSettings | undefined;
  location?: LocationSettings | undefined;
}

/** The first index of `list` (ordered by seq) whose seq is greater than `after`. */
function firstAfter(list: readonly Device[], after: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((list[middle] as Device).seq <= after) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/** `flex_trading` excludes the others (NOX: enabling it disables them, enabling another disables it). */
function mergeOptimization(current: OptimizationSettings, change: OptimizationSettings): OptimizationSettings {
  const others = (['pv_self_consumption', 'dynamic_tariff'] as const).filter((key) => change[key] === true);
  if (change.flex_trading === true && others.length > 0) {
    throw new SettingsRuleError(
      ['optimization_settings', 'flex_trading'],
      `flex_trading excludes the other optimisations; do not enable it together with ${others.join(' and ')}`,
    );
  }
  const merged = { ...current, ...change };
  if (change.flex_trading === true) {
    merged.pv_self_consumption = false;
    merged.dynamic_tariff = false;
  } else if (others.length > 0) {
    merged.flex_trading = false;
  }
  return merged;
}

function mergeDhw(current: DhwSettings, change: DhwSettings): DhwSettings {
  const merged = { ...current, ...change };
  const { temperature_lower_bound: lower, temperature_upper_bound: upper } = merged;
  if (lower !== undefined && upper !== undefined && upper < lower) {
    const field = change.temperature_upper_bound !== undefined ? 'temperature_upper_bound' : 'temperature_lower_bound';
    throw new SettingsRuleError(
      ['dhw', field],
      `temperature_upper_bound (${upper}) must be at least temperature_lower_bound (${lower})`,
    );
  }
  return merged;
}

const same = (a: object, b: object) => JSON.stringify(a) === JSON.stringify(b);

export class World {
  readonly limits: WorldLimits;
  #seq = 0;
  readonly #users = new Map<string, NoxUser>();
  readonly #devices = new Map<string, Device>();
  /** Devices by owning account (supplier or manufacturer name), in seq order. */
  readonly #byOwner = new Map<string, Device[]>();
  readonly #thermalSchedules = new Map<string, ThermalSchedule>();
  readonly #pvSchedules = new Map<string, PvSchedule>();
  #flexLogs: PvFlexEntry[] = [];
  #flexDowns: FlexDownEntry[] = [];
  #offsetMs = 0;

  constructor(
    private readonly baseNow: () => number,
    limits: Partial<WorldLimits> = {},
    /** Receives every state change; a no-op until something (a webhook dispatcher) listens. */
    readonly publish: (event: WorldEvent) => void = () => {},
  ) {
    this.limits = { ...DEFAULT_WORLD_LIMITS, ...limits };
  }

  // The clock: the base clock plus what tests advanced it by.
  now(): number {
    return this.baseNow() + this.#offsetMs;
  }
  advanceClock(ms: number): void {
    this.#offsetMs += ms;
  }
  setClock(ms: number): void {
    this.#offsetMs = ms - this.baseNow();
  }

  get userCount(): number {
    return this.#users.size;
  }
  get deviceCount(): number {
    return this.#devices.size;
  }

  /** Empties the world (the sequence goes on: a cursor from before the reset cannot point into the new world). */
  reset(): void {
    this.#users.clear();
    this.#devices.clear();
    this.#byOwner.clear();
    this.#thermalSchedules.clear();
    this.#pvSchedules.clear();
    this.#flexLogs = [];
    this.#flexDowns = [];
  }

  user(id: string): NoxUser | undefined {
    return this.#users.get(id);
  }
  device(id: string): Device | undefined {
    return this.#devices.get(id);
  }

  /** The NOX user with this id, created when new (re-linking the same account user keeps the NOX user). */
  ensureUser(id: string, role: string, account: string, externalId: string): NoxUser {
    const existing = this.#users.get(id);
    if (existing) {
      return existing;
    }
    if (this.#users.size >= this.limits.maxUsers) {
      throw new WorldFullError('maxUsers');
    }
    const user: NoxUser = { id, role, account, externalId, devices: [] };
    this.#users.set(id, user);
    return user;
  }

  /** The device with this id for the user, created when new; `undefined` when the id belongs to another user. */
  ensureDevice(user: NoxUser, spec: NewDevice): Device | undefined {
    const existing = this.#devices.get(spec.id);
    if (existing) {
      return existing.user === user ? existing : undefined;
    }
    if (this.#devices.size >= this.limits.maxDevices) {
      throw new WorldFullError('maxDevices');
    }
    const hp = spec.asset === 'hp';
    const device: Device = {
      seq: ++this.#seq,
      id: spec.id,
      asset: spec.asset,
      user,
      supplier: spec.supplier,
      manufacturer: spec.manufacturer,
      brand: spec.brand,
      model: spec.model,
      modelType: spec.modelType,
      country: spec.country,
      steerable: spec.steerable ?? true,
      needsReauthentication: false,
      learningPeriodEnded: spec.learningPeriodEnded ?? true,
      room: hp ? { ...(spec.room ?? DEFAULT_ROOM) } : {},
      dhw: hp ? { ...(spec.dhw ?? DEFAULT_DHW) } : {},
      optimization: hp ? { ...(spec.optimization ?? DEFAULT_OPTIMIZATION) } : {},
      pvOptimization: hp ? {} : { pv_curtailment_mode: 'managed' },
      location: spec.country ? { country: spec.country } : {},
      settingsUpdatedAtMs: this.now(),
      capacityKw: spec.capacityKw ?? (hp ? 8 : 5),
    };
    this.#devices.set(device.id, device);
    user.devices.push(device);
    for (const owner of new Set([spec.supplier, spec.manufacturer])) {
      if (owner !== null) {
        const list = this.#byOwner.get(owner) ?? [];
        list.push(device);
        this.#byOwner.set(owner, list);
      }
    }
    return device;
  }

  /** Moves a device to another NOX user of the same account (a manufacturer re-connecting a sold device). */
  moveDevice(device: Device, user: NoxUser): void {
    if (device.user === user) {
      return;
    }
    device.user.devices = device.user.devices.filter((item) => item !== device);
    const at = firstAfter(user.devices, device.seq);
    user.devices.splice(at, 0, device);
    device.user = user;
  }

  /** Reports a completed link (after its user and devices were ensured). */
  linkCompleted(user: NoxUser, devices: Device[], created: Device[] = []): void {
    this.publish({ type: 'link.completed', atMs: this.now(), user, devices, created });
  }

  /** The devices an account owns, in seq order (shared: do not modify). */
  devicesOf(account: string): readonly Device[] {
    return this.#byOwner.get(account) ?? [];
  }

  /**
   * One page of `list` (in seq order): up to `limit` devices after the cursor `after` that pass `keep`, and the
   * cursor of the next page (the last device's seq) or null when nothing follows.
   */
  page(
    list: readonly Device[],
    after: number | undefined,
    limit: number,
    keep: (device: Device) => boolean,
  ): { items: Device[]; next: number | null } {
    const items: Device[] = [];
    for (let index = after === undefined ? 0 : firstAfter(list, after); index < list.length; index++) {
      const device = list[index] as Device;
      if (!keep(device)) {
        continue;
      }
      if (items.length === limit) {
        return { items, next: (items.at(-1) as Device).seq };
      }
      items.push(device);
    }
    return { items, next: null };
  }

  /**
   * Applies a settings change to each device, all or nothing: every device's merged settings are checked first,
   * then stored, then one event per changed part is published.
   */
  updateSettings(devices: readonly Device[], change: SettingsChange): void {
    const merged = devices.map((device) => ({
      device,
      room: change.room ? { ...device.room, ...change.room } : device.room,
      dhw: change.dhw ? mergeDhw(device.dhw, change.dhw) : device.dhw,
      optimization: change.optimization
        ? mergeOptimization(device.optimization, change.optimization)
        : device.optimization,
    }));
    const atMs = this.now();
    for (const { device, room, dhw, optimization } of merged) {
      const previous = { room: device.room, dhw: device.dhw, optimization: device.optimization };
      const steering = device.optimization.flex_trading === true;
      device.room = room;
      device.dhw = dhw;
      device.optimization = optimization;
      if (change.pvOptimization) {
        device.pvOptimization = { ...device.pvOptimization, ...change.pvOptimization };
      }
      if (change.location) {
        device.location = { ...device.location, ...change.location };
        device.country = device.location.country ?? device.country;
      }
      device.settingsUpdatedAtMs = atMs;
      const parts = [
        ['room', room, previous.room],
        ['dhw', dhw, previous.dhw],
        ['optimization_settings', optimization, previous.optimization],
      ] as const;
      for (const [part, value, before] of parts) {
        if (!same(value, before)) {
          this.publish({ type: 'device.settings.updated', atMs, device, part, value, previous: before });
        }
      }
      // Steering consent is `flex_trading` (NOX's deprecation note of `steering_enabled`).
      if (steering !== (optimization.flex_trading === true)) {
        this.publish({
          type: 'device.state.updated',
          atMs,
          device,
          field: 'steering_enabled',
          value: !steering,
          previous: steering,
        });
      }
    }
  }

  /** Sets a device's state flags (test controls), publishing a change per flag that changed. */
  setDeviceState(
    device: Device,
    state: { steerable?: boolean; needsReauthentication?: boolean; learningPeriodEnded?: boolean },
  ): void {
    const atMs = this.now();
    if (state.steerable !== undefined && state.steerable !== device.steerable) {
      this.publish({
        type: 'device.state.updated',
        atMs,
        device,
        field: 'steerable',
        value: state.steerable,
        previous: device.steerable,
      });
      device.steerable = state.steerable;
    }
    if (state.needsReauthentication !== undefined && state.needsReauthentication !== device.needsReauthentication) {
      this.publish({
        type: 'device.state.updated',
        atMs,
        device,
        field: 'needs_reauthentication',
        value: state.needsReauthentication,
        previous: device.needsReauthentication,
      });
      device.needsReauthentication = state.needsReauthentication;
    }
    if (state.learningPeriodEnded !== undefined) {
      device.learningPeriodEnded = state.learningPeriodEnded;
    }
  }

  /** Stores a device's thermal schedule, replacing the one before. */
  setThermalSchedule(schedule: ThermalSchedule): void {
    this.#storeSchedule(this.#thermalSchedules, schedule.device.id, schedule);
  }
  thermalSchedule(device: Device): ThermalSchedule | undefined {
    return this.#thermalSchedules.get(device.id);
  }

  /** Stores a device's PV schedule, replacing the one before (the spec's decision: schedules overwrite). */
  setPvSchedule(schedule: PvSchedule): void {
    this.#storeSchedule(this.#pvSchedules, schedule.device.id, schedule);
  }
  pvSchedules(supplier: string): PvSchedule[] {
    return [...this.#pvSchedules.values()].filter((schedule) => schedule.device.supplier === supplier);
  }

  #storeSchedule<T>(map: Map<string, T>, key: string, value: T): void {
    if (!map.has(key) && this.#thermalSchedules.size + this.#pvSchedules.size >= this.limits.maxSchedules) {
      throw new WorldFullError('maxSchedules');
    }
    // Re-inserted, so the map keeps the order in which schedules were last submitted.
    map.delete(key);
    map.set(key, value);
  }

  addPvFlex(entry: PvFlexEntry): void {
    this.#flexLogs = this.#trim(this.#flexLogs, entry);
  }
  pvFlexLog(supplier: string): PvFlexEntry[] {
    return this.#flexLogs.filter((entry) => entry.supplier === supplier);
  }
  addFlexDown(entry: FlexDownEntry): void {
    this.#flexDowns = this.#trim(this.#flexDowns, entry);
  }
  flexDowns(supplier: string): FlexDownEntry[] {
    return this.#flexDowns.filter((entry) => entry.supplier === supplier);
  }

  #trim<T>(list: T[], entry: T): T[] {
    list.push(entry);
    return list.length > this.limits.maxFlexLogs ? list.slice(list.length - this.limits.maxFlexLogs) : list;
  }
}
