import type { paths } from '@nox-energy/types';
import type { Client, default as CreateClient, Middleware } from 'openapi-fetch';
import createClientImport, { defaultBodySerializer as openapiBodySerializer } from 'openapi-fetch';
import { NoxApiError, NoxConfigError, NoxError, redact } from './errors.js';
import { apiKeyHeader, pathApis, requestIdHeader, servers } from './generated/spec.js';
import {
  type CallContext,
  checkBaseUrl,
  connectionError,
  createTransport,
  describeCall,
  endCall,
  startCall,
  timeoutError,
} from './transport.js';

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
  /**
   * Deadline of each attempt in ms, from sending the request to the last byte of the response body
   * (success and error bodies alike); past it the call fails with `NoxTimeoutError`. A call that is not
   * retried ends within `timeoutMs`. Default 30 000.
   */
  timeoutMs?: number;
  /** Retries after the first attempt, where a retry is safe (see README). Default 2. */
  maxRetries?: number;
}

/** The typed client: openapi-fetch's `GET`, `POST`, ... over every path of the spec. */
export type NoxClient = Client<paths, 'application/json'> & {
  /** The environment the client was created for. */
  readonly environment: NoxEnvironment;
  /**
   * The base URL of each API, resolved at construction: `baseUrls` where given, else the spec's server for
   * `environment`; `null` for an API that has no server in that environment (a call to it throws
   * `NoxConfigError`).
   */
  readonly baseUrls: Readonly<Record<NoxApi, string | null>>;
};

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;

// openapi-fetch's CommonJS build sets `exports.default`. Loaded from our CommonJS build, the bundler's
// interop wraps that module once more, so the default import is the exports object there and the function
// one level down; from ESM it is the function itself. Named imports (not a namespace object) let bundlers
// drop the rest of openapi-fetch.
const interop = createClientImport as unknown as typeof CreateClient | { default: typeof CreateClient };
const createClient: typeof CreateClient = typeof interop === 'function' ? interop : interop.default;
const defaultBodySerializer = openapiBodySerializer as (body: unknown, headers?: unknown) => unknown;

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
  const environments = [...new Set(Object.values(servers).flatMap(Object.keys))];
  if (!environments.includes(environment)) {
    throw new NoxConfigError(
      `environment ${redact(JSON.stringify(environment), apiKey)} is not one of the spec's environments: ${environments.join(', ')}.`,
    );
  }
  // Base URLs are checked and trimmed once, not per call.
  const checkedBaseUrls: Partial<Record<string, string>> = {};
  for (const [api, url] of Object.entries(baseUrls)) {
    if (!(api in servers)) {
      throw new NoxConfigError(`baseUrls.${api}: unknown API; the spec has ${Object.keys(servers).join(', ')}.`);
    }
    if (url !== undefined) {
      checkedBaseUrls[api] = checkBaseUrl(url, `baseUrls.${api}`);
    }
  }
  const timeoutMs = checkCount('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 1);
  const maxRetries = checkCount('maxRetries', options.maxRetries ?? DEFAULT_MAX_RETRIES, 0);
  const fetchImpl = options.fetch ?? ((request: Request) => globalThis.fetch(request));

  // Every API's base URL is decided here, once: an API without a server in this environment is null, and
  // stays so (a call to it fails at once, naming the environments it has), never silently production.
  const resolved = {} as Record<NoxApi, string | null>;
  for (const api of Object.keys(servers) as NoxApi[]) {
    resolved[api] = checkedBaseUrls[api] ?? (servers[api] as Record<string, string | undefined>)[environment] ?? null;
  }
  const baseUrlFor = (path: string): string => {
    const api = (pathApis as Record<string, NoxApi | undefined>)[path];
    if (!api) {
      throw new NoxConfigError(`${path} is not a path of the NOX API.`);
    }
    const url = resolved[api];
    if (url === null) {
      throw new NoxConfigError(
        `The ${api} API has no ${environment} server (only ${Object.keys(servers[api]).join(', ')}); pass baseUrls.${api}.`,
      );
    }
    return url;
  };

  const transport = createTransport({ apiKey, fetch: fetchImpl, timeoutMs, maxRetries });
  const inner = createClient<paths, 'application/json'>({ headers: { [apiKeyHeader]: apiKey } });
  const request = inner.request as (method: string, path: string, init: CallInit) => Promise<unknown>;

  /** What a call that did not end with a result throws: always a NoxError, or the caller's own abort reason. */
  const settledError = (error: unknown, call: CallContext): unknown => {
    if (error instanceof NoxError) {
      return error;
    }
    if (call.callerSignal?.aborted) {
      return call.callerSignal.reason;
    }
    if (call.timedOut) {
      return timeoutError(call, timeoutMs);
    }
    const { response } = call;
    if (!response) {
      // Thrown before anything was sent (a middleware, a serializer): not ours to rename.
      return error;
    }
    if (error instanceof SyntaxError) {
      // The parser's message quotes the body, which may echo the key: neither is kept.
      return new NoxApiError(`${describeCall(call)} answered ${response.status} with a body that is not JSON.`, {
        status: response.status,
        body: undefined,
        requestId: response.headers.get(requestIdHeader) ?? undefined,
        retryAfterSeconds: undefined,
      });
    }
    return connectionError(call, error, apiKey, 'broke off while its response was read');
  };

  // Each call: route it to its API's base URL, hand the transport what it needs to time out and retry
  // without copying the request (see CallContext), and end the call (deadline, listener) when it settles.
  // Everything else is openapi-fetch as it is.
  const run = async (method: string, path: string, init: CallInit | undefined): Promise<unknown> => {
    const call = startCall(init?.signal ?? undefined);
    try {
      return await new Promise((resolve, reject) => {
        call.fail = reject;
        const serialize = init?.bodySerializer ?? defaultBodySerializer;
        request(method, path, {
          ...init,
          baseUrl: init?.baseUrl === undefined ? baseUrlFor(path) : checkBaseUrl(init.baseUrl, 'baseUrl'),
          signal: call.controller.signal,
          redirect: 'manual',
          bodySerializer: (body: unknown, headers?: unknown) => {
            call.body = serialize(body, headers) as BodyInit;
            return call.body;
          },
          fetch: (req: Request) => transport(req, call),
        }).then(resolve, reject);
      });
    } catch (error) {
      throw settledError(error, call);
    } finally {
      endCall(call);
    }
  };
  const client: Record<string, unknown> = {
    environment,
    baseUrls: Object.freeze(resolved),
    use: (...middleware: Middleware[]) => inner.use(...middleware),
    eject: (...middleware: Middleware[]) => inner.eject(...middleware),
    request: (method: string, path: string, init?: CallInit) => run(method, path, init),
  };
  for (const method of METHODS) {
    client[method] = (path: string, init?: CallInit) => run(method, path, init);
  }
  return client as unknown as NoxClient;
}
