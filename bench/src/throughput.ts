// Operations per second of async calls, measured with tinybench in interleaved rounds: each round runs every task
// once (in a rotated order), so a drift of the machine's speed hits all tasks alike. The figure per task is the
// median over rounds of its mean rate within the round.
import { Bench } from 'tinybench';
import { median, relativeSpread } from './stats.js';

export interface Contender {
  name: string;
  fn: () => Promise<unknown>;
}

export interface ContenderResult {
  name: string;
  /** Median over rounds, ops/s. */
  opsPerSecond: number;
  /** Each round's ops/s. */
  rounds: number[];
  /** (max - min) / median of the rounds. */
  spread: number;
}

export async function measureOpsPerSecond(
  contenders: Contender[],
  options: {
    rounds: number;
    timeMs: number;
    warmupMs: number;
    /** Least calls per task and round (tinybench's default, 64, is long for calls of tens of ms). */
    minIterations?: number;
  },
): Promise<ContenderResult[]> {
  const perRound = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (const contender of contenders) {
    // Every contender must work before it is timed: a failing call would be timed as a fast one.
    await contender.fn();
  }
  for (let round = 0; round < options.rounds; round++) {
    const order = contenders.map((_, i) => contenders[(i + round) % contenders.length] as Contender);
    const bench = new Bench({
      time: options.timeMs,
      warmup: true,
      warmupTime: round === 0 ? options.warmupMs : Math.min(100, options.warmupMs),
      ...(options.minIterations !== undefined && {
        iterations: options.minIterations,
        warmupIterations: Math.min(options.minIterations, 16),
      }),
      throws: true,
    });
    for (const contender of order) {
      bench.add(contender.name, contender.fn);
    }
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state !== 'completed') {
        throw new Error(`${task.name}: benchmark ${result.state}`);
      }
      perRound.get(task.name)?.push(1000 / result.period);
    }
  }
  return contenders.map(({ name }) => {
    const rounds = perRound.get(name) ?? [];
    return { name, opsPerSecond: median(rounds), rounds, spread: relativeSpread(rounds) };
  });
}
