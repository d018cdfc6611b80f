// The mock's configuration: its accounts (name, role, API key, allowed redirect URLs) and its limits. A config
// file is JSON of the same shape; it is validated before the server starts, with errors naming the field.
import { readFileSync } from 'node:fs';
import type { RateLimit } from './rate-limit.js';
import { parseRedirectRule } from './redirect-rules.js';
import { compileStandalone } from './spec/schemas.js';
import { isLoopbackUrl } from './webhooks/receivers.js';
import type { WorldLimits } from './world/store.js';

/** A webhook receiver of an account: where the mock posts the account's events. */
export interface WebhookReceiver {
  /** An http(s) URL; on the loopback interface unless `allowNonLoopbackReceivers` is set. */
  url: string;
  /** The event types (the spec's `webhooks`) it receives; default every type. */
  events?: string[];
}

/** How webhooks are delivered (defaults in brackets). */
export interface WebhookDeliveryOptions {
  /** One attempt, until the whole response is read [10 000 ms]. */
  timeoutMs?: number;
  /** Attempts per delivery, the first included [5]. */
  maxAttempts?: number;
  /** The wait before the first retry, doubled before each next one [1 000 ms]. */
  backoffMs?: number;
  /** The longest wait between attempts [60 000 ms]. */
  maxBackoffMs?: number;
  /** A delivery gives up when its next attempt would start later than this after the event [300 000 ms]. */
  maxDeliveryMs?: number;
  /** Deliveries under way at once; an event past it is logged as dropped [1 000]. */
  maxPendingDeliveries?: number;
  /** Deliveries kept in the log; the oldest make room [1 000]. */
  maxLogEntries?: number;
}

export interface MockAccount {
  /** The account's role, an `x-nox-role` of the spec: `supplier` or `manufacturer`. */
  role: string;
  /** The name the API key resolves to (`supplier` / `manufacturer` in responses). */
  name: string;
  /** The key clients send in `x-api-key`. */
  apiKey: string;
  /** Exact URLs, or `http://host:*` patterns (any port, any path). */
  allowedRedirectUrls: string[];
  /** Values for response fields the key resolves that have no other rule, e.g. a manufacturer's display `brand`. */
  responseFields?: Record<string, string>;
  /** Where the mock posts this account's webhook events, signed with its `apiKey`. */
  webhooks?: WebhookReceiver[];
  /**
   * The account's request rate (none by default): past it, every operation that documents a 429 answers 429 with
   * `Retry-After`, so a client's backoff can be tried.
   */
  rateLimit?: RateLimit;
}

export interface MockConfig {
  /** The accounts; when given they replace the demo accounts. */
  accounts?: MockAccount[];
  /** How many link sessions may be open at once; more answer 429. Default 10 000. */
  maxLiveSessions?: number;
  /** The largest request body accepted, in bytes; larger answers 413. Default 65 536. */
  maxBodyBytes?: number;
  /** The URL the mock is reached at, used in `link_url`. Default: the address it listens on. */
  publicUrl?: string;
  /** The world's caps (users, devices, schedules, flex log entries); see the README for each refusal. */
  limits?: Partial<WorldLimits>;
  /** A token that opens the test controls (`x-mock-admin-token`) to clients off the loopback interface. */
  adminToken?: string;
  /** Let webhook receivers be off the loopback interface (default false: localhost, 127.0.0.0/8 and [::1] only). */
  allowNonLoopbackReceivers?: boolean;
  /** Timeouts, retries and caps of webhook delivery. */
  webhookDelivery?: WebhookDeliveryOptions;
}

export class MockConfigError extends Error {
  override name = 'MockConfigError';
}

export const DEFAULT_MAX_LIVE_SESSIONS = 10_000;
export const DEFAULT_MAX_BODY_BYTES = 65_536;

const LOCAL_ANY_PORT = ['http://localhost:*', 'http://127.0.0.1:*'];
// The URL NOX's own examples redirect to, so that every example of NOX's docs works against the mock.
const DOCS_EXAMPLE_REDIRECT = 'https://your-app.com/callback';

/** The demo accounts: public demo values, printed at start and documented in the README. */
export const DEMO_ACCOUNTS: readonly MockAccount[] = [
  {
    role: 'supplier',
    name: 'Acme Energy',
    apiKey: 'demo-supplier-key',
    allowedRedirectUrls: [DOCS_EXAMPLE_REDIRECT, ...LOCAL_ANY_PORT],
  },
  {
    role: 'manufacturer',
    name: 'Acme Manufacturing',
    apiKey: 'demo-manufacturer-key',
    allowedRedirectUrls: [DOCS_EXAMPLE_REDIRECT, ...LOCAL_ANY_PORT],
    // NOX's examples show a manufacturer's session `brand` equal to its name.
    responseFields: { brand: 'Acme Manufacturing' },
  },
];

const DELIVERY_BOUNDS: Record<keyof WebhookDeliveryOptions, [number, number]> = {
  timeoutMs: [10, 600_000],
  maxAttempts: [1, 100],
  backoffMs: [1, 3_600_000],
  maxBackoffMs: [1, 86_400_000],
  maxDeliveryMs: [10, 7 * 86_400_000],
  maxPendingDeliveries: [1, 1_000_000],
  maxLogEntries: [1, 1_000_000],
};

function configSchema(roles: string[], eventTypes: readonly string[] | undefined) {
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      accounts: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['role', 'name', 'apiKey', 'allowedRedirectUrls'],
          properties: {
            role: { enum: roles },
            name: { type: 'string', minLength: 1, maxLength: 256 },
            apiKey: { type: 'string', minLength: 8, maxLength: 1024 },
            allowedRedirectUrls: { type: 'array', items: { type: 'string', minLength: 1 } },
            responseFields: { type: 'object', additionalProperties: { type: 'string' } },
            rateLimit: {
              type: 'object',
              additionalProperties: false,
              required: ['requests', 'perSeconds'],
              properties: {
                requests: { type: 'integer', minimum: 1, maximum: 1_000_000 },
                perSeconds: { type: 'integer', minimum: 1, maximum: 86_400 },
              },
            },
            webhooks: {
              type: 'array',
              maxItems: 100,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['url'],
                properties: {
                  url: { type: 'string', pattern: '^https?://', maxLength: 2048 },
                  events: {
                    type: 'array',
                    uniqueItems: true,
                    items: eventTypes ? { enum: [...eventTypes] } : { type: 'string' },
                  },
                },
              },
            },
          },
        },
      },
      maxLiveSessions: { type: 'integer', minimum: 1, maximum: 10_000_000 },
      maxBodyBytes: { type: 'integer', minimum: 1024, maximum: 100 * 1024 * 1024 },
      publicUrl: { type: 'string', pattern: '^https?://' },
      limits: {
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(
          ['maxUsers', 'maxDevices', 'maxSchedules', 'maxFlexLogs'].map((name) => [
            name,
            { type: 'integer', minimum: 1, maximum: 10_000_000 },
          ]),
        ),
      },
      adminToken: { type: 'string', minLength: 16, maxLength: 1024 },
      allowNonLoopbackReceivers: { type: 'boolean' },
      webhookDelivery: {
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(
          Object.entries(DELIVERY_BOUNDS).map(([name, [minimum, maximum]]) => [
            name,
            { type: 'integer', minimum, maximum },
          ]),
        ),
      },
    },
  };
}

/**
 * Checks a config against the roles and webhook event types of the spec; returns it with defaults applied, or
 * throws MockConfigError.
 */
export function resolveConfig(
  config: unknown,
  roles: string[],
  source = 'config',
  eventTypes?: readonly string[],
): Required<Pick<MockConfig, 'accounts' | 'maxLiveSessions' | 'maxBodyBytes'>> & MockConfig {
  const validate = compileStandalone(configSchema(roles, eventTypes));
  if (!validate(config ?? {})) {
    const [error] = validate.errors ?? [];
    const where = `${source}${error?.instancePath.replaceAll('/', '.') ?? ''}`;
    const detail =
      error?.keyword === 'enum'
        ? `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`
        : error?.keyword === 'additionalProperties'
          ? `has an unknown property "${String(error.params.additionalProperty)}"`
          : (error?.message ?? 'is invalid');
    throw new MockConfigError(`${where}: ${detail}`);
  }
  const given = (config ?? {}) as MockConfig;
  const accounts = given.accounts ?? DEMO_ACCOUNTS.filter((account) => roles.includes(account.role));
  const keys = new Set<string>();
  accounts.forEach((account, index) => {
    if (keys.has(account.apiKey)) {
      throw new MockConfigError(`${source}.accounts.${index}.apiKey: the same key is used by another account`);
    }
    keys.add(account.apiKey);
    account.allowedRedirectUrls.forEach((entry, entryIndex) => {
      try {
        parseRedirectRule(entry);
      } catch (error) {
        throw new MockConfigError(
          `${source}.accounts.${index}.allowedRedirectUrls.${entryIndex}: ${(error as Error).message}`,
        );
      }
    });
    account.webhooks?.forEach((receiver, receiverIndex) => {
      const where = `${source}.accounts.${index}.webhooks.${receiverIndex}.url`;
      const loopback = isLoopbackUrl(receiver.url);
      if (loopback === undefined) {
        throw new MockConfigError(`${where}: must be an http(s) URL without credentials`);
      }
      // Off by default: a mock that posts wherever a config says could be pointed at other hosts' services.
      if (!loopback && given.allowNonLoopbackReceivers !== true) {
        throw new MockConfigError(
          `${where}: ${receiver.url} is not on the loopback interface (localhost, 127.0.0.0/8, [::1]); set allowNonLoopbackReceivers: true to allow it`,
        );
      }
    });
  });
  if (given.publicUrl !== undefined) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(given.publicUrl);
    } catch {}
    if (!parsed || parsed.search || parsed.hash) {
      throw new MockConfigError(`${source}.publicUrl: must be an http(s) URL without a query or fragment`);
    }
  }
  return {
    ...given,
    accounts,
    maxLiveSessions: given.maxLiveSessions ?? DEFAULT_MAX_LIVE_SESSIONS,
    maxBodyBytes: given.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
  };
}

/** Reads a JSON config file (checked later, against the spec's roles, by `resolveConfig`). */
export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new MockConfigError(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MockConfigError(`${file}: is not valid JSON (${(error as Error).message})`);
  }
}
