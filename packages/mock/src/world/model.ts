// A small deterministic model of a home, for the thermal-control, consumption and flex-down reads. Not physics:
// numbers of the right kind and scale that follow the device's settings (room and DHW bounds, control mode,
// steering consent) and its thermal schedule, the same for the same device, clock and settings. Time runs in
// 15-minute UTC slots.
import type { Device, World } from './store.js';

export const SLOT_MS = 15 * 60 * 1000;
/** The house's heat capacity, kWh per °C; the tank's. */
const HOUSE_KWH_PER_C = 5;
const TANK_KWH_PER_C = 0.2;
const COP = 3;

export function slotStart(ms: number): number {
  return Math.floor(ms / SLOT_MS) * SLOT_MS;
}

/** A slot's time as NOX's thermal and consumption responses write it: `YYYY-MM-DD HH:MM:SS`, UTC. */
export function slotTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** A number in [0, 1) from a string (FNV-1a): each device and home gets its own, stable, character. */
export function unitHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 4_294_967_296;
}

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Outdoor temperature, °C: a daily wave, coldest around 04:00 UTC. */
function outdoor(ms: number): number {
  const hour = (ms / 3_600_000) % 24;
  return 8 + 6 * Math.sin((2 * Math.PI * (hour - 10)) / 24);
}

/** The activation level a device's thermal schedule asks for in a slot, when NOX may steer it. */
function scheduledLevel(world: World, device: Device, ms: number): number {
  const schedule = world.thermalSchedule(device);
  if (!schedule || device.optimization.flex_trading !== true || !device.steerable) {
    return 0;
  }
  const index = Math.floor((ms - schedule.startMs) / SLOT_MS);
  return index >= 0 && index < schedule.levels.length ? (schedule.levels[index] as number) : 0;
}

export interface HomeSlot {
  /** The device's heat-pump levels (kW), 0 first. */
  levels: number[];
  space: number;
  spaceLower: number;
  spaceUpper: number;
  preferred: number;
  dhw: number;
  dhwLower: number;
  dhwUpper: number;
  /** °C per slot the house loses on its own (negative: it gains). */
  naturalC: number;
  tankLossC: number;
  heating: boolean;
  cooling: boolean;
}

/** The state of a heat pump's home in the slot starting at `ms`. */
export function homeSlot(world: World, device: Device, ms: number): HomeSlot {
  const character = unitHash(device.id);
  const preferred = device.room.preferred_temperature ?? 21;
  const spaceLower = preferred - (device.room.temperature_lower_bound ?? 1.5);
  const spaceUpper = preferred + (device.room.temperature_upper_bound ?? 2);
  const dhwLower = device.dhw.temperature_lower_bound ?? 40;
  const dhwUpper = Math.max(dhwLower, device.dhw.temperature_upper_bound ?? 50);
  const mode = device.room.temperature_control_mode ?? 'auto';
  const level = scheduledLevel(world, device, ms);
  const phase = ((ms / SLOT_MS + character * 96) % 96) / 96;
  const wave = Math.sin(2 * Math.PI * phase);
  // Steered up, the house drifts to its upper bound; otherwise it stays around the preferred temperature.
  const space = Math.min(spaceUpper, Math.max(spaceLower, level > 0 ? spaceUpper - 0.1 : preferred + 0.4 * wave));
  const dhw = dhwLower + (dhwUpper - dhwLower) * (level > 0 ? 0.95 : 0.5 + 0.4 * wave);
  const levels = [0, round(device.capacityKw / 2, 2), round(device.capacityKw, 2)];
  return {
    levels,
    space,
    spaceLower,
    spaceUpper,
    preferred,
    dhw,
    dhwLower,
    dhwUpper,
    naturalC: round(((space - outdoor(ms)) * 0.01 + 0.02) * (0.8 + 0.4 * character)),
    tankLossC: round(0.2 + 0.2 * character),
    heating: mode === 'auto' || mode === 'heating',
    cooling: mode === 'auto' || mode === 'cooling',
  };
}

/** °C per slot each level gives the house (heating) or takes (cooling), 0 when the mode does not allow it. */
export function levelEffectC(slot: HomeSlot, allowed: boolean): number[] {
  return slot.levels.map((kw) => (allowed ? round((kw * 0.25 * COP) / HOUSE_KWH_PER_C) : 0));
}

export function kwhOfHouse(celsius: number): number {
  return round(celsius * HOUSE_KWH_PER_C);
}
export function kwhOfTank(celsius: number): number {
  return round(celsius * TANK_KWH_PER_C);
}
export { round };

/** A home's base electricity use per slot, kWh. */
export function houseBase(homeId: string): number {
  return 0.05 + 0.1 * unitHash(homeId);
}

/** What every home adds to its base in a slot, kWh: a morning and an evening peak. */
export function housePeaks(ms: number): number {
  const hour = (ms / 3_600_000) % 24;
  return Math.exp(-((hour - 7) ** 2) / 2) * 0.15 + Math.exp(-((hour - 18.5) ** 2) / 3) * 0.3;
}

/** A heat pump's electricity use in a slot, kWh: what keeping the house at its preferred temperature takes. */
export function deviceConsumption(world: World, device: Device, ms: number): number {
  if (device.asset !== 'hp') {
    return 0;
  }
  const slot = homeSlot(world, device, ms);
  const demandKwh = Math.max(0, slot.preferred - outdoor(ms)) * 0.05 * device.capacityKw * 0.25;
  const steered = scheduledLevel(world, device, ms);
  return round(Math.min(device.capacityKw * 0.25, demandKwh / COP + steered * 0.25));
}

/** What a heat pump could take up now (kWh): its tank's headroom, when NOX may steer it. */
export function flexDownPotential(world: World, device: Device, ms: number): number {
  if (device.asset !== 'hp' || !device.steerable || device.optimization.flex_trading !== true) {
    return 0;
  }
  const slot = homeSlot(world, device, ms);
  return kwhOfTank(slot.dhwUpper - slot.dhw);
}
