// Installs the packed tarballs into throw-away consumer projects and runs them on every Node.js of the
// matrix: CommonJS, ES modules, and TypeScript with `moduleResolution` node16 (CommonJS) and bundler (ESM).
//
// The consumers live in the system's temp folder, outside the workspace, so that Node's module resolution
// cannot fall back on the workspace's node_modules: only what the tarballs and their declared dependencies
// bring is there. One `npm install` serves all four consumers and every Node version.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const tsc = resolve(here, '../node_modules/typescript/bin/tsc');
/** The @types/node the TypeScript consumers compile with (the workspace's pin). */
const TYPES_NODE = '20.19.43';

/** @typedef {import('./pack.mjs').PackedPackage} PackedPackage */
/**
 * @typedef {object} Consumer
 * @property {string} name folder under smoke/consumers
 * @property {string} entry what node runs, relative to the folder
 * @property {boolean} typescript compiled with tsc first
 */
/** @type {Consumer[]} */
export const CONSUMERS = [
  { name: 'cjs', entry: 'index.cjs', typescript: false },
  { name: 'esm', entry: 'index.mjs', typescript: false },
  { name: 'ts-node16', entry: 'dist/index.js', typescript: true },
  { name: 'ts-bundler', entry: 'dist/index.js', typescript: true },
];

/**
 * @typedef {object} SmokeResult
 * @property {string} consumer
 * @property {string} node
 * @property {boolean} ok
 * @property {string} output
 * @property {number} ms
 */

/**
 * Creates the consumer projects, installs the tarballs once and compiles the TypeScript consumers.
 * @param {PackedPackage[]} packs
 * @returns {Promise<{ dir: string, installMs: number, compileMs: number }>}
 */
export async function prepareConsumers(packs) {
  const dir = mkdtempSync(join(tmpdir(), 'nox-consumers-'));
  /** @type {Record<string, string>} */
  const local = Object.fromEntries(packs.map((p) => [p.name, `file:${p.tarball}`]));
  const manifest = {
    name: 'nox-consumers',
    private: true,
    // Every @nox-energy/* dependency of a tarball resolves to its sibling tarball, never to the registry.
    dependencies: { ...local, '@types/node': TYPES_NODE },
    overrides: local,
  };
  try {
    return await installAndCompile(dir, manifest);
  } catch (error) {
    removeConsumers(dir);
    throw error;
  }
}

/**
 * @param {string} dir
 * @param {Record<string, unknown>} manifest
 */
async function installAndCompile(dir, manifest) {
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const consumer of CONSUMERS) {
    cpSync(resolve(here, '../smoke/consumers', consumer.name), join(dir, consumer.name), { recursive: true });
  }
  let started = performance.now();
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: dir });
  const installMs = performance.now() - started;
  started = performance.now();
  await Promise.all(
    CONSUMERS.filter((c) => c.typescript).map(async (consumer) => {
      try {
        await run(process.execPath, [tsc, '-p', join(dir, consumer.name, 'tsconfig.json')]);
      } catch (error) {
        const out = /** @type {{ stdout?: string }} */ (error).stdout || String(error);
        throw new Error(`the ${consumer.name} consumer does not compile against the packed types:\n${out}`);
      }
    }),
  );
  return { dir, installMs, compileMs: performance.now() - started };
}

/**
 * Runs every consumer on every Node.js given, two at a time.
 * @param {string} dir from prepareConsumers
 * @param {{ version: string, bin: string }[]} nodes
 * @returns {Promise<SmokeResult[]>}
 */
export async function runConsumers(dir, nodes) {
  const jobs = nodes.flatMap((node) => CONSUMERS.map((consumer) => ({ node, consumer })));
  /** @type {SmokeResult[]} */
  const results = [];
  const worker = async () => {
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      const { node, consumer } = job;
      const started = performance.now();
      const cwd = join(dir, consumer.name);
      try {
        const { stdout, stderr } = await run(node.bin, [consumer.entry], { cwd, timeout: 60_000 });
        results.push({
          consumer: consumer.name,
          node: node.version,
          ok: true,
          output: `${stdout}${stderr}`.trim(),
          ms: performance.now() - started,
        });
      } catch (error) {
        const e = /** @type {{ stdout?: string, stderr?: string, message: string }} */ (error);
        const output = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim() || e.message;
        results.push({
          consumer: consumer.name,
          node: node.version,
          ok: false,
          output,
          ms: performance.now() - started,
        });
      }
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

/** @param {string} dir */
export function removeConsumers(dir) {
  rmSync(dir, { recursive: true, force: true });
}
