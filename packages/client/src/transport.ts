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

/**
 * What the client prepares for each call, so that the first attempt sends openapi-fetch's own Request
 * as it is: no copy of the request and no extra signal objects on the hot path.
 */
export interface CallContext {
  /** Aborts the first attempt, on timeout or when the caller's signal aborts. */
  firstAttempt: AbortController;
  /** The caller's own signal, if any. */
  callerSignal: AbortSignal | undefined;
  /** The serialised body, kept for retries (the first attempt consumes the Request's stream). */
  body: BodyInit | undefined;
}

/** Makes `controller` abort when `signal` does (at once if it already has). */
export function followAbort(signal: AbortSignal | undefined, controller: AbortController): void {
  if (!signal) {
    return;
  }
  if (signal.aborted) {
    controller.abort(signal.reason);
  } else {
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }
}

export function createTransport(
  options: TransportOptions,
): (request: Request, call?: CallContext) => Promise<Response> {
  const { apiKey, timeoutMs, maxRetries } = options;
  return async (request: Request, prepared?: CallContext) => {
    if (!request.url.startsWith('https://')) {
      assertSafeUrl(request.url);
    }
    let first = request;
    let call = prepared;
    if (!call) {
      // A Request built elsewhere: copy it once, so that it carries a signal of ours.
      const body = request.body ? await request.arrayBuffer() : undefined;
      call = { firstAttempt: new AbortController(), callerSignal: request.signal, body };
      followAbort(request.signal, call.firstAttempt);
      first = new Request(request.url, {
        method: request.method,
        headers: request.headers,
        body,
        signal: call.firstAttempt.signal,
        redirect: request.redirect,
      });
    }
    const { callerSignal } = call;
    const method = request.method.toUpperCase();
    const idempotent = IDEMPOTENT.has(method);

    for (let attempt = 0; ; attempt++) {
      let controller = call.firstAttempt;
      let current = first;
      if (attempt > 0) {
        controller = new AbortController();
        followAbort(callerSignal, controller);
        current = new Request(request.url, {
          method,
          headers: request.headers,
          body: call.body,
          signal: controller.signal,
          redirect: request.redirect,
        });
      }
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new DOMException(`No response within ${timeoutMs} ms`, 'TimeoutError'));
      }, timeoutMs);
      let response: Response;
      try {
        response = await options.fetch(current);
      } catch (error) {
        if (callerSignal?.aborted) {
          throw callerSignal.reason;
        }
        const code = errorCode(error);
        const retryable = timedOut ? idempotent : idempotent || (code !== undefined && NOT_CONNECTED_CODES.has(code));
        if (retryable && attempt < maxRetries) {
          await sleep(backoffMs(attempt), callerSignal ?? null);
          continue;
        }
        const attempts = attempt + 1;
        const where = `${method} ${request.url.split('?')[0]}`;
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
      } finally {
        // The timeout covers the wait for the response headers.
        clearTimeout(timer);
      }

      if (idempotent && RETRY_STATUSES.has(response.status) && attempt < maxRetries) {
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        if (retryAfter === undefined || retryAfter <= MAX_RETRY_AFTER_SECONDS) {
          await response.body?.cancel();
          await sleep(retryAfter === undefined ? backoffMs(attempt) : retryAfter * 1000, callerSignal ?? null);
          continue;
        }
      }
      return response.ok ? response : scrubErrorResponse(response, apiKey);
    }
  };
}
