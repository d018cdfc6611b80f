// `nox-contract-tests webhooks` options -> suite options. Parsing only: nothing here sends a request.
import { parseArgs } from 'node:util';
import { apiKey, positiveInteger, reportFormat, UsageError } from '../cli/args.js';
import { MAX_RESPONSE_BODY_BYTES } from '../http/transport.js';
import { MAX_API_KEY_LENGTH, MIN_API_KEY_LENGTH } from '../keys.js';

export const WEBHOOKS_USAGE = `Usage: nox-contract-tests webhooks --url <receiver> --api-key <key> [options]

Plays NOX against your webhook receiver: a correctly signed event of every type in the spec
(each must be answered 2xx), an event of an unknown type (2xx: acknowledge and ignore it), a
retry of an acknowledged delivery id (2xx: acknowledge again, de-duplicate), then forgeries that
must be refused with a 4xx: a bad signature, a body changed after signing, a timestamp outside
the window (too old, too far ahead), each required header missing, the signature prefix missing.

  --url <url>               Your webhook endpoint, e.g. http://127.0.0.1:3000/nox/webhooks
  --api-key <key>           API key of the account that receives the webhooks (or env NOX_API_KEY);
                            it keys the signatures and is never sent or printed
                            (${MIN_API_KEY_LENGTH} to ${MAX_API_KEY_LENGTH} visible ASCII characters)
  --live                    Required for a receiver that is not local (localhost, 127.0.0.0/8, [::1]);
                            deliveries are then sent at most 5 a second
  --timeout <ms>            Deadline per delivery: connecting, the headers and the whole body
                            (default 10000); answers are read up to ${MAX_RESPONSE_BODY_BYTES / 1024 / 1024} MiB
  --report text|json|junit  Report format (default text)
  --output <file>           Write the report there; the text summary still goes to stdout
  -h, --help                This help

Exit code
  0  every case passed
  1  a case failed
  2  the run could not be done: a usage error (an implausible key too), a non-local receiver
     without --live (nothing is sent), or a receiver that does not answer (no complete answer
     to 5 deliveries in a row: the run stops, its report is still written)`;

export interface WebhooksCliOptions {
  help: boolean;
  url?: string;
  apiKey?: string;
  live: boolean;
  timeoutMs?: number;
  report: 'text' | 'json' | 'junit';
  output?: string;
}

export function parseWebhooksArgs(argv: string[], env: NodeJS.ProcessEnv): WebhooksCliOptions {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const options: WebhooksCliOptions = {
    help: values.help === true,
    live: values.live === true,
    report: 'text',
  };
  if (options.help) {
    return options;
  }
  options.report = reportFormat(values.report);
  if (!values.url) {
    throw new UsageError('--url is required: the webhook endpoint to test');
  }
  options.url = values.url;
  const key = apiKey(values['api-key'], '--api-key', env, 'NOX_API_KEY');
  if (key === undefined) {
    throw new UsageError('--api-key (or NOX_API_KEY) is required: NOX signs every delivery with it');
  }
  options.apiKey = key;
  const timeoutMs = positiveInteger('--timeout', values.timeout);
  if (timeoutMs !== undefined) {
    options.timeoutMs = timeoutMs;
  }
  if (values.output !== undefined) {
    options.output = values.output;
  }
  return options;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      help: { type: 'boolean', short: 'h' },
      url: { type: 'string' },
      'api-key': { type: 'string' },
      live: { type: 'boolean' },
      timeout: { type: 'string' },
      report: { type: 'string' },
      output: { type: 'string' },
    },
  });
}
