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
