// JUnit XML for CI systems: one test suite per operation, one test case per check that applies to it.
//
// A check that does not apply to an operation (`echo` where the response marks no field x-nox-echo) is not
// a test case at all: it has nothing to test and could not fail. Reported as <skipped>, CI would show
// coverage missing where none is; reported as passed, a test that tested nothing. It is listed in the
// suite's `not_applicable` property instead. <skipped> is kept for checks that apply but did not run (no key
// for the operation's role, or the run stopped), which a reader should notice, and for the checks of an operation
// that was not implemented (the server answers 501): never passed, never failed.
import { CHECKS } from '../checks/catalog.js';
import type { CheckResult, ContractReport } from './model.js';
import { formatFinding } from './text.js';

export function formatJunit(report: ContractReport): string {
  const seconds = (report.durationMs / 1000).toFixed(3);
  const cases = (checks: CheckResult[]) => checks.filter((c) => c.status !== 'not_applicable');
  const all = cases(report.operations.flatMap((op) => op.checks));
  const count = (checks: CheckResult[], status: string) => checks.filter((c) => c.status === status).length;
  const skipped = (checks: CheckResult[]) => count(checks, 'skipped') + count(checks, 'not_implemented');
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<testsuites name="${attr(`NOX contract tests: ${report.spec.title} ${report.spec.version}`)}" ` +
      `tests="${all.length}" failures="${count(all, 'failed')}" errors="0" ` +
      `skipped="${skipped(all)}" time="${seconds}">`,
  );
  for (const op of report.operations) {
    const applicable = cases(op.checks);
    const notApplicable = op.checks.filter((c) => c.status === 'not_applicable');
    out.push(
      `  <testsuite name="${attr(op.operationId)}" tests="${applicable.length}" failures="${count(applicable, 'failed')}" errors="0" skipped="${skipped(applicable)}">`,
    );
    out.push('    <properties>');
    out.push(`      <property name="seed" value="${report.seed}"/>`);
    out.push(`      <property name="request" value="${attr(`${op.method} ${op.path}`)}"/>`);
    if (op.deprecated) {
      out.push('      <property name="deprecated" value="true"/>');
    }
    if (notApplicable.length > 0) {
      const list = notApplicable.map((c) => (c.reason ? `${c.check} (${c.reason})` : c.check)).join('; ');
      out.push(`      <property name="not_applicable" value="${attr(list)}"/>`);
    }
    if (report.stopped) {
      out.push(`      <property name="stopped" value="${attr(report.stopped)}"/>`);
    }
    out.push('    </properties>');
    for (const check of applicable) {
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
          check.status === 'not_implemented' ? `not implemented: ${check.reason ?? ''}` : (check.reason ?? 'skipped');
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

export function attr(value: string): string {
  return clean(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;');
}

export function text(value: string): string {
  return clean(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
