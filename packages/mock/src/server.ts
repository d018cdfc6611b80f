import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createKeyring } from './accounts.js';
import { createOperationHandler, createUnservedHandler } from './api.js';
import { type MockConfig, resolveConfig } from './config.js';
import { sendJson } from './http/io.js';
import { newRequestId } from './ids.js';
import { SessionStore } from './sessions.js';
import { loadBundledSpec, type OpenApiDocument } from './spec/load.js';
import { readApiModel } from './spec/operations.js';
import { createUiHandlers, sendPage } from './ui/handlers.js';
import { type HomePage, renderHomePage } from './ui/home.js';

export interface StartMockServerOptions {
  /** The port to listen on; 0 picks a free one. Default 4010. */
  port?: number;
  /** The address to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Accounts and limits (the shape of the config file); validated, defaults applied. */
  config?: MockConfig;
  /** The OpenAPI document to serve. Default: the bundled spec of `@nox-energy/docs`. */
  spec?: OpenApiDocument;
  /** The clock, in milliseconds since the epoch. Default `Date.now`; tests pass their own to expire sessions. */
  now?: () => number;
  /** Called with a description of an unexpected error (a bug of the mock), which answers 500. Default: stderr. */
  onError?: (error: unknown) => void;
}

export interface MockServer {
  /** Where the server listens, e.g. `http://127.0.0.1:4010`. */
  url: string;
  /** The base URL of each API of the spec, for the client's `baseUrls`: `{ authenticator: url + '/v2' }`. */
  baseUrls: Record<string, string>;
  /** The Authenticator UI page, e.g. `http://127.0.0.1:4010/ui`. */
  uiUrl: string;
  /** The accounts in use (without their keys). */
  accounts: ReadonlyArray<{ role: string; name: string; allowedRedirectUrls: readonly string[] }>;
  /** The operations of the spec the mock does not serve yet: each answers 501 naming it (after the key check). */
  unserved: ReadonlyArray<{ operationId: string; method: string; path: string; api: string; reason: string }>;
  /** The number of link sessions held (open, or completed and not yet expired). */
  liveSessions(): number;
  /** A link session's create response as it stands now (with its completion time once completed). */
  linkSession(token: string): { state: 'open' | 'expired' | 'used'; response: Record<string, unknown> } | undefined;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, query: string) => void | Promise<void>;

export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = '127.0.0.1';

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') {
    return 'localhost';
  }
  return host.includes(':') ? `[${host}]` : host;
}

/** `/users/{userId}/link` -> a pattern matching `/users/<one non-empty segment>/link`. */
function templatePattern(path: string): RegExp {
  const parts = path.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^/]+')}$`);
}

export async function startMockServer(options: StartMockServerOptions = {}): Promise<MockServer> {
  const spec = options.spec ?? loadBundledSpec();
  const model = readApiModel(spec);
  const config = resolveConfig(options.config, model.roles);
  const now = options.now ?? Date.now;
  const onError = options.onError ?? ((error: unknown) => console.error('nox-mock: internal error:', error));
  const keyring = createKeyring(config.accounts);
  const store = new SessionStore(config.maxLiveSessions, now);
  let publicUrl = '';

  const fail = (res: ServerResponse, status: number, message: string, headers?: Record<string, string | number>) =>
    sendJson(res, status, { [model.errorField]: message }, headers);

  // Routes: each operation's path under its API's base path, the UI page and its form target. A path with
  // `{parameters}` matches any one segment in their place.
  const routes = new Map<string, Map<string, Handler>>();
  const templates: Array<{ pattern: RegExp; methods: Map<string, Handler> }> = [];
  const route = (path: string, method: string, handler: Handler) => {
    const methods = routes.get(path) ?? new Map<string, Handler>();
    methods.set(method, handler);
    if (!routes.has(path) && path.includes('{')) {
      templates.push({ pattern: templatePattern(path), methods });
    }
    routes.set(path, methods);
  };
  const crash = (res: ServerResponse, error: unknown) => {
    onError(error);
    fail(res, 500, 'Internal error of the mock server');
  };
  const apiContext = {
    crash,
    keyring,
    store,
    maxBodyBytes: config.maxBodyBytes,
    now,
    uiUrl: () => publicUrl + model.uiPath,
    fail,
  };
  for (const operation of model.operations) {
    route(
      model.basePaths[operation.api] + operation.specPath,
      operation.method,
      createOperationHandler(operation, apiContext),
    );
  }
  for (const operation of model.unserved) {
    route(
      model.basePaths[operation.api] + operation.specPath,
      operation.method,
      createUnservedHandler(operation, apiContext),
    );
  }
  const connectPath = `${model.uiPath}/connect`;
  const homePath = '/';
  const ui = createUiHandlers({ store, maxBodyBytes: config.maxBodyBytes, now, connectPath, homePath, fail });
  route(model.uiPath, 'GET', (req, res, query) => ui.showPage(req, res, new URLSearchParams(query)));
  route(connectPath, 'POST', (req, res) => ui.connect(req, res));
  // The start page, unless the spec has an operation there. Rendered once, when first asked for (the URLs on it
  // are known once the server listens).
  let homePage: string | undefined;
  if (!routes.has(homePath)) {
    route(homePath, 'GET', (_req, res) => {
      homePage ??= renderHomePage(describeHome());
      sendPage(res, 200, homePage);
    });
  }
  const demo = !options.config?.accounts;
  const describeHome = (): HomePage => {
    const info = (spec.info ?? {}) as { title?: unknown; version?: unknown };
    const [firstBase = ''] = Object.values(model.basePaths);
    return {
      title: String(info.title ?? 'API'),
      version: String(info.version ?? ''),
      apis: Object.entries(model.basePaths).map(([name, basePath]) => ({ name, url: publicUrl + basePath })),
      uiUrl: publicUrl + model.uiPath,
      keyHeader: model.operations.find((operation) => operation.apiKeyHeader)?.apiKeyHeader,
      accounts: config.accounts.map(({ role, name, apiKey }) => ({ role, name, ...(demo ? { apiKey } : {}) })),
      demo,
      redirectUrls: [...new Set(config.accounts.flatMap((account) => account.allowedRedirectUrls))],
      linkFlows: model.operations
        .filter((operation) => operation.callback && operation.apiKeyHeader)
        .map((operation) => ({
          operationId: operation.operationId,
          role: [...operation.roles][0] as string,
          method: operation.method,
          url: publicUrl + firstBase + operation.specPath,
          keyHeader: operation.apiKeyHeader as string,
          contentType: [...operation.mediaTypes][0] as string,
          example: model.examples[operation.operationId]?.[0] ?? {},
          linkField: operation.response.fields.find((field) => field.rule.kind === 'url')?.field,
        })),
    };
  };

  // Sockets with a response under way: a parse error there (e.g. bytes after a `Connection: close` request) must
  // not add a second response to the stream.
  const answering = new WeakSet<Socket>();

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    answering.add(req.socket);
    res.on('finish', () => answering.delete(req.socket));
    const target = req.url ?? '/';
    const queryStart = target.indexOf('?');
    const path = queryStart === -1 ? target : target.slice(0, queryStart);
    const methods = routes.get(path) ?? templates.find((template) => template.pattern.test(path))?.methods;
    if (!methods) {
      fail(res, 404, `No such path: ${path.slice(0, 200)}`);
      return;
    }
    const handler = methods.get(req.method ?? '');
    if (!handler) {
      const allow = [...methods.keys()].join(', ');
      fail(res, 405, `Method ${String(req.method).slice(0, 20)} is not allowed on ${path}; use ${allow}`, { allow });
      return;
    }
    try {
      handler(req, res, queryStart === -1 ? '' : target.slice(queryStart + 1))?.catch((error: unknown) =>
        crash(res, error),
      );
    } catch (error) {
      crash(res, error);
    }
  };

  const server = createServer({ maxHeaderSize: 16 * 1024 }, handle);
  // A request Node cannot even parse still gets the spec's error body.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || answering.has(socket) || error.code === 'HPE_CLOSED_CONNECTION') {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const body = JSON.stringify({ [model.errorField]: `Malformed HTTP request (${error.code ?? 'parse error'})` });
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
        `x-request-id: ${newRequestId()}\r\n` +
        `connection: close\r\n\r\n${body}`,
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, options.host ?? DEFAULT_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${hostForUrl(options.host ?? DEFAULT_HOST)}:${address.port}`;
  publicUrl = (config.publicUrl ?? url).replace(/\/+$/, '');

  const baseUrls: Record<string, string> = {};
  for (const [api, basePath] of Object.entries(model.basePaths)) {
    baseUrls[api] = url + basePath;
  }

  return {
    url,
    baseUrls,
    uiUrl: publicUrl + model.uiPath,
    unserved: model.unserved.map(({ operationId, method, specPath, api, reason }) => ({
      operationId,
      method,
      path: specPath,
      api,
      reason,
    })),
    accounts: config.accounts.map(({ role, name, allowedRedirectUrls }) => ({ role, name, allowedRedirectUrls })),
    liveSessions: () => store.size,
    linkSession(token) {
      const found = store.lookup(token);
      return found.state === 'unknown' ? undefined : { state: found.state, response: { ...found.session.response } };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        store.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
