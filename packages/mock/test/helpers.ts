import { request as httpRequest } from 'node:http';
import { readSpec } from '@nox-energy/spec-reader';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll } from 'vitest';
import { HANDLERS } from '../src/handlers/index.js';
import {
  DEMO_ACCOUNTS,
  loadBundledSpec,
  type MockAccount,
  type MockServer,
  type StartMockServerOptions,
  startMockServer,
} from '../src/index.js';

export const SUPPLIER_KEY = 'demo-supplier-key';
export const MANUFACTURER_KEY = 'demo-manufacturer-key';
export const SUPPLIER_PATH = '/supplier/link-sessions';
export const MANUFACTURER_PATH = '/manufacturer/link-sessions';
export const DEVICE_PATH = '/manufacturer/device-connections';
export const REDIRECT = 'https://your-app.com/callback';
/** The demo supplier account, to build configs from. */
export const DEMO_SUPPLIER_ACCOUNT: MockAccount = {
  ...(DEMO_ACCOUNTS.find((account) => account.role === 'supplier') as MockAccount),
};

export const spec = loadBundledSpec() as {
  components: { schemas: Record<string, Record<string, unknown>> };
  paths: Record<string, Record<string, Record<string, unknown>>>;
};

// ajv-formats is CommonJS: its default import is the plugin or the module holding it, depending on the loader.
type FormatsPlugin = (target: Ajv2020) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  addFormatsModule) as unknown as FormatsPlugin;

/**
 * An independent validator of bodies against the spec, formats included (the tests do not reuse the mock's own ajv
 * setup): `specAjv.validate({ $ref: 'spec#/components/schemas/X' }, value)`.
 */
export const specAjv = new Ajv2020({ strict: false });
addFormats(specAjv);
specAjv.addSchema(spec, 'spec');
/**
 * The operations of `doc` the mock has no behaviour for, in spec order: outside the Authenticator v2 (served from
 * its response hints), those without an entry in the handler table.
 */
export function operationsWithoutHandler(doc: unknown): string[] {
  return readSpec(doc as Parameters<typeof readSpec>[0])
    .operations.filter((operation) => operation.api !== 'authenticator' && !(operation.operationId in HANDLERS))
    .map((operation) => operation.operationId);
}

export const isErrorResponse = specAjv.compile({ $ref: 'spec#/components/schemas/ErrorResponse' });
/** The Package API's `{"detail": "..."}` error body. */
export const isHttpError = specAjv.compile({ $ref: 'spec#/components/schemas/HTTPError' });
/** The Package API's 422 body. */
export const isValidationError = specAjv.compile({ $ref: 'spec#/components/schemas/HTTPValidationError' });

/** Starts a mock for the current test file and closes it after. */
export async function startTestMock(options: StartMockServerOptions = {}): Promise<MockServer> {
  const mock = await startMockServer({ port: 0, ...options });
  afterAll(() => mock.close());
  return mock;
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

/** POSTs JSON to an API path of the mock (relative to its authenticator base URL). */
export async function post(
  mock: MockServer,
  path: string,
  body: unknown,
  options: { key?: string | undefined; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers = new Headers({ 'content-type': 'application/json' });
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    headers.set(name, value);
  }
  if (options.key !== undefined) {
    headers.set('x-api-key', options.key);
  }
  const response = await fetch(`${mock.baseUrls.authenticator}${path}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return reply(response);
}

export async function reply(response: Response): Promise<Reply> {
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {}
  return { status: response.status, headers: response.headers, text, json };
}

/** A raw HTTP request (fetch refuses some methods, headers and bodies that a client on the wire can send). */
export function rawRequest(
  url: string,
  options: { method: string; path: string; headers?: Record<string, string | number>; body?: Buffer | string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { hostname, port, method: options.method, path: options.path, headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) {
      req.write(options.body);
    }
    req.end();
  });
}

/** A valid supplier body; override fields per test. */
export function supplierBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { user_id: 'supplier_user_id_123', asset_type: 'hp', redirect_url: REDIRECT, ...overrides };
}

/** Expects a JSON error body matching the spec's ErrorResponse, and returns its message. */
export function errorMessage(result: Reply): string {
  if (!isErrorResponse(result.json)) {
    throw new Error(`not an ErrorResponse: ${result.text}`);
  }
  return String(result.json.error);
}

/** Creates a session through the API and returns its create response. */
export async function createSession(mock: MockServer, overrides: Record<string, unknown> = {}) {
  const result = await post(mock, SUPPLIER_PATH, supplierBody(overrides), { key: SUPPLIER_KEY });
  if (result.status !== 201) {
    throw new Error(`create failed: ${result.status} ${result.text}`);
  }
  return result.json as Record<string, unknown> & { link_url: string; link_token: string };
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2026, 0, 15, 10, 0, 0)) {
  let current = start;
  return {
    now: () => current,
    advance: (ms: number) => {
      current += ms;
    },
  };
}

/**
 * The status a control handler answers a GET of `path` with, for a caller at `remoteAddress` sending `headers`
 * (a request from another interface cannot be made over loopback, so the handler gets a stand-in request).
 */
export function controlStatus(
  handle: (req: never, res: never, path: string) => unknown,
  remoteAddress: string,
  headers: Record<string, string>,
  path: string,
): number | undefined {
  let status: number | undefined;
  const req = { method: 'GET', headers, socket: { remoteAddress } };
  const res = {
    headersSent: false,
    destroyed: false,
    writeHead: (code: number) => {
      status = code;
    },
    end: () => {},
  };
  handle(req as never, res as never, path);
  return status;
}

/** Submits the UI's connect form (as the page's form posts it), without following the redirect. */
export async function submitConnect(target: MockServer, fields: Record<string, string>) {
  const response = await fetch(`${target.url}/ui/connect`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}
