// 3. The contract suite against the mock: total time and cases per second of the root `pnpm contract`.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatCount, formatSeconds } from '../format.js';
import { median } from '../stats.js';
import { type Suite, type SuiteContext, SuiteSkipped } from '../suite.js';

interface ContractRun {
  ms: number;
  cases: number;
  passed: number;
  failed: number;
}

/** The case counts of the contract suite's closing line, `N passed, N failed` (`, N skipped` may follow). */
export function parseCaseCounts(output: string): { passed: number; failed: number; skipped: number } | undefined {
  const matches = [...output.matchAll(/(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/g)];
  const last = matches.at(-1);
  if (!last) {
    return undefined;
  }
  return { passed: Number(last[1]), failed: Number(last[2]), skipped: Number(last[3] ?? 0) };
}

function runContract(root: string): Promise<{ ms: number; code: number; output: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn('pnpm', ['run', '--silent', 'contract'], {
      cwd: root,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      output = (output + chunk).slice(-200_000);
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
      throw new SuiteSkipped('the root package.json has no `contract` script yet');
    }
    const count = context.quick ? 1 : 3;
    const runs: ContractRun[] = [];
    for (let i = 0; i < count; i++) {
      context.log(`contract: pnpm contract, run ${i + 1}/${count}`);
      const result = await runContract(context.root);
      const counts = parseCaseCounts(result.output);
      if (!counts) {
        throw new Error(
          `pnpm contract printed no "N passed, N failed" line (exit ${result.code}): ${result.output.slice(-1500)}`,
        );
      }
      runs.push({ ms: result.ms, cases: counts.passed + counts.failed, passed: counts.passed, failed: counts.failed });
    }
    const ms = median(runs.map((r) => r.ms));
    const cases = median(runs.map((r) => r.cases));
    const casesPerSecond = cases / (ms / 1000);
    const failed = Math.max(...runs.map((r) => r.failed));
    return {
      data: { runs, ms, cases, casesPerSecond },
      tables: [
        {
          title: 'Contract suite against the mock',
          columns: ['Command', 'cases', 'total time', 'cases/s', 'failed cases'],
          rows: [
            ['pnpm contract', formatCount(cases), formatSeconds(ms), formatCount(casesPerSecond), formatCount(failed)],
          ],
          notes: [
            `Wall time of the whole command (process start and the mock's start included), median of ${count} runs.`,
          ],
        },
      ],
      targets: [],
    };
  },
};
