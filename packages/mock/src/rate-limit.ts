// An account's request rate, opt-in per account in the config: a token bucket that holds `requests` and refills
// `requests` every `perSeconds`, on the world's clock (so a test can move past a refusal instead of waiting).

export interface RateLimit {
  /** Requests allowed at once, and per `perSeconds`. */
  requests: number;
  perSeconds: number;
}

/**
 * Takes one request from the bucket at `nowMs`: 0 when it is allowed, else the whole seconds until one is (>= 1),
 * for `Retry-After`.
 */
export type TakeRequest = (nowMs: number) => number;

export function createRateLimiter({ requests, perSeconds }: RateLimit): TakeRequest {
  const msPerRequest = (perSeconds * 1000) / requests;
  let tokens = requests;
  let lastMs: number | undefined;
  return (nowMs) => {
    // A clock set back refills nothing.
    const elapsed = lastMs === undefined ? 0 : Math.max(0, nowMs - lastMs);
    lastMs = lastMs === undefined ? nowMs : Math.max(lastMs, nowMs);
    tokens = Math.min(requests, tokens + elapsed / msPerRequest);
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    // (The epsilon keeps floating-point dust, e.g. 1000.0000000000009 ms, from adding a second.)
    return Math.max(1, Math.ceil(((1 - tokens) * msPerRequest) / 1000 - 1e-9));
  };
}
