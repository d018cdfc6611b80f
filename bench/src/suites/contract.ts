// 3. The contract suite against the mock: total time of the root `pnpm contract` (its cached build step, the CLI's
// start, the in-process mock and every check) and cases per second, where a case is one request sent and its
// response checked against the spec (the generated valid requests and every other probe).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatCount, formatSeconds } from '../format.js';
import { median } from '../stats.js';
import { type Suite, type SuiteContext, SuiteSkipped } from '../suite.js';

/** The parts of the contract CLI's JSON report read here. */
export interface ContractReport {
  durationMs: number;
  stats: { requests: number; generatedCases: number };
  totals: { passed: number; failed: number; skipped: number };
}

export interface ContractRun {
  wallMs: number;
  checkingMs: number;
  cases: number;
  generatedCases: number;
  checksPassed: number;
  checksFailed: number;
}

/** A fixed seed: every run sends the same requests. */
const SEED = '1';

export function readContractReport(text: string): ContractReport {
  const report = JSON.parse(text) as Partial<ContractReport>;
  if (
    typeof report.durationMs !== 'number' ||
    typeof report.stats?.requests !== 'number' ||
    typeof report.totals?.passed !== 'number'
  ) {
    throw new Error('the contract report has no durationMs, stats.requests or totals');
  }
  return report as ContractReport;
}

function runCommand(
  command: string,
  args: string[],
  cwd: string,
): Promise<{ ms: number; code: number; output: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      output = (output + chunk).slice(-50_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - started, code: code ?? 1, output }));
  });
}

export const contractSuite: Suite = {
  id: 'contract',
  title: 'Contract suite against the mock',
  async run(context: SuiteContext) {
    const pkg = JSON.parse(readFileSync(join(context.root, 'package.json'), 'utf8'));
    if (!pkg.scripts?.contract) {
      throw new SuiteSkipped('the root package.json has no `contract` script');
    }
    const count = context.quick ? 1 : 3;
    const reportFile = join(context.tmpDir, 'contract-report.json');
    const args = ['run', '--silent', 'contract', '--seed', SEED, '--report', 'json', '--output', reportFile];
    const runs: ContractRun[] = [];
    for (let i = -1; i < count; i++) {
      // Run -1 is the warm-up: it also leaves turbo's cache complete, so timed runs never build.
      context.log(i < 0 ? 'contract: pnpm contract, warm-up' : `contract: pnpm contract, run ${i + 1}/${count}`);
      const result = await runCommand('pnpm', args, context.root);
      if (result.code !== 0) {
        throw new Error(`pnpm contract exited ${result.code}: ${result.output.slice(-1500)}`);
      }
      if (i < 0) {
        continue;
      }
      const report = readContractReport(readFileSync(reportFile, 'utf8'));
      runs.push({
        wallMs: result.ms,
        checkingMs: report.durationMs,
        cases: report.stats.requests,
        generatedCases: report.stats.generatedCases,
        checksPassed: report.totals.passed,
        checksFailed: report.totals.failed,
      });
    }
    const wallMs = median(runs.map((r) => r.wallMs));
    const checkingMs = median(runs.map((r) => r.checkingMs));
    const cases = median(runs.map((r) => r.cases));
    const casesPerSecond = cases / (wallMs / 1000);
    const checkingCasesPerSecond = cases / (checkingMs / 1000);
    const last = runs.at(-1) as ContractRun;
    return {
      data: { seed: SEED, runs, wallMs, checkingMs, cases, casesPerSecond, checkingCasesPerSecond },
      tables: [
        {
          title: 'Contract suite against the mock',
          columns: [
            'Command',
            'cases',
            'checks passed / failed',
            'total time',
            'cases/s (total)',
            'cases/s (checking)',
          ],
          rows: [
            [
              `pnpm contract --seed ${SEED}`,
              `${formatCount(cases)} (${formatCount(last.generatedCases)} generated)`,
              `${formatCount(last.checksPassed)} / ${formatCount(last.checksFailed)}`,
              formatSeconds(wallMs),
              formatCount(casesPerSecond),
              formatCount(checkingCasesPerSecond),
            ],
          ],
          notes: [
            `A case is one request sent to the in-process mock and its response checked against the spec. Total time is the whole command (its cached turbo build step, the CLI's start, the mock's start); checking is the CLI's own timer. Median of ${count} runs after a warm-up run.`,
          ],
        },
      ],
      targets: [],
    };
  },
};
