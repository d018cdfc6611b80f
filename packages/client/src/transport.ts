// The fetch that openapi-fetch calls: one logical request, with a deadline per attempt and retries.
//
// Retry rules. A request is retried only where a retry cannot do a thing twice:
// - idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE, TRACE): on 429 and 503, on network errors and
//   on timeouts;
// - POST and PATCH (e.g. creating a link session): only when the request provably never reached the
//   server, i.e. the connection itself could not be made (DNS failure, connection refused). A 429 or 503
//   is an answer from the server, so it is returned to the caller, never retried.
// Backoff is exponential (0.5 s, 1 s, 2 s ... capped at 8 s) with up to 25% jitter; a `Retry-After` of
// at most 60 s replaces it, and a longer one stops the retries.
//
// Redirects are never followed (requests go out with `redirect: 'manual'`): a 3xx, or a browser's opaque
// redirect, ends the call with a NoxRedirectError. So the key never travels to another address, and a
// retry is only ever decided on the answer of the address the caller configured.
import {
  NoxConfigError,
  NoxConnectionError,
  NoxRedirectError,
  NoxTimeoutError,
  redact,
  scrubbedCopy,
  withCauses,
} from './errors.js';

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
/** At most this many bytes of an error body are read; the rest is cancelled, never buffered. */
export const ERROR_BODY_LIMIT = 65_536;

/** Throws when a URL would carry the API key in clear text to another machine. */
export function assertSafeUrl(url: string): void {
  const { protocol, hostname, host } = new URL(url);
  if (protocol === 'https:') {
    return;
  }
  if (protocol !== 'http:') {
    throw new NoxConfigError(`Unsupported protocol ${protocol}: use https.`);
  }
  // The URL parser has normalised the host (127.1 and 0x7f.0.0.1 are 127.0.0.1 here).
  if (hostname !== 'localhost' && hostname !== '[::1]' && !/^127(\.\d+){3}$/.test(hostname)) {
    throw new NoxConfigError(
      `Refusing to send the API key over plain http to ${host}: use https (http is allowed only for localhost, 127.0.0.0/8 and [::1]).`,
    );
  }
}

/**
 * Checks a configured base URL and returns it without trailing slashes. The messages never repeat the URL:
 * it may hold a password.
 */
export function checkBaseUrl(url: string, name: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new NoxConfigError(`${name} is not an absolute URL.`);
  }
  if (parsed.username || parsed.password) {
    throw new NoxConfigError(`${name} must not hold a user name or password.`);
  }
  if (/[?#]/.test(url)) {
    throw new NoxConfigError(`${name} must not have a query or a fragment.`);
  }
  assertSafeUrl(url);
  return url.replace(/\/+$/, '');
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

/** The system error code down an error's causes (e.g. ECONNREFUSED under fetch's "fetch failed"). */
function errorCode(error: unknown, depth = 0): string | undefined {
  const e = error as { code?: unknown; errors?: unknown[]; cause?: unknown } | null;
  if (!e || typeof e !== 'object' || depth > 4) {
    return undefined;
  }
  // Happy-eyeballs connection attempts fail with an AggregateError of per-address errors.
  return typeof e.code === 'string' ? e.code : errorCode(e.errors?.[0] ?? e.cause, depth + 1);
}

const sleep = (ms: number, signal: AbortSignal | undefined) =>
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

/** The first ERROR_BODY_LIMIT bytes of a body as text; the rest is cancelled unread. */
async function readCapped(body: ReadableStream<Uint8Array>): Promise<[text: string, truncated: boolean]> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (let size = 0; size < ERROR_BODY_LIMIT; ) {
    const { done, value } = await reader.read();
    if (done) {
      return [text + decoder.decode(), false];
    }
    text += decoder.decode(value.subarray(0, ERROR_BODY_LIMIT - size), { stream: true });
    size += value.byteLength;
  }
  reader.cancel().catch(() => {});
  return [text + decoder.decode(), true];
}

/** Error bodies may echo request headers; make sure the key never travels further. */
async function scrubErrorResponse(response: Response, apiKey: string): Promise<Response> {
  if (!response.body) {
    return response;
  }
  const [text, truncated] = await readCapped(response.body);
  // Where the cap cut the key in two, the part left is within the last key.length characters: drop them.
  const clean = redact(text, apiKey).slice(0, truncated ? -apiKey.length : undefined);
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
 * One call, from the first attempt until its result is read. The client creates it, so that the first
 * attempt sends openapi-fetch's own Request as it is, and ends it (endCall) when the call settles.
 */
export interface CallContext {
  /** Aborts the current attempt: at its deadline, or when the caller's signal aborts. */
  controller: AbortController;
  /** The caller's own signal, if any, and our one listener on it. */
  callerSignal: AbortSignal | undefined;
  onCallerAbort?: () => void;
  /** The serialised body, kept for retries (the first attempt consumes the Request's stream). */
  body?: BodyInit;
  /** The deadline of the current attempt; it keeps running while the body is read. */
  timer?: ReturnType<typeof setTimeout>;
  timedOut?: boolean;
  attempts: number;
  /** The request, for messages. */
  request?: Request;
  /** The response of the last attempt, once its headers are in: its body is being read. */
  response?: Response | undefined;
  /** Ends the call with this reason, even if a body being read ignores the abort. */
  fail: (reason: unknown) => void;
}

/** Aborts the current attempt, and the whole call once its response is being read. */
function abortCall(call: CallContext, reason: unknown): void {
  call.controller.abort(reason);
  if (call.response) {
    call.fail(reason);
  }
}

export function startCall(callerSignal: AbortSignal | undefined): CallContext {
  const call: CallContext = { controller: new AbortController(), callerSignal, attempts: 0, fail: () => {} };
  if (callerSignal?.aborted) {
    call.controller.abort(callerSignal.reason);
  } else if (callerSignal) {
    // One listener per call, whatever the number of attempts; endCall removes it.
    call.onCallerAbort = () => abortCall(call, callerSignal.reason);
    callerSignal.addEventListener('abort', call.onCallerAbort);
  }
  return call;
}

export function endCall(call: CallContext): void {
  clearTimeout(call.timer);
  if (call.onCallerAbort) {
    call.callerSignal?.removeEventListener('abort', call.onCallerAbort);
  }
}

/** "POST http://host/path", without the query. */
export const describeCall = (call: CallContext): string => `${call.request?.method} ${call.request?.url.split('?')[0]}`;

export function timeoutError(call: CallContext, timeoutMs: number): NoxTimeoutError {
  return new NoxTimeoutError(`${describeCall(call)} timed out after ${timeoutMs} ms (${call.attempts} attempt(s))`, {
    timeoutMs,
    attempts: call.attempts,
  });
}

export function connectionError(
  call: CallContext,
  error: unknown,
  apiKey: string,
  what = 'failed',
): NoxConnectionError {
  const code = errorCode(error);
  const cause = scrubbedCopy(error, apiKey);
  return new NoxConnectionError(`${describeCall(call)} ${what}: ${withCauses(cause)}${code ? ` (${code})` : ''}`, {
    code,
    attempts: call.attempts,
    cause,
  });
}

function redirectError(call: CallContext, response: Response, apiKey: string): NoxRedirectError {
  const location = response.redirected ? response.url : response.headers.get('location');
  let origin: string | undefined;
  try {
    origin = location ? redact(new URL(location, call.request?.url).origin, apiKey) : undefined;
  } catch {
    // An unparseable Location: say nothing of it.
  }
  return new NoxRedirectError(
    `${describeCall(call)} answered ${response.status || 'with a redirect'}${origin ? ` to ${origin}` : ''}: redirects are not followed.`,
    response.status,
    origin,
  );
}

export function createTransport(options: TransportOptions): (request: Request, call: CallContext) => Promise<Response> {
  const { apiKey, timeoutMs, maxRetries } = options;
  return async (request: Request, call: CallContext) => {
    if (!request.url.startsWith('https://')) {
      assertSafeUrl(request.url);
    }
    call.request = request;
    const method = request.method.toUpperCase();
    const idempotent = IDEMPOTENT.has(method);
    // A middleware may hand over a Request of its own; it must not follow redirects either.
    let current = request.redirect === 'manual' ? request : new Request(request, { redirect: 'manual' });

    for (let attempt = 0; ; attempt++) {
      const controller = attempt === 0 ? call.controller : new AbortController();
      if (attempt > 0) {
        call.controller = controller;
        current = new Request(request.url, {
          method,
          headers: request.headers,
          body: call.body,
          signal: controller.signal,
          redirect: 'manual',
        });
      }
      call.attempts = attempt + 1;
      call.timedOut = false;
      call.response = undefined;
      call.timer = setTimeout(() => {
        call.timedOut = true;
        // No reason needed: timedOut tells the client what happened.
        abortCall(call, undefined);
      }, timeoutMs);
      let response: Response;
      try {
        response = await options.fetch(current);
      } catch (error) {
        clearTimeout(call.timer);
        if (call.callerSignal?.aborted) {
          throw call.callerSignal.reason;
        }
        const code = errorCode(error);
        const retryable = call.timedOut
          ? idempotent
          : idempotent || (code !== undefined && NOT_CONNECTED_CODES.has(code));
        if (retryable && attempt < maxRetries) {
          await sleep(backoffMs(attempt), call.callerSignal);
          continue;
        }
        throw call.timedOut ? timeoutError(call, timeoutMs) : connectionError(call, error, apiKey);
      }
      // From here on the deadline also covers reading the body; the client clears it when the call settles.
      call.response = response;
      const { status } = response;
      if ((status > 299 && status < 400) || response.type === 'opaqueredirect' || response.redirected) {
        response.body?.cancel().catch(() => {});
        throw redirectError(call, response, apiKey);
      }
      if (idempotent && RETRY_STATUSES.has(status) && attempt < maxRetries) {
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        if (retryAfter === undefined || retryAfter <= MAX_RETRY_AFTER_SECONDS) {
          clearTimeout(call.timer);
          await response.body?.cancel();
          await sleep(retryAfter === undefined ? backoffMs(attempt) : retryAfter * 1000, call.callerSignal);
          continue;
        }
      }
      return response.ok ? response : scrubErrorResponse(response, apiKey);
    }
  };
}
