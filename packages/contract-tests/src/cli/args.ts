// Command-line options -> suite options. Parsing only: nothing here sends a request.
import { parseArgs } from 'node:util';
import { type ContractConfig, loadConfigFile } from '../config.js';
import { MAX_RESPONSE_BODY_BYTES } from '../http/transport.js';
import { checkApiKey, MAX_API_KEY_LENGTH, MIN_API_KEY_LENGTH } from '../keys.js';

export const USAGE = `Usage: nox-contract-tests [options]
       nox-contract-tests webhooks --url <receiver> --api-key <key> [options]
                                (tests your webhook receiver: see nox-contract-tests webhooks --help)

Checks a server against the NOX Energy OpenAPI spec. Without --base-url it starts the
mock (@nox-energy/mock) in-process and checks it with the mock's demo keys.

Target
  --base-url <url>              Origin and path prefix to test instead of the spec's server,
                                e.g. http://127.0.0.1:4010/v2
  --live                        Required for any host that is not local; limits the rate
                                to 5 requests/s unless --max-rps says otherwise
  --mock                        Check the in-process mock (the default without --base-url)
  --allow-writes <operationId>  On a non-local host, send this write (any method but GET;
                                link sessions too) (repeatable); only with the config's
                                values.user_id / values.device_id. Without it no write is sent
  --sandbox-writes              Allow every write against the spec's sandbox host (same ids rule)

Keys (one per role; operations of a role without a key are skipped)
  --api-key <key>               Supplier key (or env NOX_API_KEY)
  --manufacturer-api-key <key>  Manufacturer key (or env NOX_MANUFACTURER_API_KEY)
                                A key has ${MIN_API_KEY_LENGTH} to ${MAX_API_KEY_LENGTH} visible ASCII characters

What to run
  --operation <operationId>     Only this operation (repeatable)
  --include-deprecated          Check operations the spec marks deprecated (skipped otherwise)
  --num-runs <n>                Generated valid requests per operation (default 100)
  --seed <n>                    Seed of the generated requests, to repeat a run
  --max-rps <n>                 Requests per second at most
  --timeout <ms>                Deadline per request: connecting, the headers and the
                                whole body (default 10000); bodies are read up to ${MAX_RESPONSE_BODY_BYTES / 1024 / 1024} MiB
  --config <file>               JSON: { "values": { "redirect_url": ["https://..."] },
                                "operations", "numRuns", "maxRps", "seed",
                                "allowWrites", "sandboxWrites", "includeDeprecated" }
  --spec <file>                 A bundled OpenAPI 3.1 JSON file instead of @nox-energy/docs

Output
  --report text|json|junit      Report format (default text)
  --output <file>               Write the report there; the text summary still goes to stdout
  -h, --help                    This help

Exit code
  0  every check that ran passed
  1  a check failed, or none ran (no key given)
  2  the run could not be done: a usage or configuration error (an implausible key too),
     a non-local host without --live, or a server that does not answer (no complete
     response to 5 requests in a row: the run stops, its report is still written)
API keys are never printed.`;

export interface CliOptions {
  help: boolean;
  baseUrl?: string;
  live: boolean;
  mock: boolean;
  allowWrites: string[];
  sandboxWrites: boolean;
  includeDeprecated: boolean;
  apiKeys: { supplier?: string; manufacturer?: string };
  operations?: string[];
  numRuns?: number;
  seed?: number;
  maxRps?: number;
  timeoutMs?: number;
  config?: ContractConfig;
  spec?: string;
  report: 'text' | 'json' | 'junit';
  output?: string;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv): CliOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  const report = reportFormat(values.report);
  if (values['base-url'] && values.mock) {
    throw new UsageError('--mock and --base-url exclude each other');
  }
  let config: ContractConfig | undefined;
  if (values.config) {
    try {
      config = loadConfigFile(values.config);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  const options: CliOptions = {
    help: values.help === true,
    live: values.live === true,
    mock: values.mock === true || !values['base-url'],
    allowWrites: [...(values['allow-writes'] ?? []), ...(config?.allowWrites ?? [])],
    sandboxWrites: values['sandbox-writes'] === true || config?.sandboxWrites === true,
    includeDeprecated: values['include-deprecated'] === true || config?.includeDeprecated === true,
    apiKeys: {
      supplier: apiKey(values['api-key'], '--api-key', env, 'NOX_API_KEY'),
      manufacturer: apiKey(values['manufacturer-api-key'], '--manufacturer-api-key', env, 'NOX_MANUFACTURER_API_KEY'),
    },
    report,
  };
  if (values['base-url']) {
    options.baseUrl = values['base-url'];
  }
  const operations = values.operation ?? config?.operations;
  if (operations && operations.length > 0) {
    options.operations = operations;
  }
  assign(options, 'numRuns', positiveInteger('--num-runs', values['num-runs']) ?? config?.numRuns);
  assign(options, 'seed', integer('--seed', values.seed) ?? config?.seed);
  assign(options, 'maxRps', positiveNumber('--max-rps', values['max-rps']) ?? config?.maxRps);
  assign(options, 'timeoutMs', positiveInteger('--timeout', values.timeout));
  assign(options, 'config', config);
  assign(options, 'spec', values.spec);
  assign(options, 'output', values.output);
  return options;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      help: { type: 'boolean', short: 'h' },
      'base-url': { type: 'string' },
      live: { type: 'boolean' },
      mock: { type: 'boolean' },
      'allow-writes': { type: 'string', multiple: true },
      'sandbox-writes': { type: 'boolean' },
      'include-deprecated': { type: 'boolean' },
      'api-key': { type: 'string' },
      'manufacturer-api-key': { type: 'string' },
      operation: { type: 'string', multiple: true },
      'num-runs': { type: 'string' },
      seed: { type: 'string' },
      'max-rps': { type: 'string' },
      timeout: { type: 'string' },
      config: { type: 'string' },
      spec: { type: 'string' },
      report: { type: 'string' },
      output: { type: 'string' },
    },
  });
}

function assign<K extends keyof CliOptions>(options: CliOptions, key: K, value: CliOptions[K] | undefined): void {
  if (value !== undefined) {
    options[key] = value;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.length > 0 ? value : undefined;
}

/** `--report`: text (the default), json or junit. */
export function reportFormat(value: string | undefined): 'text' | 'json' | 'junit' {
  const report = value ?? 'text';
  if (report !== 'text' && report !== 'json' && report !== 'junit') {
    throw new UsageError(`--report must be text, json or junit, got "${report}"`);
  }
  return report;
}

/** The option's key, else the environment's; refused (naming where it came from, never the key) when implausible. */
export function apiKey(
  option: string | undefined,
  flag: string,
  env: NodeJS.ProcessEnv,
  variable: string,
): string | undefined {
  const fromEnv = nonEmpty(env[variable]);
  const [value, name] = option !== undefined ? [option, flag] : [fromEnv, variable];
  if (value === undefined) {
    return undefined;
  }
  try {
    checkApiKey(value, name);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return value;
}

function integer(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const n = Number(value);
  if (!Number.isInteger(n)) {
    throw new UsageError(`${flag} must be an integer, got "${value}"`);
  }
  return n;
}

export function positiveInteger(flag: string, value: string | undefined): number | undefined {
  const n = integer(flag, value);
  if (n !== undefined && n <= 0) {
    throw new UsageError(`${flag} must be a positive integer, got "${value}"`);
  }
  return n;
}

function positiveNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) {
    throw new UsageError(`${flag} must be a positive number, got "${value}"`);
  }
  return n;
}
