// The edge alone, on a bare HTTP server (not the mock's): a handler that builds a response the spec does not
// allow is the mock's bug, answered 500 with a clear message and reported; a conforming one goes out unchanged.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readOperations } from '@nox-energy/spec-reader';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeyring } from '../src/accounts.js';
import { DEMO_ACCOUNTS } from '../src/config.js';
import { type AnyHandler, createEdgeHandler } from '../src/edge/edge.js';
import { createPageTokens } from '../src/edge/page-token.js';
import { createSchemaCompiler } from '../src/spec/schemas.js';
import { createLinkService } from '../src/world/link.js';
import { World } from '../src/world/store.js';
import { SUPPLIER_KEY, spec } from './helpers.js';

const operations = new Map(readOperations(spec as never).map((operation) => [operation.operationId, operation]));
const compiler = createSchemaCompiler(spec as never);
const world = new World(() => Date.UTC(2026, 0, 1));
const reported: unknown[] = [];
const context = {
  doc: spec as never,
  compiler,
  keyring: createKeyring(DEMO_ACCOUNTS),
  world,
  link: createLinkService(world, [], () => {
    throw new Error('not used');
  }),
  tokens: createPageTokens(),
  maxBodyBytes: 65_536,
  fallbackErrorField: 'error',
  onError: (error: unknown) => reported.push(error),
};

async function serve(operationId: string, handler: AnyHandler) {
  const operation = operations.get(operationId);
  if (!operation) {
    throw new Error(`no ${operationId}`);
  }
  const edge = createEdgeHandler(operation, '', handler, context);
  const server = createServer((req, res) => {
    const [path = '', query = ''] = (req.url ?? '').split('?');
    edge(req, res, query, path);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}${operation.path}`;
}

describe('the edge validates every response before sending it', () => {
  it('a response that breaks the spec becomes a 500 naming the operation, and is reported', async () => {
    const url = await serve('listDevices', () => ({ ok: { data: [{ device_id: 7 }], meta: {} } }));
    const response = await fetch(url, { headers: { 'x-api-key': SUPPLIER_KEY } });
    expect(response.status).toBe(500);
    const body = (await response.json()) as { detail: string };
    expect(body.detail).toMatch(
      /^listDevices: the mock built a response that breaks the spec \(.+\); this is a bug of the mock$/,
    );
    expect(reported).toHaveLength(1);
  });

  it('a body for a response the spec gives none (PATCH 204) is a 500 too', async () => {
    reported.length = 0;
    const url = await serve('updateDeviceSettings', () => ({ ok: { done: true } }));
    const response = await fetch(url, {
      method: 'PATCH',
      headers: { 'x-api-key': SUPPLIER_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: 'u' }),
    });
    expect(response.status).toBe(500);
    expect(reported).toHaveLength(1);
  });

  it('a handler that throws is a 500, reported; a conforming response goes out as built', async () => {
    reported.length = 0;
    const thrown = await serve('getDeviceSettings', () => {
      throw new Error('boom');
    });
    expect((await fetch(thrown, { headers: { 'x-api-key': SUPPLIER_KEY } })).status).toBe(500);
    expect(reported).toHaveLength(1);
    const fine = await serve('getDeviceSettings', () => ({ ok: { data: [], meta: { energy_supplier: 'X' } } }));
    const response = await fetch(fine, { headers: { 'x-api-key': SUPPLIER_KEY } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: [], meta: { energy_supplier: 'X' } });
  });
});
