import { describe, expect, it } from 'vitest';
import { formatBytes, formatMs, formatPercent, formatRatio } from '../src/format.js';
import {
  type BenchResults,
  renderConsole,
  renderMarkdown,
  renderMarkdownTable,
  renderTextTable,
  statusOf,
} from '../src/report.js';

const results: BenchResults = {
  machine: { cpu: 'Test CPU', cores: 2, memoryGb: 8, os: 'Linux 6 x64', node: 'v20.0.0' },
  date: '2026-01-02T03:04:05.000Z',
  durationMs: 61_000,
  loadAverage: { start: 0.5, end: 1.25 },
  suites: [
    {
      id: 'size',
      title: 'Bundle size',
      data: {},
      durationMs: 1,
      tables: [{ title: 'Bundle size', columns: ['Bundle', 'bytes'], rows: [['a | b', '12']], notes: ['brotli 11'] }],
      targets: [{ target: 'size <= 10 kB', measured: '12 B', status: 'met' }],
    },
    {
      id: 'contract',
      title: 'Contract suite',
      skipped: 'no contract script',
      data: null,
      durationMs: 0,
      tables: [],
      targets: [],
    },
    {
      id: 'mock',
      title: 'Mock',
      data: {},
      durationMs: 1,
      tables: [],
      targets: [{ target: 'mock >= 10x Prism', measured: '4.0x', status: 'not met' }],
    },
  ],
};

describe('tables', () => {
  it('renders Markdown with a header separator and escapes pipes in cells', () => {
    expect(renderMarkdownTable({ columns: ['A', 'B'], rows: [['x|y', '1']] })).toBe(
      '| A | B |\n| --- | --- |\n| x\\|y | 1 |',
    );
  });
  it('pads text columns to the widest cell', () => {
    expect(renderTextTable({ columns: ['A', 'Bee'], rows: [['long cell', '1']] }).split('\n')).toEqual([
      'A          Bee',
      '---------  ---',
      'long cell  1',
    ]);
  });
  it('states the machine, the date, every target with its status and why a suite did not run', () => {
    const md = renderMarkdown(results);
    expect(md).toContain('Test CPU, 2 cores, 8 GB RAM, Linux 6 x64; Node v20.0.0; 2026-01-02');
    expect(md).toContain('load average 0.5 at the start, 1.3 at the end');
    expect(md).toContain('| size <= 10 kB | 12 B | met |');
    expect(md).toContain('| mock >= 10x Prism | 4.0x | not met |');
    expect(md).toContain('Not run: no contract script');
    expect(md).toContain('- brotli 11');
    const text = renderConsole(results);
    expect(text).toContain('not run: no contract script');
    expect(text).toMatch(/mock >= 10x Prism\s+4\.0x\s+not met/);
  });
});

describe('statusOf', () => {
  it('is met or not met from the comparison, and not measured when the figure is missing', () => {
    expect(statusOf(true, 1)).toBe('met');
    expect(statusOf(false, 1)).toBe('not met');
    expect(statusOf(false, Number.NaN)).toBe('not measured');
    expect(statusOf(undefined)).toBe('not measured');
  });
});

describe('formats', () => {
  it('writes figures with their unit', () => {
    expect(formatPercent(0.034)).toBe('+3.4%');
    expect(formatPercent(-0.2)).toBe('-20.0%');
    expect(formatRatio(10.42)).toBe('10.4x');
    expect(formatRatio(0.514)).toBe('0.51x');
    expect(formatMs(0.423)).toBe('0.42 ms');
    expect(formatBytes(2604)).toBe('2,604 B (2.5 kB)');
    expect(formatPercent(Number.NaN)).toBe('n/a');
  });
});
