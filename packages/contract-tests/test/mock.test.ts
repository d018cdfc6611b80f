// `pnpm contract` as part of the test command: the whole suite against the in-process mock passes.
import { expect, test } from 'vitest';
import { CHECK_NAMES, DEFAULT_NUM_RUNS, formatText, runContractSuite, startInProcessMock } from '../src/index.js';

test('the mock passes every check of the suite', async () => {
  const mock = await startInProcessMock();
  try {
    // A fixed seed keeps the test command reproducible; `pnpm contract` draws a new one each run.
    const report = await runContractSuite({
      baseUrls: mock.baseUrls,
      apiKeys: mock.apiKeys,
      seed: 20240601,
      mock: true,
    });
    const summary = formatText(report);
    console.log(summary);
    expect(summary).toContain('RESULT: PASS');
    expect(report.ok).toBe(true);
    expect(report.totals.failed).toBe(0);
    expect(report.totals.skipped).toBe(0);
    expect(report.stats.generatedCases).toBe(DEFAULT_NUM_RUNS * report.operations.length);
    // Every check ran against at least one operation of the mock.
    const passed = new Set(
      report.operations.flatMap((op) => op.checks.filter((c) => c.status === 'passed').map((c) => c.check)),
    );
    expect([...passed].sort()).toEqual([...CHECK_NAMES].sort());
  } finally {
    await mock.close();
  }
});
