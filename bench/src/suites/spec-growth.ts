// 4b. How generation time grows with the size of the spec: scripts/synth-spec.mjs multiplies the bundled spec's
// operations and components (x1, x10, x100) and times openapi-typescript and redocly lint on each.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { formatBytes, formatCount, formatMs } from '../format.js';
import { growthExponent } from '../stats.js';
import type { Suite, SuiteContext } from '../suite.js';

export interface GrowthRow {
  factor: number;
  operations: number;
  schemas: number;
  specBytes: number;
  generatedLines: number;
  runs: number;
  openapiTypescriptMs: number;
  openapiTypescriptCpuMs: number;
  redoclyLintMs: number | null;
  redoclyLintCpuMs: number | null;
  redoclyLintClean: boolean | null;
}

const FACTORS = [1, 10, 100];

function runSynth(args: string[]): Promise<{ flags: string[]; rows: GrowthRow[] }> {
  const script = fileURLToPath(new URL('../scripts/synth-spec.mjs', import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, ...args], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`synth-spec failed: ${stderr || error.message}`));
        return;
      }
      resolve(JSON.parse(stdout));
    });
  });
}

export const specGrowthSuite: Suite = {
  id: 'spec-growth',
  title: 'Generation time by spec size',
  async run(context: SuiteContext) {
    const runs = context.quick ? 1 : 3;
    const factors = context.quick ? [1, 10] : FACTORS;
    context.log(`spec growth: x${factors.join(', x')} (${runs} runs each, 1 for the largest)`);
    const result = await runSynth([
      '--json',
      '--factors',
      factors.join(','),
      '--runs',
      String(runs),
      '--largest-runs',
      '1',
      '--out',
      `${context.tmpDir}/synth-spec`,
    ]);
    const rows = result.rows;
    const exponents: Record<string, { openapiTypescript: number; redoclyLint: number | null }> = {};
    for (let i = 1; i < rows.length; i++) {
      const a = rows[i - 1] as GrowthRow;
      const b = rows[i] as GrowthRow;
      exponents[`x${a.factor}->x${b.factor}`] = {
        openapiTypescript: growthExponent(
          a.operations,
          a.openapiTypescriptCpuMs,
          b.operations,
          b.openapiTypescriptCpuMs,
        ),
        redoclyLint:
          a.redoclyLintCpuMs && b.redoclyLintCpuMs
            ? growthExponent(a.operations, a.redoclyLintCpuMs, b.operations, b.redoclyLintCpuMs)
            : null,
      };
    }
    const growthNote = Object.entries(exponents)
      .map(
        ([step, e]) =>
          `${step}: CPU time ~ size^${e.openapiTypescript.toFixed(2)} (openapi-typescript)${e.redoclyLint === null ? '' : `, size^${e.redoclyLint.toFixed(2)} (redocly lint)`}`,
      )
      .join('; ');
    // Between the two largest specs the fixed start-up cost cancels out: what each further operation costs.
    const [big, bigger] = rows.slice(-2) as [GrowthRow, GrowthRow];
    const added = bigger.operations - big.operations;
    const perOperation = {
      openapiTypescriptMs: (bigger.openapiTypescriptCpuMs - big.openapiTypescriptCpuMs) / added,
      redoclyLintMs:
        bigger.redoclyLintCpuMs !== null && big.redoclyLintCpuMs !== null
          ? (bigger.redoclyLintCpuMs - big.redoclyLintCpuMs) / added
          : null,
    };
    const perOperationNote = `Each operation (with its schemas) beyond x${big.factor} adds ${formatMs(perOperation.openapiTypescriptMs)} of CPU to openapi-typescript${perOperation.redoclyLintMs === null ? '' : ` and ${formatMs(perOperation.redoclyLintMs)} to redocly lint`}.`;
    return {
      data: { flags: result.flags, rows, exponents, perOperation },
      tables: [
        {
          title: 'Generation time by spec size',
          columns: [
            'Spec',
            'operations',
            'schemas',
            'JSON size',
            'types (lines)',
            'openapi-typescript (wall / CPU)',
            'redocly lint (wall / CPU)',
          ],
          rows: rows.map((r) => [
            `x${r.factor}`,
            formatCount(r.operations),
            formatCount(r.schemas),
            formatBytes(r.specBytes),
            formatCount(r.generatedLines),
            `${formatMs(r.openapiTypescriptMs)} / ${formatMs(r.openapiTypescriptCpuMs)}`,
            r.redoclyLintMs === null || r.redoclyLintCpuMs === null
              ? 'n/a'
              : `${formatMs(r.redoclyLintMs)} / ${formatMs(r.redoclyLintCpuMs)}`,
          ]),
          notes: [
            `Synthetic specs from bench/scripts/synth-spec.mjs (the bundled spec's paths and components copied with new names). Wall and CPU (user + system) time of each CLI, process start included; median of ${runs} runs, one run for x${Math.max(...factors)}.`,
            `Growth between sizes: ${growthNote} (1.0 = linear; the fixed start-up cost of each CLI pulls the exponents below 1). ${perOperationNote}`,
          ],
        },
      ],
      targets: [],
    };
  },
};
