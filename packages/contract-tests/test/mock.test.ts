// `pnpm contract` as part of the test command: the whole suite against the in-process mock passes.
import { FIXTURE_OPERATION_IDS, withFixtureOperations } from '@nox-energy/spec-reader/fixtures';
import { expect, test } from 'vitest';
import {
  CHECK_NAMES,
  DEFAULT_NUM_RUNS,
  formatJson,
  formatJunit,
  formatText,
  loadBundledSpec,
  runContractSuite,
  startInProcessMock,
} from '../src/index.js';

test('the mock passes every check of the suite', async () => {
  const mock = await startInProcessMock();
  try {
    // A fixed seed keeps the test command reproducible; `pnpm contract` draws a new one each run.
    const report = await runContractSuite({
      baseUrls: mock.baseUrls,
      apiKeys: mock.apiKeys,
      seed: 20240601,
      values: mock.values,
      operationValues: mock.operationValues,
      mock: true,
      includeDeprecated: true,
    });
    const summary = formatText(report);
    console.log(summary);
    expect(summary).toContain('RESULT: PASS');
    expect(report.ok).toBe(true);
    expect(report.totals.failed).toBe(0);
    expect(report.totals.skipped).toBe(0);
    const notImplemented = report.operations.filter((op) => op.notImplemented).map((op) => op.operationId);
    const checked = report.operations.length - notImplemented.length;
    expect(checked).toBeGreaterThan(0);
    expect(report.stats.generatedCases).toBe(DEFAULT_NUM_RUNS * checked);
    // Every check ran against at least one operation of the mock.
    const passed = new Set(
      report.operations.flatMap((op) => op.checks.filter((c) => c.status === 'passed').map((c) => c.check)),
    );
    expect([...passed].sort()).toEqual([...CHECK_NAMES].sort());
    // The mock serves every operation of the spec, and the suite checks every one.
    expect(mock.unserved).toEqual([]);
    expect(notImplemented).toEqual([]);
  } finally {
    await mock.close();
  }
});

test('on a spec with operations the mock does not serve, the suite reports those as not implemented', async () => {
  const spec = withFixtureOperations(loadBundledSpec());
  const mock = await startInProcessMock({ spec });
  try {
    const numRuns = 20;
    const report = await runContractSuite({
      spec,
      baseUrls: mock.baseUrls,
      apiKeys: mock.apiKeys,
      seed: 7,
      numRuns,
      values: mock.values,
      operationValues: mock.operationValues,
      includeDeprecated: true,
    });
    const notImplemented = report.operations.filter((op) => op.notImplemented).map((op) => op.operationId);
    // Not vacuous: the fixture's made-up operations are unserved (its listDevices and getDeviceSettings have
    // handlers), and the suite names exactly those.
    expect(mock.unserved).toEqual(['patchDeviceSettings', 'connectUserToNoxV1']);
    expect([...FIXTURE_OPERATION_IDS]).toEqual(expect.arrayContaining(mock.unserved));
    expect(notImplemented).toEqual(mock.unserved);
    const byId = Object.fromEntries(report.operations.map((op) => [op.operationId, op]));
    // Paginated lists and PATCHes are checked like any operation: only the mock's 501 marks them.
    expect(byId.listDevices?.notImplemented).toBeUndefined();
    expect(byId.patchDeviceSettings?.notImplemented).toMatch(/^the server answers 501 Not Implemented/);
    // The suite can send this one; the mock's 501 (after the key check) is what marks it.
    expect(byId.connectUserToNoxV1?.notImplemented).toMatch(
      /^the server answers 501 Not Implemented: \{"error":"connectUserToNoxV1: not implemented by the mock yet/,
    );

    // Never passed, never a failure of the server: the run passes on what was checked.
    for (const id of notImplemented) {
      expect(byId[id]?.checks.every((check) => check.status === 'not_implemented')).toBe(true);
    }
    expect(report.ok).toBe(true);
    expect(report.totals.failed).toBe(0);
    expect(report.totals.not_implemented).toBe(notImplemented.length * CHECK_NAMES.length);
    const checked = report.operations.length - notImplemented.length;
    expect(checked).toBeGreaterThan(0);
    expect(report.stats.generatedCases).toBe(numRuns * checked);
    expect(report.stats.cases.failed).toBe(0);

    // Every report format says so.
    const text = formatText(report);
    expect(text).toContain(
      `not implemented (not checked): ${notImplemented.length} operations: ${notImplemented.join(', ')}`,
    );
    expect(text).toMatch(
      /patchDeviceSettings: PATCH \/v1\/devices\/settings - NOT IMPLEMENTED: the server answers 501/,
    );
    expect(text).not.toContain('cannot check it yet');
    expect(text).toContain('RESULT: PASS');
    const json = JSON.parse(formatJson(report));
    expect(json.operations.filter((op: { notImplemented?: string }) => op.notImplemented).length).toBe(
      notImplemented.length,
    );
    expect(json.totals.not_implemented).toBe(notImplemented.length * CHECK_NAMES.length);
    const junit = formatJunit(report);
    const suite = /<testsuite name="connectUserToNoxV1"[^>]*>[\s\S]*?<\/testsuite>/.exec(junit)?.[0] ?? '';
    expect(suite).toContain(`skipped="${CHECK_NAMES.length}"`);
    expect(suite).toContain('failures="0"');
    expect(suite.match(/<skipped message="not implemented: the server answers 501/g)?.length).toBe(CHECK_NAMES.length);
    expect(suite).not.toContain('<failure');
  } finally {
    await mock.close();
  }
});
