#!/usr/bin/env node
// Synthetic specs N times the size of the bundled spec, and how long the generators take on each, so that the growth
// of generation time with the number of operations is known before the real spec gets there.
//
// Copy k of the spec (k = 2..N) gets every path under `/c{k}`, every operationId and every component with a `C{k}`
// suffix, and its $refs pointed at its own components: N copies = N times the operations and the schemas, all
// distinct, all valid.
//
//   node scripts/synth-spec.mjs [--factors 1,10,100] [--runs 3] [--largest-runs 1] [--out DIR] [--json] [--no-lint]
//
// Times, per factor (median of --runs; the largest factor, which takes longest, of --largest-runs):
// openapi-typescript with the flags of @nox-energy/types' `generate` script, and `redocly lint` under the
// repository's redocly.yaml. Prints a table, or JSON with --json.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/**
 * Renames every component reference and operationId inside a copy of part of the spec.
 * @param {unknown} node
 * @param {string} suffix
 * @returns {unknown}
 */
function renameRefs(node, suffix) {
  if (Array.isArray(node)) {
    return node.map((item) => renameRefs(item, suffix));
  }
  if (node && typeof node === 'object') {
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'operationId' && typeof value === 'string') {
        out[key] = `${value}${suffix}`;
      } else {
        out[key] = renameRefs(value, suffix);
      }
    }
    return out;
  }
  if (typeof node === 'string' && node.startsWith('#/components/')) {
    const [, , section, name, ...rest] = node.split('/');
    return ['#', 'components', section, `${name}${suffix}`, ...rest].join('/');
  }
  return node;
}

/**
 * The spec with its operations and components multiplied `factor` times.
 * @param {any} spec the bundled spec
 * @param {number} factor
 */
export function multiplySpec(spec, factor) {
  if (!Number.isInteger(factor) || factor < 1) {
    throw new RangeError(`factor must be an integer >= 1, got ${factor}`);
  }
  const out = structuredClone(spec);
  for (let k = 2; k <= factor; k++) {
    const suffix = `C${k}`;
    for (const [path, item] of Object.entries(spec.paths ?? {})) {
      out.paths[`/c${k}${path}`] = renameRefs(item, suffix);
    }
    for (const [section, components] of Object.entries(spec.components ?? {})) {
      // Security schemes are named by `security` requirements, not by $ref: the copies share them.
      if (section === 'securitySchemes') {
        continue;
      }
      for (const [name, component] of Object.entries(/** @type {Record<string, unknown>} */ (components))) {
        out.components[section][`${name}${suffix}`] = renameRefs(component, suffix);
      }
    }
  }
  return out;
}

/** @param {any} spec */
export function countOperations(spec) {
  let count = 0;
  for (const item of Object.values(spec.paths ?? {})) {
    count += Object.keys(/** @type {object} */ (item)).filter((key) => HTTP_METHODS.has(key)).length;
  }
  return count;
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const at = (/** @type {number} */ i) => sorted[i] ?? Number.NaN;
  return sorted.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

/**
 * CPU time (ms) of this process's exited children, from /proc/self/stat (cutime + cstime, in 1/100 s); NaN elsewhere.
 * Read before and after a command, it gives the command's CPU time whatever else the machine runs.
 */
function exitedChildrenCpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return Number.NaN;
  }
}

/**
 * Runs a Node CLI and resolves with its wall and CPU time in ms and its exit code.
 * @param {string} script
 * @param {string[]} args
 * @param {string} cwd
 */
function timeNode(script, args, cwd) {
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
  const started = performance.now();
  const cpuBefore = exitedChildrenCpuMs();
  return new Promise((resolvePromise) => {
    execFile(process.execPath, [script, ...args], { cwd, env, maxBuffer: 256 * 1024 * 1024 }, (error, _o, stderr) => {
      resolvePromise({
        ms: performance.now() - started,
        cpuMs: exitedChildrenCpuMs() - cpuBefore,
        code: error ? Number(error.code ?? 1) : 0,
        stderr: String(stderr).slice(-2000),
      });
    });
  });
}

/** The arguments of @nox-energy/types' generate script, less its input and output. */
function typesGenerateFlags() {
  const pkg = JSON.parse(readFileSync(join(root, 'packages/types/package.json'), 'utf8'));
  const words = String(pkg.scripts?.generate ?? '')
    .split(/\s+/)
    .filter(Boolean);
  const flags = [];
  for (let i = 1; i < words.length; i++) {
    const word = /** @type {string} */ (words[i]);
    if (word === '-o' || word === '--output') {
      i++;
    } else if (word.startsWith('-')) {
      flags.push(word);
    }
  }
  return flags;
}

/**
 * @param {{ factors: number[], runs: number, largestRuns?: number, outDir: string, lint: boolean, log?: (line: string) => void }} options
 */
export async function measureGrowth({ factors, runs, largestRuns = runs, outDir, lint, log = () => {} }) {
  const spec = JSON.parse(readFileSync(require.resolve('@nox-energy/docs/openapi.json'), 'utf8'));
  const openapiTs = join(dirname(require.resolve('openapi-typescript/package.json')), 'bin/cli.js');
  const redocly = require.resolve('@redocly/cli/bin/cli.js');
  const flags = typesGenerateFlags();
  mkdirSync(outDir, { recursive: true });
  const rows = [];
  const largest = Math.max(...factors);
  for (const factor of factors) {
    const factorRuns = factor === largest ? largestRuns : runs;
    const synthetic = multiplySpec(spec, factor);
    const specFile = join(outDir, `openapi-x${factor}.json`);
    const typesFile = join(outDir, `openapi-x${factor}.ts`);
    writeFileSync(specFile, JSON.stringify(synthetic, null, 2));
    /** @type {{ ms: number, cpuMs: number }[]} */
    const generateRuns = [];
    /** @type {{ ms: number, cpuMs: number }[]} */
    const lintRuns = [];
    let lintClean = true;
    for (let run = 0; run < factorRuns; run++) {
      log(`spec x${factor}: openapi-typescript run ${run + 1}/${factorRuns}`);
      const generated = /** @type {{ ms: number, cpuMs: number, code: number, stderr: string }} */ (
        // In outDir: openapi-typescript would otherwise take the APIs of the repository's redocly.yaml.
        await timeNode(openapiTs, [specFile, ...flags, '-o', typesFile], outDir)
      );
      if (generated.code !== 0) {
        throw new Error(`openapi-typescript failed on x${factor}: ${generated.stderr}`);
      }
      generateRuns.push({ ms: generated.ms, cpuMs: generated.cpuMs });
      if (lint) {
        log(`spec x${factor}: redocly lint run ${run + 1}/${factorRuns}`);
        const linted = /** @type {{ ms: number, cpuMs: number, code: number }} */ (
          await timeNode(
            redocly,
            ['lint', specFile, '--config', join(root, 'redocly.yaml'), '--format', 'summary'],
            outDir,
          )
        );
        lintRuns.push({ ms: linted.ms, cpuMs: linted.cpuMs });
        lintClean &&= linted.code === 0;
      }
    }
    rows.push({
      factor,
      operations: countOperations(synthetic),
      schemas: Object.keys(synthetic.components?.schemas ?? {}).length,
      specBytes: statSync(specFile).size,
      generatedLines: readFileSync(typesFile, 'utf8').split('\n').length,
      runs: factorRuns,
      openapiTypescriptMs: median(generateRuns.map((r) => r.ms)),
      openapiTypescriptCpuMs: median(generateRuns.map((r) => r.cpuMs)),
      openapiTypescriptRuns: generateRuns,
      redoclyLintMs: lint ? median(lintRuns.map((r) => r.ms)) : null,
      redoclyLintCpuMs: lint ? median(lintRuns.map((r) => r.cpuMs)) : null,
      redoclyLintRuns: lintRuns,
      redoclyLintClean: lint ? lintClean : null,
    });
  }
  return { flags, rows };
}

async function main() {
  const { values } = parseArgs({
    options: {
      factors: { type: 'string', default: '1,10,100' },
      runs: { type: 'string', default: '3' },
      'largest-runs': { type: 'string', default: '1' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      'no-lint': { type: 'boolean', default: false },
    },
  });
  const factors = String(values.factors).split(',').map(Number);
  const runs = Number(values.runs);
  const outDir = values.out ?? mkdtempSync(join(tmpdir(), 'nox-synth-spec-'));
  const log = values.json ? () => {} : (/** @type {string} */ line) => console.error(line);
  try {
    const largestRuns = Number(values['largest-runs']);
    const result = await measureGrowth({ factors, runs, largestRuns, outDir, lint: !values['no-lint'], log });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    const ms = (/** @type {number | null} */ value) => (value === null ? '-' : `${Math.round(value)} ms`);
    console.log('factor  operations  spec bytes  openapi-typescript (wall/CPU)  redocly lint (wall/CPU)');
    for (const row of result.rows) {
      console.log(
        [
          `x${row.factor}`.padEnd(6),
          String(row.operations).padEnd(10),
          String(row.specBytes).padEnd(10),
          `${ms(row.openapiTypescriptMs)} / ${ms(row.openapiTypescriptCpuMs)}`.padEnd(29),
          `${ms(row.redoclyLintMs)} / ${ms(row.redoclyLintCpuMs)}`,
        ].join('  '),
      );
    }
  } finally {
    if (!values.out) {
      rmSync(outDir, { recursive: true, force: true });
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
