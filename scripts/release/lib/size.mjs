// What the client costs a browser or edge bundle: its ESM entry bundled with every dependency (openapi-fetch
// included), minified, then brotli-compressed at the highest level, as size-limit's esbuild preset measures.
// esbuild and node:zlib directly: size-limit 14 needs Node 22, and this needs nothing more.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

/** The budget file: bytes, min + brotli, per package. */
export const BUDGET_FILE = resolve(here, '../size-budget.json');

/**
 * @typedef {object} SizeReport
 * @property {string} name
 * @property {string} entry
 * @property {number} minified bytes
 * @property {number} brotli bytes
 * @property {number} gzip bytes
 * @property {string[]} inputs the packages inside the bundle
 */

/**
 * @param {string} name a package the release tools depend on, or one of its entry points (e.g.
 *   `@nox-energy/client/webhooks`): that ESM entry is measured
 * @returns {Promise<SizeReport>}
 */
export async function measure(name) {
  const require = createRequire(join(here, '../package.json'));
  const [, packageName = name, subpath = ''] = /^((?:@[^/]+\/)?[^/]+)(\/.*)?$/.exec(name) ?? [];
  const manifestPath = require.resolve(`${packageName}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const exported = manifest.exports[`.${subpath}`];
  if (!exported?.import?.default) {
    throw new Error(`${packageName} exports no ESM entry "${`.${subpath}`}"`);
  }
  const entry = resolve(dirname(manifestPath), exported.import.default);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = /** @type {import('esbuild').OutputFile} */ (result.outputFiles[0]).contents;
  const inputs = new Set(
    Object.keys(result.metafile.inputs).map((file) => {
      const m = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(file);
      return m ? (m[1] ?? file) : packageName;
    }),
  );
  return {
    name,
    entry,
    minified: code.byteLength,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
    gzip: gzipSync(code, { level: 9 }).byteLength,
    inputs: [...inputs].sort(),
  };
}

/** @returns {Record<string, { brotli: number, why: string }>} */
export function readBudgets() {
  return JSON.parse(readFileSync(BUDGET_FILE, 'utf8')).budgets;
}

/**
 * Measures every package that has a budget and compares.
 * @returns {Promise<Array<SizeReport & { budget: number, ok: boolean }>>}
 */
export async function checkBudgets() {
  const budgets = readBudgets();
  const out = [];
  for (const [name, { brotli }] of Object.entries(budgets)) {
    const report = await measure(name);
    out.push({ ...report, budget: brotli, ok: report.brotli <= brotli });
  }
  return out;
}
