// Counting outcomes per check of one operation, keeping the first few distinct findings of each.
import { CHECK_NAMES, type CheckName } from '../checks/catalog.js';
import type { Outcome } from '../checks/response.js';
import { type FindingSource, toFinding } from '../report/finding.js';
import type { CheckResult, Finding } from '../report/model.js';

const MAX_FINDINGS_PER_CHECK = 3;

interface Count {
  cases: number;
  failures: number;
  findings: Finding[];
}

export class OperationTally {
  private readonly counts = new Map<CheckName, Count>();
  /** Requests whose every outcome passed, and those with at least one failure. */
  readonly cases = { passed: 0, failed: 0 };

  constructor(private readonly findingSource: Omit<FindingSource, 'exchange' | 'caseLabel' | 'shrunk'>) {}

  record(outcomes: Outcome[], exchange: FindingSource['exchange'], caseLabel: string): void {
    if (outcomes.some((o) => !o.ok)) {
      this.cases.failed += 1;
    } else {
      this.cases.passed += 1;
    }
    for (const outcome of outcomes) {
      const count = this.count(outcome.check);
      count.cases += 1;
      if (!outcome.ok) {
        count.failures += 1;
        this.addFinding(count, toFinding(outcome.check, outcome.message ?? 'failed', this.source(exchange, caseLabel)));
      }
    }
  }

  /**
   * A shrunk counterexample replaces the first finding of each check it fails: it shows the same defect
   * with a smaller request. Counts are not touched (shrinking runs are not cases).
   */
  replaceWithShrunk(outcomes: Outcome[], exchange: FindingSource['exchange'], caseLabel: string): void {
    for (const outcome of outcomes.filter((o) => !o.ok)) {
      const count = this.count(outcome.check);
      const finding = toFinding(outcome.check, outcome.message ?? 'failed', {
        ...this.source(exchange, caseLabel),
        shrunk: true,
      });
      const index = count.findings.findIndex((f) => f.case === caseLabel);
      if (index >= 0) {
        count.findings[index] = finding;
      } else if (count.failures > 0) {
        this.addFinding(count, finding);
      }
    }
  }

  results(): CheckResult[] {
    return CHECK_NAMES.map((check) => {
      const count = this.counts.get(check);
      if (!count || count.cases === 0) {
        return { check, status: 'not_applicable', cases: 0, failures: 0, findings: [] };
      }
      return {
        check,
        status: count.failures > 0 ? 'failed' : 'passed',
        cases: count.cases,
        failures: count.failures,
        findings: count.findings,
      };
    });
  }

  private count(check: CheckName): Count {
    let count = this.counts.get(check);
    if (!count) {
      count = { cases: 0, failures: 0, findings: [] };
      this.counts.set(check, count);
    }
    return count;
  }

  private source(exchange: FindingSource['exchange'], caseLabel: string): FindingSource {
    return { ...this.findingSource, exchange, caseLabel };
  }

  private addFinding(count: Count, finding: Finding): void {
    const duplicate = count.findings.some((f) => f.message === finding.message && f.case === finding.case);
    if (count.findings.length < MAX_FINDINGS_PER_CHECK && !duplicate) {
      count.findings.push(finding);
    }
  }
}
