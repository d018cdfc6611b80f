// 5. Size: what the client adds to an app bundle (each entry point: main with openapi-fetch, pagination, webhooks), beside openapi-fetch
// alone and axios. Each is bundled by esbuild for the browser (minified, everything it exports kept) and compressed
// with brotli (quality 11) and gzip (level 9) from node:zlib.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { formatBytes, formatRatio } from '../format.js';
import { statusOf, type TargetResult } from '../report.js';
import { ratio } from '../stats.js';
import type { Suite, SuiteContext } from '../suite.js';

export interface SizeFigures {
  name: string;
  /** The entry module bundled, e.g. `export * from 'openapi-fetch'`. */
  entry: string;
  minified: number;
  gzip: number;
  brotli: number;
}

const ENTRIES = [
  {
    name: '@nox-energy/client (with openapi-fetch)',
    entry: "export * from '@nox-energy/client';",
    budgetKey: '@nox-energy/client',
  },
  {
    name: '@nox-energy/client/pagination',
    entry: "export * from '@nox-energy/client/pagination';",
    budgetKey: '@nox-energy/client/pagination',
  },
  {
    name: '@nox-energy/client/webhooks',
    entry: "export * from '@nox-energy/client/webhooks';",
    budgetKey: '@nox-energy/client/webhooks',
  },
  { name: 'openapi-fetch alone', entry: "export * from 'openapi-fetch'; export { default } from 'openapi-fetch';" },
  { name: 'axios', entry: "export * from 'axios'; export { default } from 'axios';" },
];

export async function measureBundle(name: string, entry: string, resolveDir: string): Promise<SizeFigures> {
  const result = await build({
    stdin: { contents: entry, resolveDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents;
  if (!code) {
    throw new Error(`esbuild produced no output for ${name}`);
  }
  return {
    name,
    entry,
    minified: code.byteLength,
    gzip: gzipSync(code, { level: 9 }).byteLength,
    brotli: brotliCompressSync(code, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: code.byteLength },
    }).byteLength,
  };
}

/** An entry point's brotli budget of the release checks (scripts/release/size-budget.json), when there is one. */
function budgetOf(root: string, key: string | undefined): number | undefined {
  const file = join(root, 'scripts/release/size-budget.json');
  if (!key || !existsSync(file)) {
    return undefined;
  }
  const budget = JSON.parse(readFileSync(file, 'utf8')).budgets?.[key]?.brotli;
  return typeof budget === 'number' ? budget : undefined;
}

export const sizeSuite: Suite = {
  id: 'size',
  title: 'Bundle size',
  async run(context: SuiteContext) {
    const resolveDir = new URL('..', import.meta.url).pathname;
    const sizes: SizeFigures[] = [];
    for (const { name, entry } of ENTRIES) {
      context.log(`size: ${name}`);
      sizes.push(await measureBundle(name, entry, resolveDir));
    }
    const client = sizes[0] as SizeFigures;
    const targets: TargetResult[] = [];
    const budgets: Record<string, number> = {};
    for (const [index, { budgetKey }] of ENTRIES.entries()) {
      const budget = budgetOf(context.root, budgetKey);
      const size = sizes[index] as SizeFigures;
      if (budget !== undefined) {
        budgets[size.name] = budget;
        targets.push({
          target: `${budgetKey === '@nox-energy/client' ? 'client' : budgetKey} min + brotli <= ${formatBytes(budget)} (release size budget)`,
          measured: formatBytes(size.brotli),
          status: statusOf(size.brotli <= budget, size.brotli),
        });
      }
    }
    return {
      data: { sizes, clientBudgetBrotli: budgets[client.name] ?? null, budgetsBrotli: budgets },
      tables: [
        {
          title: 'Bundle size',
          columns: ['Bundle', 'min', 'min + gzip', 'min + brotli', 'brotli vs client'],
          rows: sizes.map((s) => [
            s.name,
            formatBytes(s.minified),
            formatBytes(s.gzip),
            formatBytes(s.brotli),
            s === client ? '-' : formatRatio(ratio(s.brotli, client.brotli)),
          ]),
          notes: [
            'esbuild bundle for the browser, minified, ES2022, everything the package exports kept; brotli quality 11, gzip level 9.',
            'The release checks (pnpm size) enforce the budget; here it is only reported.',
          ],
        },
      ],
      targets,
    };
  },
};
