// Spacing requests so that a live API sees at most `maxRps` requests a second.

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Resolves when the next request may start. Requests start at least `1000 / maxRps` ms apart;
 * `maxRps` of `Infinity` (or 0) never waits.
 */
export function createRateLimiter(maxRps: number, clock: Clock = systemClock): () => Promise<void> {
  if (!Number.isFinite(maxRps) || maxRps <= 0) {
    return async () => {};
  }
  const interval = 1000 / maxRps;
  let nextSlot = Number.NEGATIVE_INFINITY;
  return async () => {
    const now = clock.now();
    const start = Math.max(now, nextSlot);
    nextSlot = start + interval;
    if (start > now) {
      await clock.sleep(start - now);
    }
  };
}
