// Linking fills the world, through the real server: a session completed in the UI creates the NOX user and the
// device the callback names; re-linking keeps them; manufacturers and the deprecated v1 do the same. Also: the
// demo fleet is the same for the same seed, and the test controls change the world.
import { decodeLinkCallback } from '@nox-energy/client';
import { afterAll, describe, expect, it } from 'vitest';
import { createControlHandler } from '../src/controls.js';
import type { MockServer } from '../src/index.js';
import {
  controlStatus,
  createSession,
  DEVICE_PATH,
  MANUFACTURER_KEY,
  post,
  REDIRECT,
  SUPPLIER_KEY,
  startTestMock,
  submitConnect,
} from './helpers.js';

const errors: unknown[] = [];
const mock = await startTestMock({ onError: (error) => errors.push(error) });
afterAll(() => expect(errors).toEqual([]));

async function get(target: MockServer, path: string, key = SUPPLIER_KEY) {
  const response = await fetch(`${target.baseUrls.package}${path}`, { headers: { 'x-api-key': key } });
  return { status: response.status, json: (await response.json()) as { data: Array<Record<string, unknown>> } };
}

async function link(userId: string, assetType: 'hp' | 'pv', brand: string) {
  const session = await createSession(mock, { user_id: userId, asset_type: assetType });
  const result = await submitConnect(mock, { token: session.link_token, brand });
  expect(result.status).toBe(303);
  return decodeLinkCallback(result.location as string);
}

describe('linking', () => {
  it('creates the NOX user and a device of the asset type and brand, listed at once, equal to device_ids', async () => {
    const heatPump = await link('customer-1', 'hp', 'daikin');
    const listed = await get(mock, `/v1/devices?user_id=${heatPump.nox_user_id}`);
    expect(listed.json.data.map((device) => device.device_id)).toEqual(heatPump.device_ids);
    expect(listed.json.data[0]).toMatchObject({
      brand: 'daikin',
      user_id: heatPump.nox_user_id,
      device_type: 'heat_pump',
    });

    const pv = await link('customer-1', 'pv', 'sma');
    expect(pv.nox_user_id).toBe(heatPump.nox_user_id);
    const pvListed = await get(mock, `/v1/devices/pv?user_id=${pv.nox_user_id}`);
    expect(pvListed.json.data.map((device) => device.device_id)).toEqual(pv.device_ids);
    expect(pvListed.json.data[0]?.brand).toBe('sma');
  });

  it('re-linking the same supplier user keeps the NOX user and the device of the same brand', async () => {
    const first = await link('customer-2', 'hp', 'nibe');
    const again = await link('customer-2', 'hp', 'nibe');
    expect(again).toMatchObject({ nox_user_id: first.nox_user_id, device_ids: first.device_ids });
    const other = await link('customer-2', 'hp', 'vaillant');
    expect(other.nox_user_id).toBe(first.nox_user_id);
    const listed = await get(mock, `/v1/devices?user_id=${first.nox_user_id}`);
    expect(listed.json.data.map((device) => device.device_id)).toEqual([...first.device_ids, ...other.device_ids]);
  });

  it('a manufacturer device connection creates the user and a device on the manufacturer side', async () => {
    const created = await post(mock, DEVICE_PATH, { user_id: 'owner-9' }, { key: MANUFACTURER_KEY });
    expect(created.status).toBe(201);
    const listed = await get(mock, '/v1/manufacturer/devices', MANUFACTURER_KEY);
    expect(listed.json.data).toHaveLength(1);
    const deviceId = String(listed.json.data[0]?.device_id);
    expect(mock.world.device(deviceId)?.user.id).toBe(created.json.nox_user_id);
    // The same user again: the same device.
    await post(mock, DEVICE_PATH, { user_id: 'owner-9' }, { key: MANUFACTURER_KEY });
    expect((await get(mock, '/v1/manufacturer/devices', MANUFACTURER_KEY)).json.data).toHaveLength(1);
  });

  it('serves the deprecated v1: a link session completed in the same UI, and manufacturer connections', async () => {
    const v1 = `${mock.baseUrls['authenticator-v1']}`;
    const created = await fetch(`${v1}/users/legacy-7/link`, {
      method: 'POST',
      headers: { 'x-api-key': SUPPLIER_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uri: REDIRECT, brand: 'alpha innotec', language: 'de' }),
    });
    const body = (await created.json()) as {
      success: boolean;
      data: { link_token: string; link_url: string; brand: string };
    };
    expect(created.status).toBe(200);
    expect(body).toMatchObject({ success: true, data: { brand: 'alpha innotec', supplier_user_id: 'legacy-7' } });
    expect((await fetch(body.data.link_url)).status).toBe(200);
    const done = await submitConnect(mock, { token: body.data.link_token, brand: 'alpha-innotec' });
    const payload = decodeLinkCallback(done.location as string);
    expect((await get(mock, `/v1/devices?user_id=${payload.nox_user_id}`)).json.data.map((d) => d.device_id)).toEqual(
      payload.device_ids,
    );

    const refused = await fetch(`${v1}/users/legacy-7/link`, {
      method: 'POST',
      headers: { 'x-api-key': SUPPLIER_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uri: 'https://elsewhere.example/cb' }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: expect.stringMatching(/^redirect_uri: /) });

    const connected = await fetch(`${v1}/manufacturers/nox`, {
      method: 'POST',
      headers: { 'x-api-key': MANUFACTURER_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ manufacturer_user_id: 'mfr-1', device_ids: ['dev-a', 'dev-b'] }),
    });
    expect(((await connected.json()) as { data: { device_ids: string[] } }).data.device_ids).toEqual([
      'dev-a',
      'dev-b',
    ]);
    const listed = await get(mock, '/v1/manufacturer/devices?limit=4000', MANUFACTURER_KEY);
    expect(listed.json.data.map((device) => device.device_id)).toEqual(expect.arrayContaining(['dev-a', 'dev-b']));
  });
});

describe('the demo fleet and the test controls', () => {
  it('the same seed gives the same world; another seed another one', async () => {
    const [a, b, c] = await Promise.all([
      startTestMock({ devices: 60, seed: 11 }),
      startTestMock({ devices: 60, seed: 11 }),
      startTestMock({ devices: 60, seed: 12 }),
    ]);
    const all = async (target: MockServer) => [
      (await get(target, '/v1/devices?limit=4000')).json.data,
      (await get(target, '/v1/devices/pv?limit=4000')).json.data,
      (await get(target, '/v1/devices/settings')).json.data.map(({ updated_at: _, ...rest }) => rest),
    ];
    const first = await all(a as MockServer);
    expect(first[0]?.length).toBeGreaterThan(0);
    expect(first[1]?.length).toBeGreaterThan(0);
    expect((first[0]?.length ?? 0) + (first[1]?.length ?? 0)).toBe(60);
    expect(await all(b as MockServer)).toEqual(first);
    expect(await all(c as MockServer)).not.toEqual(first);
    const brands = new Set(first[0]?.map((device) => device.brand));
    expect(brands.size).toBeGreaterThan(3);
  });

  it('set a device state, move the clock and reset, over HTTP and in process', async () => {
    const target = await startTestMock({ devices: 5, seed: 1 });
    const [device] = target.world.devicesOf('Acme Energy');
    const control = (path: string, body: unknown) =>
      fetch(`${target.url}/_mock${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const set = await control(`/devices/${device?.id}/state`, { needs_reauthentication: true, steerable: false });
    expect(set.status).toBe(200);
    const path = device?.asset === 'pv' ? '/v1/devices/pv' : '/v1/devices';
    const [listed] = (await get(target, `${path}?device_id=${device?.id}`)).json.data;
    expect(listed).toMatchObject({ needs_reauthentication: true, steerable_status: { steerable: false } });
    expect((await control('/devices/nope/state', { steerable: true })).status).toBe(404);
    expect((await control(`/devices/${device?.id}/state`, { steerable: 'yes' })).status).toBe(400);

    const before = target.world.now();
    expect((await control('/clock', { advance_seconds: 3600 })).status).toBe(200);
    expect(target.world.now() - before).toBeGreaterThanOrEqual(3_600_000);
    target.controls.setClock(Date.UTC(2030, 0, 1));
    expect(((await (await fetch(`${target.url}/_mock/world`)).json()) as { now: string }).now).toMatch(
      /^2030-01-01T00:00/,
    );

    target.world.ensureDevice(device?.user as NonNullable<typeof device>['user'], {
      id: 'extra',
      asset: 'hp',
      supplier: 'Acme Energy',
      manufacturer: null,
      brand: 'nibe',
      model: 'm',
    });
    expect(target.world.deviceCount).toBe(6);
    expect((await control('/reset', {})).status).toBe(200);
    expect(target.world.deviceCount).toBe(5);
    expect(target.world.device(String(device?.id))?.needsReauthentication).toBe(false);
    // The controls are not in the spec's API: an unknown control is the controls' 404.
    expect((await control('/nothing', {})).status).toBe(404);
  });

  it('answers the controls off the loopback interface only with the admin token', () => {
    const token = 'an-admin-token-of-some-length';
    const handle = createControlHandler(mock.controls, token);
    const ask = (remoteAddress: string, headers: Record<string, string>) =>
      controlStatus(handle, remoteAddress, headers, '/_mock/world');
    expect(ask('10.0.0.5', {})).toBe(403);
    expect(ask('10.0.0.5', { 'x-mock-admin-token': 'wrong' })).toBe(403);
    expect(ask('10.0.0.5', { 'x-mock-admin-token': token })).toBe(200);
    expect(ask('::1', {})).toBe(200);
    expect(ask('127.0.0.1', {})).toBe(200);
  });

  it('refuses a link past a cap of the world with 429', async () => {
    const target = await startTestMock({ devices: 2, seed: 1, config: { limits: { maxDevices: 2 } } });
    const session = await createSession(target, { user_id: 'late', asset_type: 'hp' });
    const result = await submitConnect(target, { token: session.link_token, brand: 'nibe' });
    expect(result.status).toBe(429);
  });
});
