// The suite must be able to fail: each deliberately broken server is caught by the right check, and only
// by the checks that its one defect concerns. The unbroken server passes every check.
import { afterEach, describe, expect, test } from 'vitest';
import { type CheckName, type ContractReport, runContractSuite } from '../src/index.js';
import { type Defect, FIXTURE_SERVED_OPERATIONS, type FixtureServer, startFixtureServer } from './fixtures/server.js';

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Runs the suite against a fixture; few generated cases keep it quick, `'default'` uses the suite's own number. */
async function check(defect: Defect | undefined, numRuns: number | 'default' = 25): Promise<ContractReport> {
  server = await startFixtureServer(defect);
  const options = {
    baseUrl: server.baseUrl,
    apiKeys: server.keys,
    seed: 424242,
    operations: FIXTURE_SERVED_OPERATIONS,
  };
  return runContractSuite(numRuns === 'default' ? options : { ...options, numRuns });
}

function failedChecks(report: ContractReport): Set<CheckName> {
  return new Set(report.operations.flatMap((op) => op.checks.filter((c) => c.status === 'failed').map((c) => c.check)));
}

function result(report: ContractReport, operationIndex: number, check: CheckName) {
  const found = report.operations[operationIndex]?.checks.find((c) => c.check === check);
  if (!found) {
    throw new Error(`no result for ${check}`);
  }
  return found;
}

test('a server that follows the spec passes every check, with at least 100 generated requests per operation', async () => {
  const report = await check(undefined, 'default');
  expect(failedChecks(report)).toEqual(new Set());
  expect(report.ok).toBe(true);
  expect(report.numRuns).toBe(100);
  expect(report.stats.generatedCases).toBe(100 * report.operations.length);
  expect(report.stats.cases).toEqual({ passed: expect.any(Number), failed: 0 });
  expect(report.stats.cases.passed).toBeGreaterThan(report.stats.generatedCases);
  // Every check of the catalog ran somewhere: none passes by never running. Pagination and links concern the
  // Package API, which this fixture does not serve (test/package-api.test.ts checks them).
  const ran = new Set(
    report.operations.flatMap((op) => op.checks.filter((c) => c.status === 'passed').map((c) => c.check)),
  );
  const packageOnly: CheckName[] = ['pagination', 'stateful_links'];
  expect([...ran].sort()).toEqual(
    report.operations[0]?.checks
      .map((c) => c.check)
      .filter((c) => !packageOnly.includes(c))
      .sort(),
  );
});

describe('each defect is reported by the right check, and the run fails', () => {
  const cases: { defect: Defect; checks: CheckName[]; detail: RegExp }[] = [
    { defect: 'wrong-field-type', checks: ['response_schema_conformance', 'seconds_after'], detail: /must be integer/ },
    {
      defect: 'accepts-missing-required',
      checks: ['negative_data_rejection', 'response_schema_conformance'],
      detail: /invalid request accepted with 201/,
    },
    {
      defect: 'malformed-json-500',
      checks: ['not_a_server_error', 'status_code_conformance', 'negative_data_rejection'],
      detail: /server error 500/,
    },
    {
      defect: 'no-auth-check',
      checks: ['missing_api_key', 'wrong_api_key', 'other_role_api_key'],
      detail: /expected 401, got 201/,
    },
    { defect: 'undocumented-status', checks: ['status_code_conformance'], detail: /status 200 is not documented/ },
    { defect: 'undocumented-method-404', checks: ['unsupported_method'], detail: /expected 405, got 404/ },
    { defect: 'expires-after-15-minutes', checks: ['seconds_after'], detail: /must be 600 s/ },
    { defect: 'other-default', checks: ['echo'], detail: /was left out so it must be "nl"/ },
    { defect: 'completed-on-create', checks: ['on_create'], detail: /must be null on creation/ },
    { defect: 'link-token-mismatch', checks: ['query_params'], detail: /query parameter "token"/ },
  ];
  test.each(cases)('$defect -> $checks', async ({ defect, checks, detail }) => {
    const report = await check(defect);
    expect(report.ok).toBe(false);
    expect(report.stats.cases.failed).toBeGreaterThan(0);
    expect(failedChecks(report)).toEqual(new Set(checks));
    const first = checks[0] as CheckName;
    const failing = report.operations.flatMap((op) =>
      op.checks.filter((c) => c.check === first && c.status === 'failed'),
    );
    expect(failing.length).toBeGreaterThan(0);
    const findings = failing.flatMap((c) => c.findings);
    expect(findings.some((f) => detail.test(f.message))).toBe(true);
    // A finding carries the request and the response that show the defect.
    expect(findings[0]?.request.method).toBeTruthy();
    expect(findings[0]?.response?.status).toBeGreaterThan(0);
  });
});

test('a generated failure is shrunk to a small example', async () => {
  const report = await check('wrong-field-type');
  const finding = result(report, 0, 'response_schema_conformance').findings.find((f) => f.case === 'generated');
  expect(finding?.shrunk).toBe(true);
  // Shrinking leaves out every optional property and makes strings as short as the schema allows.
  const body = JSON.parse(finding?.request.body ?? '{}') as Record<string, unknown>;
  expect(Object.keys(body).length).toBeLessThanOrEqual(3);
});

test('missing required fields are named in the negative-data findings', async () => {
  const report = await check('accepts-missing-required');
  const cases = result(report, 0, 'negative_data_rejection').findings.map((f) => f.case);
  expect(cases.some((c) => c.startsWith('mutation missing-required'))).toBe(true);
});

test('a broken server gives the same report for the same seed', async () => {
  const first = await check('wrong-field-type', 10);
  await server?.close();
  const second = await check('wrong-field-type', 10);
  const shape = (r: ContractReport) =>
    r.operations.map((op) => op.checks.map((c) => `${c.check}:${c.status}:${c.cases}:${c.failures}`));
  expect(shape(second)).toEqual(shape(first));
});
