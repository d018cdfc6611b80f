// `pnpm bench`: runs every benchmark suite one after the other, prints the tables, and writes bench/results.json and
// bench/results.md. Speed never fails this command: a missed target is reported as `not met`; only a suite that
// could not measure (a crash) makes the exit code non-zero.
//
//   node bench/dist/cli.js [--only client-stub,size] [--quick] [--no-write]
// Results are written by a full run only (neither --only nor --quick).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machineInfo } from './machine.js';
import { type BenchResults, renderConsole, renderMarkdown, type SuiteResult } from './report.js';
import { type Suite, SuiteSkipped } from './suite.js';
import { buildSuite } from './suites/build.js';
import { clientHttpSuite, clientStubSuite } from './suites/client.js';
import { contractSuite } from './suites/contract.js';
import { mockLoadSuite } from './suites/mock-load.js';
import { mockWorldSuite } from './suites/mock-world.js';
import { paginateSuite } from './suites/paginate.js';
import { sizeSuite } from './suites/size.js';
import { specGrowthSuite } from './suites/spec-growth.js';
import { webhooksSuite } from './suites/webhooks.js';

/** In the order of the issue: client, mock, contract suite, build, size. CPU-heavy suites never overlap. */
const SUITES: Suite[] = [
  clientStubSuite,
  clientHttpSuite,
  paginateSuite,
  webhooksSuite,
  mockLoadSuite,
  mockWorldSuite,
  contractSuite,
  buildSuite,
  specGrowthSuite,
  sizeSuite,
];

const benchDir = fileURLToPath(new URL('..', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

async function main(): Promise<number> {
  const usage = `Usage: pnpm bench [--only ${SUITES.map((s) => s.id).join(',')}] [--quick] [--no-write]
  --only      run only these suites (comma-separated)
  --quick     short smoke runs (results are not written)
  --no-write  print the tables without writing bench/results.json and bench/results.md`;
  let values: { only?: string; quick?: boolean; 'no-write'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        only: { type: 'string' },
        quick: { type: 'boolean', default: false },
        'no-write': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const only = values.only?.split(',').map((id) => id.trim());
  const unknown = only?.filter((id) => !SUITES.some((s) => s.id === id)) ?? [];
  if (unknown.length > 0) {
    console.error(`Unknown suite(s): ${unknown.join(', ')}. Suites: ${SUITES.map((s) => s.id).join(', ')}.`);
    return 2;
  }
  const suites = only ? SUITES.filter((s) => only.includes(s.id)) : SUITES;
  const started = performance.now();
  const loadAtStart = loadavg()[0] ?? Number.NaN;
  const tmpDir = mkdtempSync(join(tmpdir(), 'nox-bench-'));
  const log = (line: string) => console.log(`[bench ${((performance.now() - started) / 1000).toFixed(0)}s] ${line}`);
  const results: SuiteResult[] = [];
  let crashed = 0;
  try {
    for (const suite of suites) {
      const suiteStarted = performance.now();
      const base = { id: suite.id, title: suite.title };
      try {
        const output = await suite.run({ quick: values.quick ?? false, root, tmpDir, log });
        results.push({ ...base, ...output, durationMs: performance.now() - suiteStarted });
      } catch (error) {
        const skipped = error instanceof SuiteSkipped;
        crashed += skipped ? 0 : 1;
        const reason = skipped ? error.message : `failed: ${error instanceof Error ? error.message : String(error)}`;
        log(`${suite.id}: not run, ${reason}`);
        results.push({ ...base, skipped: reason, data: null, tables: [], targets: [], durationMs: 0 });
      }
    }
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }

  const report: BenchResults = {
    machine: machineInfo(),
    date: new Date().toISOString(),
    durationMs: performance.now() - started,
    loadAverage: { start: loadAtStart, end: loadavg()[0] ?? Number.NaN },
    suites: results,
  };
  console.log(`\n${renderConsole(report)}`);
  if (values.quick || only) {
    console.log('\n(--quick or --only: results not written)');
  } else if (!values['no-write']) {
    writeFileSync(join(benchDir, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(benchDir, 'results.md'), renderMarkdown(report));
    console.log(`\nWrote ${join(benchDir, 'results.json')} and results.md`);
  }
  return crashed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
