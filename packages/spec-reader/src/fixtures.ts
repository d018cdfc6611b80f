// Test support (not part of the reader's API): the fixture spec of `fixtures/`, and the bundled spec with the
// fixture's operations, webhooks and signature recipe added, for tests of tools that must survive operations
// they do not handle yet.
import { readFileSync } from 'node:fs';
import { isObject, type JsonObject, type OpenApiDocument } from './json.js';

/** A fresh copy of `fixtures/package-api.json`. */
export function fixtureSpec(): OpenApiDocument {
  const file = new URL('../fixtures/package-api.json', import.meta.url);
  return JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
}

/** The operationIds of the fixture's paths, in order. */
export const FIXTURE_OPERATION_IDS = [
  'listDevices',
  'getDeviceSettings',
  'patchDeviceSettings',
  'connectUserToNoxV1',
] as const;

/**
 * A copy of `doc` with the fixture's paths (after its own, replacing any of the same name), webhooks and
 * signature recipe added. Components the document already has are kept (the fixture's copies of
 * `ErrorResponse`, `SupplierApiKey`... have their shape).
 */
export function withFixtureOperations<T extends OpenApiDocument>(doc: T): T {
  const copy = structuredClone(doc) as OpenApiDocument & { components: JsonObject };
  const fixture = fixtureSpec();
  // The fixture's paths replace the document's paths of the same name and come last, in the fixture's order.
  const ownPaths = { ...(isObject(copy.paths) ? copy.paths : {}) };
  for (const path of Object.keys(fixture.paths as JsonObject)) {
    delete ownPaths[path];
  }
  copy.paths = { ...ownPaths, ...(fixture.paths as JsonObject) };
  copy.webhooks = { ...(isObject(copy.webhooks) ? copy.webhooks : {}), ...(fixture.webhooks as JsonObject) };
  copy['x-nox-webhook-signature'] ??= fixture['x-nox-webhook-signature'];
  copy.components = isObject(copy.components) ? copy.components : {};
  for (const [kind, entries] of Object.entries(fixture.components as JsonObject)) {
    const existing = isObject(copy.components[kind]) ? (copy.components[kind] as JsonObject) : {};
    copy.components[kind] = { ...(entries as JsonObject), ...existing };
  }
  return copy as T;
}
