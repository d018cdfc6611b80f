// The demo fleet: `n` deterministic NOX users and devices of one supplier, so pagination and filters can be
// tried at once. The same seed (and the same spec's brand lists) gives the same world, id for id.
import { stableId } from '../ids.js';
import type { AssetType, World } from './store.js';

export interface FleetOptions {
  supplier: string;
  /** The supplier account's role, as the spec names it. */
  role: string;
  devices: number;
  seed: number;
  /** The brands of each asset type, from the spec's enums. */
  brands: Readonly<Record<AssetType, readonly string[]>>;
}

/** A small seeded generator (mulberry32): fast, and the same sequence for the same seed on every platform. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const COUNTRIES = ['NL', 'BE', 'DE', 'FR', 'ES', 'AT', 'DK', 'GB'];
const HP_SERIES = ['Aero', 'Terra', 'Hydro', 'Compact', 'Split', 'Mono'];
const PV_SERIES = ['Sun', 'Hybrid', 'Grid', 'Max', 'Plus'];
const HP_TYPES = ['air-to-water', 'air-to-air', 'ground-source', 'hybrid'];

/** Fills the world with the fleet; returns how many devices it added. */
export function fillFleet(world: World, options: FleetOptions): number {
  const random = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  let added = 0;
  let userIndex = 0;
  while (added < options.devices) {
    const externalId = `demo-user-${options.seed}-${userIndex}`;
    const user = world.ensureUser(
      stableId('fleet-user', String(options.seed), externalId),
      'supplier',
      options.supplier,
      externalId,
    );
    const country = pick(COUNTRIES);
    // Most homes have one device; some a heat pump and PV.
    const count = Math.min(options.devices - added, random() < 0.25 ? 2 : 1);
    for (let index = 0; index < count; index++) {
      const asset: AssetType = count === 2 ? (index === 0 ? 'hp' : 'pv') : random() < 0.6 ? 'hp' : 'pv';
      const brands = options.brands[asset];
      const brand = brands.length > 0 ? pick(brands) : asset;
      const hp = asset === 'hp';
      const preferred = 19 + Math.floor(random() * 5);
      const lower = 35 + 5 * Math.floor(random() * 3);
      world.ensureDevice(user, {
        id: stableId('fleet-device', String(options.seed), String(added)),
        asset,
        supplier: options.supplier,
        manufacturer: null,
        brand,
        model: `${brand}-${pick(hp ? HP_SERIES : PV_SERIES).toLowerCase()}-${1 + Math.floor(random() * 20)}`,
        ...(hp ? { modelType: pick(HP_TYPES) } : {}),
        country,
        capacityKw: hp ? 4 + Math.floor(random() * 12) : 3 + Math.floor(random() * 8),
        ...(hp
          ? {
              room: {
                temperature_lower_bound: 1 + Math.floor(random() * 3),
                temperature_upper_bound: 1 + Math.floor(random() * 3),
                preferred_temperature: preferred,
                schedule_enabled: random() < 0.5,
                temperature_control_mode: 'auto' as const,
              },
              dhw: {
                temperature_lower_bound: lower,
                temperature_upper_bound: lower + 10 + 5 * Math.floor(random() * 2),
              },
              optimization:
                random() < 0.2
                  ? { pv_self_consumption: false, dynamic_tariff: false, flex_trading: true }
                  : { pv_self_consumption: random() < 0.5, dynamic_tariff: true, flex_trading: false },
            }
          : {}),
        steerable: random() < 0.9,
        learningPeriodEnded: random() < 0.8,
      });
      added += 1;
    }
    userIndex += 1;
  }
  return added;
}
