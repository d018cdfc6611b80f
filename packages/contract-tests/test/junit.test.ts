// The JUnit report: a check that does not apply to an operation is no test case (nor a skipped one);
// checks that apply but could not run (no key for the role) are the skipped ones.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type ContractReport, formatJunit, runContractSuite } from '../src/index.js';
import { FIXTURE_SERVED_OPERATIONS, type FixtureServer, startFixtureServer } from './fixtures/server.js';

let server: FixtureServer;
let report: ContractReport;
beforeAll(async () => {
  server = await startFixtureServer();
  report = await runContractSuite({
    baseUrl: server.baseUrl,
    apiKeys: server.keys,
    seed: 3,
    numRuns: 5,
    operations: FIXTURE_SERVED_OPERATIONS,
  });
});
afterAll(() => server.close());

const attribute = (tag: string, name: string) => Number(new RegExp(`${name}="(\\d+)"`).exec(tag)?.[1]);

test('not-applicable checks are listed as a property of their suite, not as test cases', () => {
  const xml = formatJunit(report);
  const notApplicable = report.operations.flatMap((op) => op.checks.filter((c) => c.status === 'not_applicable'));
  expect(notApplicable.length).toBeGreaterThan(0);
  expect(report.totals.skipped).toBe(0);

  const root = /<testsuites [^>]*>/.exec(xml)?.[0] ?? '';
  expect(attribute(root, 'skipped')).toBe(0);
  expect(attribute(root, 'tests')).toBe(report.totals.passed + report.totals.failed);
  expect((xml.match(/<testcase /g) ?? []).length).toBe(report.totals.passed);
  expect(xml).not.toContain('<skipped');
  expect(xml).not.toContain('not applicable');

  for (const op of report.operations) {
    const suite = new RegExp(`<testsuite name="${op.operationId}"[^>]*>[\\s\\S]*?</testsuite>`).exec(xml)?.[0] ?? '';
    const open = /<testsuite [^>]*>/.exec(suite)?.[0] ?? '';
    const applicable = op.checks.filter((c) => c.status !== 'not_applicable');
    expect(attribute(open, 'tests')).toBe(applicable.length);
    expect(attribute(open, 'skipped')).toBe(0);
    for (const check of op.checks) {
      expect(suite.includes(`name="${check.check}"`), `${op.operationId} ${check.check}`).toBe(
        check.status !== 'not_applicable',
      );
    }
    const listed = /<property name="not_applicable" value="([^"]*)"\/>/.exec(suite)?.[1] ?? '';
    for (const check of op.checks.filter((c) => c.status === 'not_applicable')) {
      expect(listed).toContain(`${check.check} (${check.reason})`);
    }
  }
});

test('checks of an operation without a key are skipped test cases, with the reason', async () => {
  const [role, key] = Object.entries(server.keys)[0] as [string, string];
  const partial = await runContractSuite({
    baseUrl: server.baseUrl,
    apiKeys: { [role]: key },
    seed: 3,
    numRuns: 5,
    operations: FIXTURE_SERVED_OPERATIONS,
  });
  const xml = formatJunit(partial);
  const root = /<testsuites [^>]*>/.exec(xml)?.[0] ?? '';
  expect(partial.totals.skipped).toBeGreaterThan(0);
  expect(attribute(root, 'skipped')).toBe(partial.totals.skipped);
  expect((xml.match(/<skipped message="no API key for the \w+ role"\/>/g) ?? []).length).toBe(partial.totals.skipped);
});
