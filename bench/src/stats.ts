// Small statistics for benchmark figures: every headline is a median of runs, and a ratio to a peer measured
// in the same run (the machine's absolute speed drifts, ratios drift much less).

/** The median of a non-empty list (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) {
    throw new RangeError('median of an empty list');
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

/** How far the runs spread around their median: (max - min) / median. 0 for a single run. */
export function relativeSpread(values: readonly number[]): number {
  const mid = median(values);
  if (mid === 0) {
    return 0;
  }
  return (Math.max(...values) - Math.min(...values)) / Math.abs(mid);
}

/** a / b, or NaN when b is 0 (a ratio to nothing is no figure). */
export function ratio(a: number, b: number): number {
  return b === 0 ? Number.NaN : a / b;
}

/**
 * The extra cost per operation of `ours` over `baseline`, from their throughputs (ops/s): 0.1 means each
 * operation of ours takes 10% longer. Negative when ours is faster.
 */
export function overheadFromThroughput(ours: number, baseline: number): number {
  return ratio(baseline, ours) - 1;
}

/** Growth exponent k of time ~ size^k between two sizes: 1 is linear, 2 quadratic. */
export function growthExponent(sizeA: number, timeA: number, sizeB: number, timeB: number): number {
  return Math.log(timeB / timeA) / Math.log(sizeB / sizeA);
}

/** A robust standard deviation: 1.4826 x the median absolute deviation (equals the SD for normal data). */
export function robustSd(values: readonly number[]): number {
  const mid = median(values);
  return 1.4826 * median(values.map((v) => Math.abs(v - mid)));
}

/**
 * Half-width of an approximate 95% confidence interval of the median of `values`: 1.96 x the standard error of a
 * median (1.2533 x SD / sqrt(n)), with the robust SD.
 */
export function medianCi95(values: readonly number[]): number {
  return (1.96 * 1.2533 * robustSd(values)) / Math.sqrt(values.length);
}

export interface PairedOverhead {
  /** Median of the per-round overheads. */
  median: number;
  /** Half-width of its 95% confidence interval: the noise of the figure. */
  ci95: number;
  perRound: number[];
}

/**
 * Overhead of `ours` over `baseline` round by round (both measured in the same round, so a drift of the machine
 * between rounds cancels out): the median of the per-round overheads and its 95% confidence interval, from the
 * robust SD (one round disturbed by another process does not swamp it).
 */
export function pairedOverhead(oursRounds: readonly number[], baselineRounds: readonly number[]): PairedOverhead {
  if (oursRounds.length !== baselineRounds.length || oursRounds.length === 0) {
    throw new RangeError('paired rounds need the same, non-zero number of rounds');
  }
  const perRound = oursRounds.map((ours, i) => overheadFromThroughput(ours, baselineRounds[i] as number));
  return { median: median(perRound), ci95: medianCi95(perRound), perRound };
}
