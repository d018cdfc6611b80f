// JUnit XML for CI systems: one test suite per operation, one test case per check.
import { CHECKS } from '../checks/catalog.js';
import type { ContractReport } from './model.js';
import { formatFinding } from './text.js';

export function formatJunit(report: ContractReport): string {
  const seconds = (report.durationMs / 1000).toFixed(3);
  const all = report.operations.flatMap((op) => op.checks);
  const count = (status: string) => all.filter((c) => c.status === status).length;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<testsuites name="${attr(`NOX contract tests: ${report.spec.title} ${report.spec.version}`)}" ` +
      `tests="${all.length}" failures="${count('failed')}" errors="0" ` +
      `skipped="${count('skipped') + count('not_applicable') + count('not_implemented')}" time="${seconds}">`,
  );
  for (const op of report.operations) {
    const failed = op.checks.filter((c) => c.status === 'failed').length;
    const skipped = op.checks.filter((c) => c.status !== 'passed' && c.status !== 'failed').length;
    out.push(
      `  <testsuite name="${attr(op.operationId)}" tests="${op.checks.length}" failures="${failed}" errors="0" skipped="${skipped}">`,
    );
    out.push('    <properties>');
    out.push(`      <property name="seed" value="${report.seed}"/>`);
    out.push(`      <property name="request" value="${attr(`${op.method} ${op.path}`)}"/>`);
    out.push('    </properties>');
    for (const check of op.checks) {
      const open = `    <testcase classname="${attr(op.operationId)}" name="${attr(check.check)}" time="0">`;
      if (check.status === 'passed') {
        out.push(`${open}</testcase>`);
      } else if (check.status === 'failed') {
        const body = check.findings.flatMap(formatFinding).join('\n');
        const first = check.findings[0]?.message ?? 'failed';
        out.push(open);
        out.push(
          `      <failure message="${attr(first)}" type="${attr(check.check)}">${text(`${CHECKS[check.check]}\n${check.failures} of ${check.cases} cases failed\n\n${body}`)}</failure>`,
        );
        out.push('    </testcase>');
      } else {
        const reason =
          check.status === 'skipped'
            ? (check.reason ?? 'skipped')
            : check.status === 'not_implemented'
              ? `not implemented: ${check.reason ?? ''}`
              : `not applicable: ${check.reason ?? ''}`;
        out.push(`${open}<skipped message="${attr(reason)}"/></testcase>`);
      }
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

/** XML 1.0 cannot carry most control characters even escaped; they become U+FFFD. */
function clean(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing exactly these characters is the point.
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD');
}

function attr(value: string): string {
  return clean(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;');
}

function text(value: string): string {
  return clean(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
