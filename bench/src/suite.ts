// What every benchmark suite is: an id, a title and a run that returns its figures, tables and targets.
import type { SuiteResult } from './report.js';

export interface SuiteContext {
  /** Shorter runs (a smoke test of the suite itself); figures from a quick run are not results. */
  quick: boolean;
  /** The repository root. */
  root: string;
  /** A scratch folder for this run, removed afterwards. */
  tmpDir: string;
  log(line: string): void;
}

export type SuiteOutput = Pick<SuiteResult, 'data' | 'tables' | 'targets'>;

export interface Suite {
  id: string;
  title: string;
  run(context: SuiteContext): Promise<SuiteOutput>;
}

/** Thrown by a suite that cannot run here (e.g. a package it measures is not built yet): reported, not a failure. */
export class SuiteSkipped extends Error {
  override name = 'SuiteSkipped';
}
