import { describe, expect, it } from 'vitest';
import { parseProcStatCpuMs } from '../src/load.js';
import { editOneLine, parseTurboSummary } from '../src/suites/build.js';
import { readContractReport } from '../src/suites/contract.js';

describe('parseTurboSummary', () => {
  it("reads the task and cache counts from turbo's closing lines", () => {
    const output = ' Tasks:    9 successful, 9 total\nCached:    4 cached, 9 total\n  Time:    3.2s';
    expect(parseTurboSummary(output)).toEqual({ tasks: 9, cached: 4 });
  });
  it('fails loudly when turbo printed no summary', () => {
    expect(() => parseTurboSummary('ERROR run failed')).toThrow(/no turbo summary/);
  });
});

describe('editOneLine', () => {
  it('changes exactly one one-line description and keeps every other line', () => {
    const yaml = 'post:\n  summary: Create\n  description: Creates a session.\n  tags: [x]\n  description: Other.\n';
    const { text, line } = editOneLine(yaml);
    expect(line).toBe(3);
    const before = yaml.split('\n');
    const after = text.split('\n');
    expect(after.filter((l, i) => l !== before[i])).toEqual([
      '  description: Creates a session, as edited for the build benchmark.',
    ]);
  });
  it('refuses a file without a one-line description', () => {
    expect(() => editOneLine('description: |\n  Block text.\n')).toThrow(/no one-line description/);
  });
});

describe('readContractReport', () => {
  it('reads the counts and the duration of the JSON report', () => {
    const text = JSON.stringify({
      durationMs: 700,
      stats: { requests: 385, generatedCases: 300, requestsPerSecond: 550 },
      totals: { passed: 42, failed: 0, skipped: 0, not_applicable: 3 },
    });
    expect(readContractReport(text)).toMatchObject({
      durationMs: 700,
      stats: { requests: 385 },
      totals: { passed: 42 },
    });
  });
  it('refuses a report without the counts instead of timing nothing', () => {
    expect(() => readContractReport(JSON.stringify({ durationMs: 700, totals: { passed: 1 } }))).toThrow(/stats/);
  });
});

describe('parseProcStatCpuMs', () => {
  it('adds utime and stime (in 1/100 s) even when the command name holds spaces and parentheses', () => {
    const stat = '4242 (node (worker) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 37 0 0 20 0 11 0 1000 0 0';
    expect(parseProcStatCpuMs(stat)).toBe(2870);
  });
  it("reads the exited children's cutime and cstime", () => {
    const stat = '4242 (node) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 37 1000 24 20 0 11 0 1000 0 0';
    expect(parseProcStatCpuMs(stat, 'children')).toBe(10240);
  });
});
