// Playing NOX against a webhook receiver: each planned delivery is signed at the moment it is sent, posted,
// and its answer compared with what the receiver should have said.
import { createRequire } from 'node:module';
import { createRateLimiter } from '../http/rate-limit.js';
import { redactText } from '../http/redact.js';
import { DEFAULT_LIVE_MAX_RPS, isLocalUrl } from '../http/target.js';
import { createTransport, type Exchange, type HttpRequest } from '../http/transport.js';
import { checkApiKey } from '../keys.js';
import { recordRequest, recordResponse } from '../report/finding.js';
import { loadBundledSpec, type OpenApiDocument, readSpecFile } from '../spec/document.js';
import { planWebhookCases, type WebhookCase } from './cases.js';
import type { WebhookCaseReport, WebhookCaseStatus, WebhookReport } from './model.js';
import { signDelivery } from './sign.js';

export interface WebhookSuiteOptions {
  /** The receiver: your webhook endpoint, e.g. `http://127.0.0.1:3000/nox/webhooks`. */
  url: string;
  /** The API key of the account that receives the webhooks: it keys every signature and is never sent. */
  apiKey: string;
  /** Allow a receiver that is not local. Without it nothing is sent beyond localhost. */
  live?: boolean;
  /** Deadline per delivery (default 10 000 ms): connecting, the status and headers and the whole body. */
  timeoutMs?: number;
  /** Another bundled spec (document or JSON file path) instead of @nox-energy/docs. */
  spec?: OpenApiDocument | string;
  /** Called as each case ends (for progress output). */
  onCase?: (result: WebhookCaseReport) => void;
}

/** What `runWebhookSuite` throws when the receiver stops answering; `report` is the run so far. */
export class ReceiverNotAnsweringError extends Error {
  override name = 'ReceiverNotAnsweringError';
  constructor(
    message: string,
    readonly report: WebhookReport,
  ) {
    super(message);
  }
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** As the main command: this many deliveries in a row without a complete response means nobody is answering. */
const MAX_CONSECUTIVE_NETWORK_ERRORS = 5;

export async function runWebhookSuite(options: WebhookSuiteOptions): Promise<WebhookReport> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  checkApiKey(options.apiKey, 'apiKey');
  const secrets = [options.apiKey];
  const url = checkReceiverUrl(options.url, options.live === true, secrets);
  const doc = typeof options.spec === 'string' ? readSpecFile(options.spec) : (options.spec ?? loadBundledSpec());
  const { recipe, cases } = planWebhookCases(doc);
  const waitForSlot = createRateLimiter(isLocalUrl(url) ? Number.POSITIVE_INFINITY : DEFAULT_LIVE_MAX_RPS);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const transport = createTransport(timeoutMs);

  const build = (plan: WebhookCase['delivery']): HttpRequest => {
    const timestamp = String(Math.floor(Date.now() / 1000) + plan.timestampOffset);
    const parts = { timestamp, body: plan.signedBody ?? plan.body, id: plan.deliveryId };
    const signature =
      plan.signature === 'other-key'
        ? signDelivery(recipe, otherKey(options.apiKey), parts)
        : signDelivery(recipe, options.apiKey, parts).slice(plan.signature === 'no-prefix' ? recipe.prefix.length : 0);
    const headers: Record<string, string> = {
      'content-type': plan.mediaType,
      'user-agent': `nox-contract-tests/${toolVersion()} (webhook receiver tests)`,
      [recipe.idHeader]: plan.deliveryId,
      [recipe.timestampHeader]: timestamp,
      [recipe.signatureHeader]: signature,
    };
    for (const name of Object.keys(headers)) {
      if (plan.omit !== undefined && name.toLowerCase() === plan.omit.toLowerCase()) {
        delete headers[name];
      }
    }
    return { method: 'POST', url, headers, body: plan.body };
  };

  const results: WebhookCaseReport[] = [];
  const record = (result: WebhookCaseReport) => {
    results.push(result);
    options.onCase?.(result);
  };
  let networkErrors = 0;
  let stopped: string | undefined;
  try {
    for (const plan of cases) {
      const base: Omit<WebhookCaseReport, 'status'> = {
        id: plan.id,
        title: plan.title,
        eventType: plan.eventType,
        expected: plan.expected === 'acknowledge' ? '2xx' : '4xx',
        why: plan.why,
      };
      let delivery = plan.delivery;
      if (plan.replay) {
        // The same delivery id and body as an event the receiver acknowledged, signed again as a retry is.
        const acknowledged = results.find((r) => r.id.startsWith('signed:') && r.status === 'passed');
        const original = cases.find((c) => c.id === acknowledged?.id);
        if (!original) {
          record({ ...base, status: 'skipped', message: 'not sent: no signed event was acknowledged to replay' });
          continue;
        }
        delivery = original.delivery;
        base.title = `${plan.title}: ${original.id}`;
      }
      if (stopped) {
        record({
          ...base,
          status: 'skipped',
          message: 'not sent: the run stopped because the receiver did not answer',
        });
        continue;
      }
      await waitForSlot();
      const exchange = await transport.send(build(delivery));
      networkErrors = exchange.response ? 0 : networkErrors + 1;
      const result: WebhookCaseReport = {
        ...base,
        ...judge(plan, exchange, timeoutMs),
        request: recordRequest(exchange.request, [], secrets),
        durationMs: Math.round(exchange.durationMs),
      };
      if (exchange.response) {
        result.response = recordResponse(exchange.response, secrets);
      }
      if (exchange.error) {
        result.error = redactText(exchange.error, secrets);
      }
      record(result);
      if (networkErrors >= MAX_CONSECUTIVE_NETWORK_ERRORS) {
        stopped = redactText(
          `no complete response from ${new URL(url).origin} to ${networkErrors} deliveries in a row (the last: ${exchange.error}); the run stopped. Is the receiver running?`,
          secrets,
        );
      }
    }
  } finally {
    transport.close();
  }

  const totals: Record<WebhookCaseStatus, number> = { passed: 0, failed: 0, skipped: 0 };
  for (const result of results) {
    totals[result.status] += 1;
  }
  const report: WebhookReport = {
    tool: { name: '@nox-energy/contract-tests', version: toolVersion() },
    spec: { title: doc.info.title, version: doc.info.version },
    target: { url: redactText(url, secrets), live: options.live === true },
    signature: {
      algorithm: recipe.algorithm,
      signedContent: recipe.signedContent,
      signatureHeader: recipe.signatureHeader,
      prefix: recipe.prefix,
      encoding: recipe.encoding,
      timestampHeader: recipe.timestampHeader,
      idHeader: recipe.idHeader,
      toleranceSeconds: recipe.toleranceSeconds,
      ...(recipe.inferred ? { inferred: recipe.inferred } : {}),
    },
    startedAt,
    durationMs: Math.round(performance.now() - started),
    cases: results,
    totals,
    ...(stopped ? { stopped } : {}),
    ok: totals.failed === 0 && totals.skipped === 0 && totals.passed > 0 && !stopped,
  };
  if (stopped) {
    throw new ReceiverNotAnsweringError(`The receiver did not answer: ${stopped}`, report);
  }
  return report;
}

/** The receiver's URL, refused (before anything is sent) unless http(s) and local, or `live`. */
export function checkReceiverUrl(raw: string, live: boolean, secrets: readonly string[]): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`--url ${redactText(raw, secrets)} is not a URL (nothing was sent)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`--url ${redactText(raw, secrets)} must be http or https (nothing was sent)`);
  }
  if (!isLocalUrl(url) && !live) {
    throw new Error(
      `Refusing to send test webhooks to ${redactText(url.host, secrets)}: it is not a local host (nothing was sent). ` +
        `Pass --live (library: live: true) to test a receiver elsewhere; deliveries are then limited to ${DEFAULT_LIVE_MAX_RPS} a second.`,
    );
  }
  return url.href;
}

/** Passed, or failed with what was wrong: only the status counts (NOX reads nothing else of the answer). */
function judge(
  plan: WebhookCase,
  exchange: Exchange,
  timeoutMs: number,
): { status: WebhookCaseStatus; message?: string } {
  const status = exchange.response?.status;
  if (status === undefined) {
    return {
      status: 'failed',
      message: `no complete answer within ${timeoutMs} ms: NOX treats that as a temporary failure and retries the delivery`,
    };
  }
  const klass = Math.floor(status / 100);
  if (plan.expected === 'acknowledge') {
    if (klass === 2) {
      return { status: 'passed' };
    }
    const meaning =
      klass === 4
        ? 'NOX reads a 4xx as a permanent failure: the event is dropped'
        : klass === 5
          ? 'NOX reads a 5xx as a temporary failure and retries the delivery'
          : 'only a 2xx acknowledges a delivery';
    return { status: 'failed', message: `answered ${status}: ${meaning}` };
  }
  if (klass === 4) {
    return { status: 'passed' };
  }
  const meaning =
    klass === 2
      ? 'the receiver accepted a delivery NOX did not send'
      : klass === 5
        ? 'a 5xx asks NOX to retry; a delivery that fails verification is a permanent failure (401)'
        : 'a delivery that fails verification is refused with a 4xx (401)';
  return { status: 'failed', message: `answered ${status}: ${meaning}` };
}

/** A key that is not the API key, for a signature of the right form that must not verify. */
function otherKey(key: string): string {
  return `other-${key}`;
}

function toolVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    return (require('@nox-energy/contract-tests/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
