// Cursor pagination over the world, through the real server: every device once for any page size, also when
// devices are added between pages, and the spec's 422 for a bad page size or token.
import { afterAll, describe, expect, it } from 'vitest';
import { isValidationError, SUPPLIER_KEY, startTestMock } from './helpers.js';

const FLEET = 5000;
const errors: unknown[] = [];
const mock = await startTestMock({ devices: FLEET, seed: 7, onError: (error) => errors.push(error) });
afterAll(() => expect(errors).toEqual([]));

interface Page {
  data: Array<{ device_id: string }>;
  meta: { next_token: string | null; energy_supplier: string };
}

async function get(path: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${mock.baseUrls.package}${path}`, { headers: { 'x-api-key': SUPPLIER_KEY } });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Walks a list to its end; `between` runs after each page. */
async function walk(path: string, limit: number, between?: () => void): Promise<string[]> {
  const ids: string[] = [];
  let token: string | null = null;
  do {
    const query = `limit=${limit}${token ? `&next_token=${encodeURIComponent(token)}` : ''}`;
    const { status, json } = await get(`${path}${path.includes('?') ? '&' : '?'}${query}`);
    expect(status, JSON.stringify(json)).toBe(200);
    const page = json as unknown as Page;
    expect(page.data.length).toBeLessThanOrEqual(limit);
    expect(page.meta.energy_supplier).toBe('Acme Energy');
    ids.push(...page.data.map((item) => item.device_id));
    token = page.meta.next_token;
    between?.();
  } while (token !== null);
  return ids;
}

const fleetIds = (asset: 'hp' | 'pv') =>
  mock.world
    .devicesOf('Acme Energy')
    .filter((device) => device.asset === asset)
    .map((device) => device.id);

describe('a page walk over the 5,000-device demo fleet', () => {
  it('yields every device once, in creation order, for page sizes 1, 7, 1000 and 4000', async () => {
    expect(mock.world.deviceCount).toBe(FLEET);
    for (const limit of [1, 7, 1000, 4000]) {
      const heatPumps = await walk('/v1/devices', limit);
      const pv = await walk('/v1/devices/pv', limit);
      expect(heatPumps).toEqual(fleetIds('hp'));
      expect(pv).toEqual(fleetIds('pv'));
      expect(new Set([...heatPumps, ...pv]).size).toBe(FLEET);
    }
  });

  it('neither skips nor repeats a device when devices are added between pages', async () => {
    const before = fleetIds('hp');
    const user = mock.world.devicesOf('Acme Energy')[0]?.user;
    if (!user) {
      throw new Error('no fleet');
    }
    let added = 0;
    const ids = await walk('/v1/devices', 250, () => {
      for (let index = 0; index < 3; index++) {
        added += 1;
        mock.world.ensureDevice(user, {
          id: `inserted-${added}`,
          asset: 'hp',
          supplier: 'Acme Energy',
          manufacturer: null,
          brand: 'nibe',
          model: 'nibe-inserted',
        });
      }
    });
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, before.length)).toEqual(before);
    // What was added while walking comes after, in the order it was added.
    expect(ids.slice(before.length)).toEqual(fleetIds('hp').slice(before.length, ids.length));
    expect(ids.length).toBeGreaterThan(before.length);
  });

  it('filters by user_id and device_id, paging within the filter', async () => {
    const [device] = mock.world.devicesOf('Acme Energy').filter((item) => item.asset === 'hp');
    if (!device) {
      throw new Error('no heat pump');
    }
    const byDevice = await walk(`/v1/devices?device_id=${device.id}`, 1);
    expect(byDevice).toEqual([device.id]);
    const byUser = await walk(`/v1/devices?user_id=${device.user.id}`, 1);
    expect(byUser).toEqual(device.user.devices.filter((item) => item.asset === 'hp').map((item) => item.id));
    expect(await walk('/v1/devices?user_id=nobody', 10)).toEqual([]);
  });

  it('answers limit=0, limit=4001 and bad tokens with the spec 422 body naming the field', async () => {
    for (const [query, field, type] of [
      ['limit=0', 'limit', 'greater_than_equal'],
      ['limit=4001', 'limit', 'less_than_equal'],
      ['limit=ten', 'limit', 'int_parsing'],
      ['next_token=forged', 'next_token', 'value_error'],
    ] as const) {
      const { status, json } = await get(`/v1/devices?${query}`);
      expect(status, query).toBe(422);
      expect(isValidationError(json), JSON.stringify(json)).toBe(true);
      expect(json.detail).toEqual([{ loc: ['query', field], msg: expect.any(String), type }]);
    }
    const first = (await get('/v1/devices?limit=2')).json as unknown as Page;
    const token = first.meta.next_token as string;
    // An altered token, and a token used with other filters or on another list, do not verify.
    const altered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const path of [
      `/v1/devices?next_token=${encodeURIComponent(altered)}`,
      `/v1/devices?user_id=x&next_token=${encodeURIComponent(token)}`,
      `/v1/devices/pv?next_token=${encodeURIComponent(token)}`,
    ]) {
      const { status, json } = await get(path);
      expect(status, path).toBe(422);
      expect((json.detail as Array<{ loc: unknown }>)[0]?.loc).toEqual(['query', 'next_token']);
    }
    // The spec's default page size applies without `limit`.
    expect(((await get('/v1/devices')).json as unknown as Page).data).toHaveLength(1000);
  });

  it('pages the forecasts and flex lists the same way', async () => {
    // Three days of quarter-hours (house items carry no device id).
    expect(await walk('/v1/house/consumption/forecast', 100)).toHaveLength(288);
    expect(await walk('/v1/flex/down', 1000)).toEqual(fleetIds('hp'));
    const { status } = await get('/v1/flex/down?limit=1001');
    expect(status).toBe(422);
  });
});
