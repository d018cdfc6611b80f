import { describe, expect, it } from 'vitest';
import {
  growthExponent,
  median,
  overheadFromThroughput,
  pairedOverhead,
  ratio,
  relativeSpread,
  robustSd,
} from '../src/stats.js';

describe('median', () => {
  it('takes the middle of an odd count and the mean of the two middles of an even one, in any order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });
  it('refuses an empty list instead of returning a made-up figure', () => {
    expect(() => median([])).toThrow(RangeError);
  });
  it('does not reorder the caller list', () => {
    const runs = [3, 1, 2];
    median(runs);
    expect(runs).toEqual([3, 1, 2]);
  });
});

describe('ratios', () => {
  it('is NaN for a ratio to zero', () => {
    expect(ratio(10, 4)).toBe(2.5);
    expect(ratio(1, 0)).toBeNaN();
  });
  it('turns throughputs into the extra time per call', () => {
    // 100 ops/s against 110 ops/s: each call takes 10% longer.
    expect(overheadFromThroughput(100, 110)).toBeCloseTo(0.1, 10);
    expect(overheadFromThroughput(120, 100)).toBeCloseTo(-1 / 6, 10);
  });
  it('measures the spread of runs relative to their median', () => {
    expect(relativeSpread([90, 100, 110])).toBeCloseTo(0.2, 10);
    expect(relativeSpread([5])).toBe(0);
  });
  it('reads linear and quadratic growth', () => {
    expect(growthExponent(10, 1, 100, 10)).toBeCloseTo(1, 10);
    expect(growthExponent(10, 1, 100, 100)).toBeCloseTo(2, 10);
  });
});

describe('pairedOverhead', () => {
  it('compares round by round, so a slow round slows both sides alike', () => {
    // The machine halves its speed in round 2: the overhead stays 25% in every round.
    const result = pairedOverhead([80, 40, 80], [100, 50, 100]);
    expect(result.median).toBeCloseTo(0.25, 10);
    expect(result.ci95).toBeCloseTo(0, 10);
  });
  it('gives the 95% interval of the median from a robust SD, unmoved by one disturbed round', () => {
    const result = pairedOverhead([100, 100, 100, 100, 100], [110, 100, 90, 100, 400]);
    expect(result.perRound.map((x) => Number(x.toFixed(2)))).toEqual([0.1, 0, -0.1, 0, 3]);
    expect(result.median).toBe(0);
    expect(result.ci95).toBeCloseTo((1.96 * 1.2533 * 1.4826 * 0.1) / Math.sqrt(5), 10);
  });
  it('refuses rounds that do not pair up', () => {
    expect(() => pairedOverhead([1, 2], [1])).toThrow(RangeError);
  });
});

describe('robustSd', () => {
  it('is 1.4826 x the median absolute deviation, and 0 for identical values', () => {
    expect(robustSd([1, 2, 3, 4, 100])).toBeCloseTo(1.4826, 10);
    expect(robustSd([5, 5, 5])).toBe(0);
  });
});
