import type { paths } from '@nox-energy/types';
import type { Client, default as CreateClient, Middleware } from 'openapi-fetch';
import * as openapiFetch from 'openapi-fetch';
import { NoxConfigError } from './errors.js';
import { apiKeyHeader, pathApis, servers } from './generated/spec.js';
import { assertSafeUrl, type CallContext, createTransport, followAbort } from './transport.js';

/** The APIs of the spec, e.g. `authenticator`. Each has its own host. */
export type NoxApi = keyof typeof servers;
/** The environments the spec documents servers for, e.g. `production`. */
export type NoxEnvironment = { [Api in NoxApi]: keyof (typeof servers)[Api] }[NoxApi];

export interface NoxClientOptions {
  /** Your NOX API key (supplier or manufacturer). Sent in the `x-api-key` header, never logged. */
  apiKey: string;
  /** Which of the spec's servers to use. Default `production`. */
  environment?: NoxEnvironment;
  /** Base URL per API, overriding `environment`; e.g. `{ authenticator: 'http://127.0.0.1:4010/v2' }` for the mock. */
  baseUrls?: Partial<Record<NoxApi, string>>;
  /** The fetch to use. Default `globalThis.fetch`. */
  fetch?: (input: Request) => Promise<Response>;
  /** Time allowed for each attempt until the response headers arrive, in ms. Default 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt, where a retry is safe (see README). Default 2. */
  maxRetries?: number;
}

/** The typed client: openapi-fetch's `GET`, `POST`, ... over every path of the spec. */
export type NoxClient = Client<paths, 'application/json'>;

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;

// openapi-fetch's CommonJS build sets `exports.default`. Loaded from our CommonJS build, the bundler's
// interop wraps that module once more, so `default` is the exports object there and the function one
// level down; from ESM it is the function itself.
const interop = openapiFetch as unknown as { default: typeof CreateClient | { default: typeof CreateClient } };
const createClient: typeof CreateClient =
  typeof interop.default === 'function' ? interop.default : interop.default.default;
const defaultBodySerializer = openapiFetch.defaultBodySerializer as (body: unknown, headers?: unknown) => unknown;

/** The options of one call, as openapi-fetch takes them. */
type CallInit = Record<string, unknown> & {
  baseUrl?: string;
  signal?: AbortSignal | null;
  bodySerializer?: (body: unknown, headers?: unknown) => unknown;
};

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

function checkCount(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new NoxConfigError(`${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

/**
 * Creates a client for the NOX Energy API. Each call goes to the host the spec documents for its path.
 *
 * ```ts
 * const nox = createNoxClient({ apiKey: process.env.NOX_API_KEY! });
 * const { data, error } = await nox.POST('/supplier/link-sessions', { body: { ... } });
 * ```
 */
export function createNoxClient(options: NoxClientOptions): NoxClient {
  const { apiKey, environment = 'production', baseUrls = {} } = options;
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    throw new NoxConfigError('apiKey is required: pass the API key NOX assigned to your account.');
  }
  for (const [api, url] of Object.entries(baseUrls)) {
    if (!(api in servers)) {
      throw new NoxConfigError(`baseUrls.${api}: unknown API; the spec has ${Object.keys(servers).join(', ')}.`);
    }
    if (url !== undefined) {
      assertSafeUrl(url);
    }
  }
  const timeoutMs = checkCount('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 1);
  const maxRetries = checkCount('maxRetries', options.maxRetries ?? DEFAULT_MAX_RETRIES, 0);
  const fetchImpl = options.fetch ?? ((request: Request) => globalThis.fetch(request));

  // Base URLs are resolved, checked and trimmed once per API, not per call.
  const resolvedBaseUrls = new Map<NoxApi, string>();
  const baseUrlFor = (path: string): string => {
    const api = (pathApis as Record<string, NoxApi | undefined>)[path];
    if (!api) {
      throw new NoxConfigError(`${path} is not a path of the NOX API.`);
    }
    let url = resolvedBaseUrls.get(api);
    if (url === undefined) {
      const configured = baseUrls[api] ?? (servers[api] as Record<string, string | undefined>)[environment];
      if (!configured) {
        throw new NoxConfigError(
          `The spec documents no ${environment} server for the ${api} API; pass baseUrls.${api}.`,
        );
      }
      assertSafeUrl(configured);
      url = configured.replace(/\/+$/, '');
      resolvedBaseUrls.set(api, url);
    }
    return url;
  };

  const transport = createTransport({ apiKey, fetch: fetchImpl, timeoutMs, maxRetries });
  const inner = createClient<paths, 'application/json'>({ headers: { [apiKeyHeader]: apiKey } });

  // Each call: route it to its API's base URL, and hand the transport what it needs to time out and
  // retry without copying the request (see CallContext). Everything else is openapi-fetch as it is.
  const withCall = (path: string, init: CallInit | undefined): CallInit => {
    const firstAttempt = new AbortController();
    const callerSignal = init?.signal ?? undefined;
    followAbort(callerSignal, firstAttempt);
    const call: CallContext = { firstAttempt, callerSignal, body: undefined };
    const serialize = init?.bodySerializer ?? defaultBodySerializer;
    return {
      ...init,
      baseUrl: init?.baseUrl ?? baseUrlFor(path),
      signal: firstAttempt.signal,
      bodySerializer: (body: unknown, headers?: unknown) => {
        call.body = serialize(body, headers) as BodyInit;
        return call.body;
      },
      fetch: (request: Request) => transport(request, call),
    };
  };
  const client: Record<string, unknown> = {
    use: (...middleware: Middleware[]) => inner.use(...middleware),
    eject: (...middleware: Middleware[]) => inner.eject(...middleware),
    request: async (method: string, path: string, init?: CallInit) =>
      (inner.request as (m: string, p: string, i?: CallInit) => Promise<unknown>)(method, path, withCall(path, init)),
  };
  for (const method of METHODS) {
    const call = inner[method] as (path: string, init?: CallInit) => Promise<unknown>;
    client[method] = async (path: string, init?: CallInit) => call(path, withCall(path, init));
  }
  return client as unknown as NoxClient;
}
