import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readOperations, readWebhookSignature, readWebhooks } from '@nox-energy/spec-reader';
import { createKeyring } from './accounts.js';
import { createUnservedHandler, openLinkSession } from './api.js';
import { type MockConfig, MockConfigError, resolveConfig } from './config.js';
import { CONTROL_PREFIX, createControlHandler, createControls, type MockControls } from './controls.js';
import { createEdgeHandler } from './edge/edge.js';
import { createPageTokens } from './edge/page-token.js';
import { hintedHandler } from './handlers/authenticator.js';
import { HANDLERS } from './handlers/index.js';
import type { HandlerTable } from './handlers/types.js';
import { sendJson } from './http/io.js';
import { newRequestId } from './ids.js';
import { SessionStore } from './sessions.js';
import { loadBundledSpec, type OpenApiDocument } from './spec/load.js';
import { readApiModel } from './spec/operations.js';
import { createSchemaCompiler } from './spec/schemas.js';
import { createUiHandlers, sendPage } from './ui/handlers.js';
import { type HomePage, renderHomePage } from './ui/home.js';
import { createDispatcher, type Delivery } from './webhooks/dispatcher.js';
import { readEventTypes } from './webhooks/events.js';
import { fillFleet } from './world/fleet.js';
import { createLinkService } from './world/link.js';
import { type AssetType, World, type WorldEvent } from './world/store.js';

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
  /** The demo fleet: this many deterministic users' devices of the first supplier account. Default 0. */
  devices?: number;
  /** The demo fleet's seed: the same seed gives the same world. Default 1. */
  seed?: number;
  /**
   * Receives every state change of the world (a link completed, a setting or a device state changed), besides
   * the webhook delivery of the config's `accounts[].webhooks`.
   */
  publish?: (event: WorldEvent) => void;
  /** Replaces the handlers of operations, by operationId (tests: an operation without one answers 501). */
  handlers?: HandlerTable;
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
  /** The world behind the API: users, devices, settings, steering (read it in tests; change it via `controls`). */
  world: World;
  /** The test controls (also served over HTTP under `/_mock/`). */
  controls: MockControls;
  /** Webhook delivery: the log (also `GET /_mock/webhooks/deliveries`) and a wait for pending deliveries. */
  webhooks: {
    /** Every delivery in the log (up to `webhookDelivery.maxLogEntries`), oldest first. */
    deliveries(): Delivery[];
    /** Resolves once no delivery is pending: each is delivered, failed or given up. */
    idle(): Promise<void>;
  };
  /** The operations of the spec without a handler (none on the bundled spec): each answers 501 naming it. */
  unserved: ReadonlyArray<{ operationId: string; method: string; path: string; api: string; reason: string }>;
  /** The number of link sessions held (open, or completed and not yet expired). */
  liveSessions(): number;
  /** A link session's create response as it stands now (with its completion time once completed). */
  linkSession(token: string): { state: 'open' | 'expired' | 'used'; response: Record<string, unknown> } | undefined;
  close(): Promise<void>;
}

/** A route's handler: the request, its response, the query string (without `?`) and the path (without it). */
type Handler = (req: IncomingMessage, res: ServerResponse, query: string, path: string) => void | Promise<void>;

export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = '127.0.0.1';

// The latest response of a socket: while it is under way, a parse error on the socket (e.g. bytes after a
// `Connection: close` request) must not add a second response to the stream. A property of the socket costs less per
// request than a set of sockets and a 'finish' listener.
const LATEST_RESPONSE = Symbol('latestResponse');
type AnsweringSocket = Socket & { [LATEST_RESPONSE]?: ServerResponse };

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
  const compiler = createSchemaCompiler(spec);
  const model = readApiModel(spec, compiler);
  const specWebhooks = readWebhooks(spec);
  const recipe = readWebhookSignature(spec);
  const config = resolveConfig(
    options.config,
    model.roles,
    'config',
    specWebhooks.map((webhook) => webhook.eventType),
  );
  if (!recipe && config.accounts.some((account) => (account.webhooks ?? []).length > 0)) {
    throw new MockConfigError("config.accounts: webhooks need the spec's x-nox-webhook-signature, which it lacks");
  }
  const onError = options.onError ?? ((error: unknown) => console.error('nox-mock: internal error:', error));
  const dispatcher = createDispatcher({
    accounts: config.accounts,
    recipe,
    eventTypes: readEventTypes(specWebhooks, compiler),
    delivery: config.webhookDelivery,
    now: () => world.now(),
    onError,
  });
  const world = new World(options.now ?? Date.now, config.limits, (event) => {
    options.publish?.(event);
    dispatcher.publish(event);
  });
  // Everything reads the world's clock, which the test controls can move.
  const now = () => world.now();
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
  const uiUrl = () => publicUrl + model.uiPath;
  const link = createLinkService(world, model.operations, (operation, account, fields) =>
    openLinkSession(operation, { store, now, uiUrl }, account, fields),
  );
  const apiContext = { keyring, fail };
  const handlers: HandlerTable = { ...HANDLERS, ...options.handlers };
  const specOperations = new Map(readOperations(spec).map((operation) => [operation.operationId, operation]));
  const edgeContext = {
    doc: spec,
    compiler,
    keyring,
    world,
    link,
    tokens: createPageTokens(),
    maxBodyBytes: config.maxBodyBytes,
    fallbackErrorField: model.errorField,
    onError,
  };
  const unserved = model.unserved.filter(
    (operation) => handlers[operation.operationId as keyof HandlerTable] === undefined,
  );
  // The Authenticator v2 operations: built from their hints, unless a handler replaces one.
  for (const operation of model.operations) {
    const specOperation = specOperations.get(operation.operationId);
    const basePath = model.basePaths[operation.api] ?? '';
    const handler =
      handlers[operation.operationId as keyof HandlerTable] ??
      hintedHandler(operation, (op, account, fields) => openLinkSession(op, { store, now, uiUrl }, account, fields));
    if (!specOperation) {
      throw new Error(`${operation.operationId}: not found by the spec reader`);
    }
    route(
      basePath + operation.specPath,
      operation.method,
      createEdgeHandler(specOperation, basePath, handler, edgeContext, { discriminator: operation.discriminator }),
    );
  }
  for (const operation of model.unserved) {
    const handler = handlers[operation.operationId as keyof HandlerTable];
    const specOperation = specOperations.get(operation.operationId);
    const basePath = model.basePaths[operation.api] ?? '';
    route(
      basePath + operation.specPath,
      operation.method,
      handler && specOperation
        ? createEdgeHandler(specOperation, basePath, handler, edgeContext)
        : createUnservedHandler({ ...operation, reason: 'the mock has no handler for it' }, apiContext),
    );
  }

  // The demo fleet, in the first supplier account, with the brands of the spec's link-session enums.
  const brands: Record<AssetType, string[]> = { hp: [], pv: [] };
  for (const branch of model.operations.flatMap((operation) => operation.branches)) {
    if (branch.tagValue === 'hp' || branch.tagValue === 'pv') {
      brands[branch.tagValue] = branch.choices[0]?.values ?? [];
    }
  }
  // The supplier role is the role of the link sessions that choose an asset type (a discriminated request).
  const supplierRole = model.operations.find((operation) => operation.discriminator && operation.callback)?.roles;
  const fleetOwner = config.accounts.find((account) => supplierRole?.has(account.role));
  const refill = () => {
    if (fleetOwner && (options.devices ?? 0) > 0) {
      fillFleet(world, {
        supplier: fleetOwner.name,
        role: fleetOwner.role,
        devices: options.devices ?? 0,
        seed: options.seed ?? 1,
        brands,
      });
    }
  };
  refill();
  const controls = createControls(world, refill, dispatcher);
  const handleControl = createControlHandler(controls, config.adminToken, dispatcher);
  const connectPath = `${model.uiPath}/connect`;
  const homePath = '/';
  const ui = createUiHandlers({ store, maxBodyBytes: config.maxBodyBytes, now, connectPath, homePath, fail, link });
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
      lists: [...specOperations.values()]
        .filter((operation) => operation.pagination && operation.method === 'get' && operation.security[0]?.role)
        .map((operation) => ({
          operationId: operation.operationId,
          role: operation.security[0]?.role as string,
          url: `${publicUrl}${model.basePaths[operation.api] ?? ''}${operation.path}?${operation.pagination?.limitParameter}=10`,
          keyHeader: operation.security[0]?.header as string,
        })),
      controlsUrl: publicUrl + CONTROL_PREFIX,
    };
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    (req.socket as AnsweringSocket)[LATEST_RESPONSE] = res;
    const target = req.url ?? '/';
    const queryStart = target.indexOf('?');
    const path = queryStart === -1 ? target : target.slice(0, queryStart);
    if (path.startsWith(`${CONTROL_PREFIX}/`)) {
      handleControl(req, res, path);
      return;
    }
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
      handler(req, res, queryStart === -1 ? '' : target.slice(queryStart + 1), path)?.catch((error: unknown) =>
        crash(res, error),
      );
    } catch (error) {
      crash(res, error);
    }
  };

  const server = createServer({ maxHeaderSize: 16 * 1024 }, handle);
  // A request Node cannot even parse still gets the spec's error body.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const latest = (socket as AnsweringSocket)[LATEST_RESPONSE];
    if (
      !socket.writable ||
      (latest !== undefined && !latest.writableFinished) ||
      error.code === 'HPE_CLOSED_CONNECTION'
    ) {
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
    world,
    controls,
    webhooks: { deliveries: () => dispatcher.deliveries(), idle: () => dispatcher.idle() },
    unserved: unserved.map(({ operationId, method, specPath, api }) => ({
      operationId,
      method,
      path: specPath,
      api,
      reason: 'the mock has no handler for it',
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
        dispatcher.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
