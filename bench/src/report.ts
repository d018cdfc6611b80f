// The shape of the results (bench/results.json) and their two renderings: a Markdown table
// (bench/results.md, pasted into the README) and a plain-text table for the console.
import type { MachineInfo } from './machine.js';

/** A table of formatted cells; the raw figures live in the suite's `data`. */
export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
  /** How it was measured, in a sentence or two each. */
  notes?: string[];
}

export type TargetStatus = 'met' | 'not met' | 'not measured';

export interface TargetResult {
  /** What is promised, e.g. "client overhead over openapi-fetch (stubbed fetch) <= 10%". */
  target: string;
  /** What was measured, formatted. */
  measured: string;
  status: TargetStatus;
}

export interface SuiteResult {
  id: string;
  title: string;
  /** Why the suite did not run, when it did not. */
  skipped?: string;
  /** Every raw figure of the suite. */
  data: unknown;
  tables: Table[];
  targets: TargetResult[];
  durationMs: number;
}

export interface BenchResults {
  machine: MachineInfo;
  date: string;
  durationMs: number;
  /** 1-minute load average at the start and at the end of the run: other work on the machine skews absolute figures. */
  loadAverage: { start: number; end: number };
  suites: SuiteResult[];
}

/** met / not met from a boolean; `not measured` when the figure is missing (NaN or undefined). */
export function statusOf(met: boolean | undefined, figure?: number): TargetStatus {
  if (met === undefined || (figure !== undefined && !Number.isFinite(figure))) {
    return 'not measured';
  }
  return met ? 'met' : 'not met';
}

const escapeCell = (cell: string) => cell.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function renderMarkdownTable(table: Pick<Table, 'columns' | 'rows'>): string {
  const lines = [
    `| ${table.columns.map(escapeCell).join(' | ')} |`,
    `| ${table.columns.map(() => '---').join(' | ')} |`,
    ...table.rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
  ];
  return lines.join('\n');
}

export function renderTextTable(table: Pick<Table, 'columns' | 'rows'>): string {
  const widths = table.columns.map((column, i) =>
    Math.max(column.length, ...table.rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(table.columns), line(widths.map((w) => '-'.repeat(w))), ...table.rows.map(line)].join('\n');
}

function targetsTable(results: BenchResults): Table {
  return {
    title: 'Targets',
    columns: ['Target', 'Measured', 'Status'],
    rows: results.suites.flatMap((suite) =>
      suite.targets.map((t) => [t.target, t.measured, t.status === 'met' ? 'met' : t.status]),
    ),
  };
}

export function machineLine(results: BenchResults): string {
  const m = results.machine;
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, ${m.os}; Node ${m.node}; ${results.date.slice(0, 10)}`;
}

export function renderMarkdown(results: BenchResults): string {
  const parts = [
    '# Benchmark results',
    '',
    `Measured on ${machineLine(results)} (the whole run took ${Math.round(results.durationMs / 1000)} s; 1-minute load average ${results.loadAverage.start.toFixed(1)} at the start, ${results.loadAverage.end.toFixed(1)} at the end).`,
    'Headlines are ratios to a peer measured in the same run; how each figure was taken (runs, warm-up, median) is under its table.',
    '',
    '## Targets',
    '',
    renderMarkdownTable(targetsTable(results)),
  ];
  for (const suite of results.suites) {
    parts.push('', `## ${suite.title}`, '');
    if (suite.skipped) {
      parts.push(`Not run: ${suite.skipped}`);
      continue;
    }
    suite.tables.forEach((table, i) => {
      if (i > 0) {
        parts.push('');
      }
      if (table.title !== suite.title) {
        parts.push(`### ${table.title}`, '');
      }
      parts.push(renderMarkdownTable(table));
      if (table.notes?.length) {
        parts.push('', ...table.notes.map((note) => `- ${note}`));
      }
    });
  }
  return `${parts.join('\n').trimEnd()}\n`;
}

export function renderConsole(results: BenchResults): string {
  const parts = [`Benchmarks: ${machineLine(results)}`, ''];
  for (const suite of results.suites) {
    parts.push(`== ${suite.title}`);
    if (suite.skipped) {
      parts.push(`not run: ${suite.skipped}`, '');
      continue;
    }
    for (const table of suite.tables) {
      if (table.title !== suite.title) {
        parts.push(`-- ${table.title}`);
      }
      parts.push(renderTextTable(table), '');
    }
  }
  parts.push('== Targets', renderTextTable(targetsTable(results)));
  return parts.join('\n');
}
