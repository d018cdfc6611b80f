// The webhooks report as text (every case: what was sent, what came back, what should have), JSON and JUnit.
import { attr, text } from '../report/junit.js';
import type { RecordedRequest } from '../report/model.js';
import type { WebhookCaseReport, WebhookCaseStatus, WebhookReport } from './model.js';

const MARK: Record<WebhookCaseStatus, string> = { passed: 'PASS', failed: 'FAIL', skipped: 'SKIP' };

export function formatWebhookText(report: WebhookReport): string {
  const { signature: s } = report;
  const lines = [
    `NOX webhook receiver tests ${report.tool.version}: ${report.spec.title} ${report.spec.version}`,
    `receiver: ${report.target.url}${report.target.live ? ' (--live)' : ''}`,
    `signing: ${s.algorithm} of "${s.signedContent}" keyed with the API key, sent as ${s.signatureHeader}: ${s.prefix}<${s.encoding}>; ` +
      `${s.timestampHeader} within ${s.toleranceSeconds} s; ${s.idHeader} the idempotency key`,
  ];
  if (s.inferred) {
    lines.push(`(the recipe is inferred: ${s.inferred})`);
  }
  lines.push(
    'The API key is never sent: it keys the signatures. Each case: what was sent, the answer, the answer due.',
  );
  for (const result of report.cases) {
    lines.push('', ...formatWebhookCase(result));
  }
  const { totals } = report;
  lines.push('');
  lines.push(`${report.cases.length} cases in ${(report.durationMs / 1000).toFixed(1)} s`);
  lines.push(`cases: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  if (report.stopped) {
    lines.push(`RUN STOPPED: ${report.stopped}`);
  }
  lines.push(report.ok ? 'RESULT: PASS' : 'RESULT: FAIL');
  return `${lines.join('\n')}\n`;
}

export function formatWebhookCase(result: WebhookCaseReport): string[] {
  const answered = result.response
    ? `answered ${result.response.status}`
    : result.status === 'skipped'
      ? 'not sent'
      : 'no answer';
  const lines = [`${MARK[result.status]} ${result.id}: expected ${result.expected}, ${answered}`];
  lines.push(`  sent: ${result.title}`);
  if (result.message) {
    lines.push(`  ${result.status === 'failed' ? 'wrong' : 'why'}: ${result.message}`);
  }
  lines.push(`  due: ${result.expected}, because ${result.why}`);
  if (result.request) {
    lines.push(...requestLines(result.request, result.status === 'failed'));
  }
  if (result.response) {
    lines.push(`  answer: ${result.response.status} ${result.response.statusText}`.trimEnd());
    if (result.status === 'failed' && result.response.body.length > 0) {
      lines.push(...result.response.body.split('\n').map((line) => `    ${line}`));
    }
  } else if (result.error) {
    lines.push(`  no answer: ${result.error}`);
  }
  return lines;
}

function requestLines(request: RecordedRequest, withBody: boolean): string[] {
  const lines = [`  request: ${request.method} ${request.url}`];
  for (const [name, value] of Object.entries(request.headers)) {
    if (name !== 'user-agent') {
      lines.push(`    ${name}: ${value}`);
    }
  }
  if (request.body !== undefined) {
    // A passing case's body is the spec's example: shown in full only where something went wrong (and in JSON).
    lines.push(
      ...(withBody
        ? request.body.split('\n').map((line) => `    ${line}`)
        : [`    (body: ${Buffer.byteLength(request.body)} bytes)`]),
    );
  }
  return lines;
}

export function formatWebhookJson(report: WebhookReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** One suite, one test case per delivery; skipped deliveries (not sent) are `<skipped>`. */
export function formatWebhookJunit(report: WebhookReport): string {
  const count = (status: WebhookCaseStatus) => report.cases.filter((c) => c.status === status).length;
  const seconds = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(3);
  const counts = `tests="${report.cases.length}" failures="${count('failed')}" errors="0" skipped="${count('skipped')}"`;
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<testsuites name="${attr(`NOX webhook receiver tests: ${report.spec.title} ${report.spec.version}`)}" ${counts} time="${seconds(report.durationMs)}">`,
  );
  out.push(`  <testsuite name="webhooks" ${counts}>`);
  out.push('    <properties>');
  out.push(`      <property name="receiver" value="${attr(report.target.url)}"/>`);
  if (report.stopped) {
    out.push(`      <property name="stopped" value="${attr(report.stopped)}"/>`);
  }
  out.push('    </properties>');
  for (const result of report.cases) {
    const open = `    <testcase classname="webhooks" name="${attr(result.id)}" time="${seconds(result.durationMs)}">`;
    if (result.status === 'passed') {
      out.push(`${open}</testcase>`);
    } else if (result.status === 'skipped') {
      out.push(`${open}<skipped message="${attr(result.message ?? 'not sent')}"/></testcase>`);
    } else {
      out.push(open);
      out.push(
        `      <failure message="${attr(result.message ?? 'failed')}" type="webhook">${text(formatWebhookCase(result).join('\n'))}</failure>`,
      );
      out.push('    </testcase>');
    }
  }
  out.push('  </testsuite>');
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
