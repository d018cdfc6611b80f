// The readable summary: a check x operation matrix, then each finding with its request and response.
import { CHECK_NAMES } from '../checks/catalog.js';
import { formatPlan } from '../run/plan.js';
import type { CheckStatus, ContractReport, Finding } from './model.js';

const MARK: Record<CheckStatus, string> = {
  passed: 'ok',
  failed: 'FAIL',
  skipped: 'skip',
  not_applicable: '-',
  not_implemented: 'n/i',
};

export function formatText(report: ContractReport): string {
  // The plan comes first: what was (or would be) sent to each operation, and what was skipped and why.
  const lines: string[] = [...formatPlan(report.plan), ''];
  const targets = Object.entries(report.target.baseUrls)
    .map(([api, url]) => `${url} (${api})`)
    .join(', ');
  lines.push(`NOX contract tests ${report.tool.version}: ${report.spec.title} ${report.spec.version}`);
  lines.push(`target: ${targets}${report.target.mock ? ' [in-process mock]' : ''}`);
  lines.push(
    `seed ${report.seed}, ${report.numRuns} generated requests per operation, ` +
      `rate ${report.maxRps === null ? 'unlimited' : `${report.maxRps} requests/s`}`,
  );
  lines.push('');

  const columns = report.operations.map((_, index) => `[${index + 1}]`);
  const nameWidth = Math.max(...CHECK_NAMES.map((c) => c.length), 'check'.length);
  const cellWidth = Math.max(...columns.map((c) => c.length), ...Object.values(MARK).map((m) => m.length)) + 2;
  const row = (name: string, cells: string[]) =>
    `${name.padEnd(nameWidth)}  ${cells.map((c) => c.padEnd(cellWidth)).join('')}`.trimEnd();
  lines.push(row('check', columns));
  for (const check of CHECK_NAMES) {
    lines.push(
      row(
        check,
        report.operations.map((op) => MARK[op.checks.find((c) => c.check === check)?.status ?? 'not_applicable']),
      ),
    );
  }
  lines.push('');
  report.operations.forEach((op, index) => {
    const suffix = op.notImplemented
      ? ` - NOT IMPLEMENTED: ${op.notImplemented}`
      : op.skipped
        ? ` - SKIPPED: ${op.skipped}`
        : op.role
          ? ` (${op.role} key)`
          : '';
    lines.push(
      `[${index + 1}] ${op.operationId}: ${op.method} ${op.path}${op.deprecated ? ' [deprecated]' : ''}${suffix}`,
    );
  });

  const failures = report.operations.flatMap((op) =>
    op.checks
      .filter((c) => c.status === 'failed')
      .map((c) => ({
        operationId: op.operationId,
        check: c.check,
        failures: c.failures,
        cases: c.cases,
        findings: c.findings,
      })),
  );
  if (failures.length > 0) {
    lines.push('', 'Findings', '========');
    for (const failure of failures) {
      lines.push('', `${failure.operationId} x ${failure.check}: ${failure.failures} of ${failure.cases} cases failed`);
      for (const finding of failure.findings) {
        lines.push(...formatFinding(finding).map((line) => `  ${line}`));
      }
    }
  }

  const { totals, stats } = report;
  lines.push('');
  lines.push(
    `${stats.requests} requests (${stats.generatedCases} generated) in ${(report.durationMs / 1000).toFixed(1)} s, ` +
      `${stats.requestsPerSecond} requests/s`,
  );
  lines.push(
    `checks: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped, ${totals.not_applicable} not applicable`,
  );
  // Last count line: cases (a request and the checks of its response), the figure a benchmark reads.
  lines.push(`cases: ${stats.cases.passed} passed, ${stats.cases.failed} failed`);
  const notImplemented = report.operations.filter((op) => op.notImplemented).map((op) => op.operationId);
  if (notImplemented.length > 0) {
    // Neither passed nor failed: listed so that a green run never hides what it did not check.
    lines.push(`not implemented (not checked): ${notImplemented.length} operations: ${notImplemented.join(', ')}`);
  }
  if (totals.passed === 0 && totals.failed === 0) {
    lines.push('No check ran: give the API key of at least one role.');
  }
  if (report.stopped) {
    lines.push(`RUN STOPPED: ${report.stopped}`);
  }
  lines.push(report.ok ? 'RESULT: PASS' : 'RESULT: FAIL');
  return `${lines.join('\n')}\n`;
}

export function formatFinding(finding: Finding): string[] {
  const lines = [
    `- ${finding.message}`,
    `  case: ${finding.case}${finding.shrunk ? ' (shrunk to a small example)' : ''}`,
  ];
  const { request, response } = finding;
  lines.push('  request:');
  lines.push(`    ${request.method} ${request.url}`);
  for (const [name, value] of Object.entries(request.headers)) {
    lines.push(`    ${name}: ${value}`);
  }
  if (request.body !== undefined) {
    lines.push(...indent(request.body, '    '));
  }
  if (response) {
    lines.push('  response:');
    lines.push(`    ${response.status} ${response.statusText}`);
    for (const [name, value] of Object.entries(response.headers)) {
      if (['content-type', 'allow', 'retry-after', 'x-request-id', 'location'].includes(name)) {
        lines.push(`    ${name}: ${value}`);
      }
    }
    if (response.body.length > 0) {
      lines.push(...indent(response.body, '    '));
    }
  } else if (finding.error) {
    lines.push(`  no response: ${finding.error}`);
  }
  lines.push(`  reproduce: ${finding.curl}`);
  return lines;
}

function indent(text: string, prefix: string): string[] {
  return text.split('\n').map((line) => `${prefix}${line}`);
}
