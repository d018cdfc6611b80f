// The fetch that openapi-fetch calls: one logical request, with a timeout per attempt and retries.
//
// Retry rules. A request is retried only where a retry cannot do a thing twice:
// - idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE, TRACE): on 429 and 503, on network errors and
//   on timeouts;
// - POST and PATCH (e.g. creating a link session): only when the request provably never reached the
//   server, i.e. the connection itself could not be made (DNS failure, connection refused). A 429 or 503
//   is an answer from the server, so it is returned to the caller, never retried.
// Backoff is exponential (0.5 s, 1 s, 2 s ... capped at 8 s) with up to 25% jitter; a `Retry-After` of
// at most 60 s replaces it, and a longer one stops the retries.
import { NoxConfigError, NoxConnectionError, NoxTimeoutError, redact, scrubbedCopy } from './errors.js';

export interface TransportOptions {
  apiKey: string;
  fetch: (input: Request) => Promise<Response>;
  timeoutMs: number;
  maxRetries: number;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);
const RETRY_STATUSES = new Set([429, 503]);
/** Errors raised before a connection exists: the server cannot have seen the request. */
const NOT_CONNECTED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const MAX_RETRY_AFTER_SECONDS = 60;
const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8000;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Throws when a URL would carry the API key in clear text to another machine. */
export function assertSafeUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new NoxConfigError(`Invalid base URL: ${url}`);
  }
  if (parsed.protocol === 'https:') {
    return;
  }
  if (parsed.protocol === 'http:' && LOCAL_HOSTS.has(parsed.hostname)) {
    return;
  }
  if (parsed.protocol === 'http:') {
    throw new NoxConfigError(
      `Refusing to send the API key over plain http to ${parsed.host}: use https (http is allowed only for localhost and 127.0.0.1).`,
    );
  }
  throw new NoxConfigError(`Unsupported protocol ${parsed.protocol} in ${parsed.origin}: use https.`);
}

/** Seconds from a `Retry-After` header (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') {
    return undefined;
  }
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim());
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

function errorCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      return code;
    }
    // Happy-eyeballs connection attempts fail with an AggregateError of per-address errors.
    const inner = (current as { errors?: unknown[] }).errors;
    if (Array.isArray(inner) && inner.length > 0) {
      return errorCode(inner[0]);
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const sleep = (ms: number, signal: AbortSignal | null) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** The wait before retry number `retry` (0-based): exponential, capped, shortened by up to 25% jitter. */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  const base = Math.min(INITIAL_DELAY_MS * 2 ** retry, MAX_DELAY_MS);
  return base * (1 - random() * 0.25);
}

/** Error bodies may echo request headers; make sure the key never travels further. */
async function scrubErrorResponse(response: Response, apiKey: string): Promise<Response> {
  if (response.ok || !response.body) {
    return response;
  }
  const text = await response.text();
  const clean = redact(text, apiKey);
  const scrubbed = new Response(clean, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  // A constructed Response has no URL; keep the original's so errors can say where they came from.
  Object.defineProperty(scrubbed, 'url', { value: response.url });
  return scrubbed;
}

export function createTransport(options: TransportOptions): (request: Request) => Promise<Response> {
  const { apiKey, timeoutMs, maxRetries } = options;
  return async (request: Request) => {
    assertSafeUrl(request.url);
    const method = request.method.toUpperCase();
    const idempotent = IDEMPOTENT.has(method);
    // Read the body once so that every attempt sends the same bytes.
    const body = request.body ? await request.arrayBuffer() : undefined;
    const where = `${method} ${request.url.split('?')[0]}`;

    for (let attempt = 0; ; attempt++) {
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = AbortSignal.any([request.signal, timeout]);
      const init: RequestInit = { method, headers: request.headers, body, signal, redirect: request.redirect };
      let response: Response;
      try {
        response = await options.fetch(new Request(request.url, init));
      } catch (error) {
        if (request.signal.aborted) {
          throw request.signal.reason;
        }
        const timedOut = timeout.aborted;
        const code = errorCode(error);
        const retryable = timedOut ? idempotent : idempotent || (code !== undefined && NOT_CONNECTED_CODES.has(code));
        if (retryable && attempt < maxRetries) {
          await sleep(backoffMs(attempt), request.signal);
          continue;
        }
        const attempts = attempt + 1;
        if (timedOut) {
          throw new NoxTimeoutError(`${where} timed out after ${timeoutMs} ms (${attempts} attempt(s))`, {
            timeoutMs,
            attempts,
          });
        }
        const cause = scrubbedCopy(error, apiKey);
        throw new NoxConnectionError(`${where} failed: ${cause.message}${code ? ` (${code})` : ''}`, {
          code,
          attempts,
          cause,
        });
      }

      if (idempotent && RETRY_STATUSES.has(response.status) && attempt < maxRetries) {
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        if (retryAfter === undefined || retryAfter <= MAX_RETRY_AFTER_SECONDS) {
          await response.body?.cancel();
          await sleep(retryAfter === undefined ? backoffMs(attempt) : retryAfter * 1000, request.signal);
          continue;
        }
      }
      return scrubErrorResponse(response, apiKey);
    }
  };
}
