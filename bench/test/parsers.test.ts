import { describe, expect, it } from 'vitest';
import { editOneLine, parseTurboSummary } from '../src/suites/build.js';
import { parseCaseCounts } from '../src/suites/contract.js';

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

describe('parseCaseCounts', () => {
  it('takes the last closing line, with or without skipped cases', () => {
    expect(parseCaseCounts('a: 1 passed, 0 failed\nall: 120 passed, 2 failed, 3 skipped\n')).toEqual({
      passed: 120,
      failed: 2,
      skipped: 3,
    });
    expect(parseCaseCounts('no counts here')).toBeUndefined();
  });
});
