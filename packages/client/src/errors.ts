// Errors the client throws. None of them ever holds the API key: messages are built from the method,
// URL and status only, and anything that came from elsewhere (a fetch error, a response body) is
// scrubbed of the key before it is kept.

const REDACTED = '[redacted]';

/** Replaces every occurrence of `secret` in `text`. */
export function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join(REDACTED) : text;
}

/** The base class of every error this package throws. */
export class NoxError extends Error {
  override name = 'NoxError';
}

/** The client was configured in a way that cannot work or would be unsafe (e.g. an API key over http). */
export class NoxConfigError extends NoxError {
  override name = 'NoxConfigError';
}

/** The request never got an HTTP response: DNS, connection refused or reset, TLS, and the like. */
export class NoxConnectionError extends NoxError {
  override name = 'NoxConnectionError';
  /** The system error code when there is one (e.g. `ECONNREFUSED`). */
  readonly code: string | undefined;
  /** The number of attempts made, retries included. */
  readonly attempts: number;

  constructor(message: string, options: { code: string | undefined; attempts: number; cause?: Error }) {
    super(message, options.cause ? { cause: options.cause } : undefined);
    this.code = options.code;
    this.attempts = options.attempts;
  }
}

/** The call did not end within `timeoutMs`: no response headers, or the body was not all read by then. */
export class NoxTimeoutError extends NoxError {
  override name = 'NoxTimeoutError';
  readonly timeoutMs: number;
  readonly attempts: number;

  constructor(message: string, options: { timeoutMs: number; attempts: number }) {
    super(message);
    this.timeoutMs = options.timeoutMs;
    this.attempts = options.attempts;
  }
}

/**
 * The server answered with a redirect (3xx). Redirects are never followed, so that the API key never travels
 * to another address; NOX's API documents none.
 */
export class NoxRedirectError extends NoxError {
  override name = 'NoxRedirectError';

  constructor(
    message: string,
    /** The HTTP status, e.g. 307; 0 for a browser's opaque redirect, which hides it. */
    readonly status: number,
    /** The origin the server pointed to (never its path or query); undefined when the browser hides it. */
    readonly location: string | undefined,
  ) {
    super(message);
  }
}

/**
 * The server answered with an error status (from `orThrow`), or with a 2xx body that is not JSON (from the
 * call itself; that body is not kept, as it may echo the key).
 */
export class NoxApiError<Body = unknown> extends NoxError {
  override name = 'NoxApiError';
  /** The HTTP status, e.g. 400. */
  readonly status: number;
  /** The parsed error body, e.g. `{ error: "..." }`; the raw text when it is not JSON (at most ERROR_BODY_LIMIT bytes of it). */
  readonly body: Body;
  /** The server's request id, when it sends one. Quote it when you report a problem. */
  readonly requestId: string | undefined;
  /** Seconds the server asked to wait (from `Retry-After`), when it says. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    message: string,
    options: { status: number; body: Body; requestId: string | undefined; retryAfterSeconds: number | undefined },
  ) {
    super(message);
    this.status = options.status;
    this.body = options.body;
    this.requestId = options.requestId;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** A copy of an error from elsewhere (fetch, a custom fetch) with the secret scrubbed from its text, causes included. */
export function scrubbedCopy(error: unknown, secret: string, depth = 0): Error {
  const source = error instanceof Error ? error : new Error(String(error));
  const cause = depth < 4 && source.cause !== undefined ? { cause: scrubbedCopy(source.cause, secret, depth + 1) } : {};
  const copy = new Error(redact(source.message, secret), cause);
  copy.name = source.name;
  copy.stack = redact(source.stack ?? '', secret);
  const code = (source as { code?: unknown }).code;
  if (typeof code === 'string') {
    Object.assign(copy, { code });
  }
  return copy;
}

/** "fetch failed: bad port": an error's message followed by those of its causes. */
export function withCauses(error: Error): string {
  let text = error.message;
  for (let cause = error.cause; cause instanceof Error; cause = cause.cause) {
    text += cause.message ? `: ${cause.message}` : '';
  }
  return text;
}

/** One reason the Package API refused a request (an item of a `422` body's `detail`). */
export interface NoxValidationIssue {
  /** Where the problem is, e.g. `['body', 'room', 'preferred_temperature']` or `['query', 'limit']`. */
  loc: (string | number)[];
  /** What is wrong, e.g. `Field required`. */
  msg: string;
  /** The kind of problem, e.g. `missing`. */
  type: string;
}

/**
 * The Package API refused a request as invalid (`422` with `detail[]`): `issues` names each field, e.g.
 * `issues[0].loc` is `['body', 'user_id']` and `issues[0].msg` is `Field required`. The message lists them
 * as `body.user_id: Field required`.
 */
export class NoxValidationError<Body = unknown> extends NoxApiError<Body> {
  override name = 'NoxValidationError';

  constructor(
    message: string,
    options: ConstructorParameters<typeof NoxApiError<Body>>[1],
    /** One entry per problem, in the server's order. */
    readonly issues: NoxValidationIssue[],
  ) {
    super(message, options);
  }
}
