#!/usr/bin/env node
// `pnpm check:packages`: packs every published package as `pnpm publish` would and checks the tarballs:
// the manifest (exports with types for ESM and CJS, files, engines, license, repository, README), publint
// (strict) and arethetypeswrong; then installs them into CommonJS, ESM and TypeScript (node16, bundler)
// consumer projects and runs those on Node 20, 22 and 24; then the client's size budget.
//
//   node scripts/release/check-packages.mjs [--no-smoke] [--no-size]
// Exit code 1 when any check fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { nodeMatrix } from './lib/node-matrix.mjs';
import { formatBytes, packAll } from './lib/pack.mjs';
import { checkManifest, checkPrivateImports, runAttw, runPublint } from './lib/package-checks.mjs';
import { checkBudgets } from './lib/size.mjs';
import { prepareConsumers, removeConsumers, runConsumers } from './lib/smoke.mjs';

const { values } = parseArgs({
  options: { 'no-smoke': { type: 'boolean', default: false }, 'no-size': { type: 'boolean', default: false } },
});
const out = mkdtempSync(join(tmpdir(), 'nox-packs-'));
let failures = 0;
const fail = (/** @type {string} */ line) => {
  failures++;
  console.log(`  ✗ ${line}`);
};

try {
  const packs = packAll(out);
  console.log('Packages (as they would be published):');
  for (const pkg of packs) {
    console.log(
      `${pkg.name}@${pkg.version}  ${formatBytes(pkg.size)} packed, ${formatBytes(pkg.unpackedSize)} unpacked, ${pkg.files.length} files`,
    );
    const manifest = [...checkManifest(pkg), ...checkPrivateImports(pkg)];
    const publint = await runPublint(pkg);
    const attw = await runAttw(pkg);
    for (const problem of manifest) {
      fail(`manifest: ${problem}`);
    }
    for (const problem of publint.problems) {
      fail(`publint: ${problem}`);
    }
    for (const problem of attw) {
      fail(`attw: ${problem}`);
    }
    for (const suggestion of publint.suggestions) {
      console.log(`  · publint suggests: ${suggestion}`);
    }
    if (!manifest.length && !publint.problems.length && !attw.length) {
      console.log('  ✓ manifest, publint, arethetypeswrong');
    }
  }

  if (!values['no-smoke']) {
    const nodes = nodeMatrix();
    const started = performance.now();
    const { dir, installMs, compileMs } = await prepareConsumers(packs);
    try {
      const results = await runConsumers(dir, nodes);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `\nConsumer smoke tests (${results.length} runs on Node ${nodes.map((n) => n.version).join(', ')}; ` +
          `npm install ${(installMs / 1000).toFixed(1)} s, tsc ${(compileMs / 1000).toFixed(1)} s, ${seconds} s in all):`,
      );
      for (const r of results) {
        if (r.ok) {
          console.log(`  ✓ ${r.consumer} on Node ${r.node} (${(r.ms / 1000).toFixed(1)} s)`);
        } else {
          fail(`${r.consumer} on Node ${r.node}:\n${r.output.replace(/^/gm, '      ')}`);
        }
      }
    } finally {
      removeConsumers(dir);
    }
  }

  if (!values['no-size']) {
    console.log('\nSize budget (ESM entry + dependencies, minified, brotli):');
    for (const r of await checkBudgets()) {
      const line = `${r.name}: ${r.brotli} B brotli (${r.minified} B minified, ${r.gzip} B gzip), budget ${r.budget} B`;
      if (r.ok) {
        console.log(`  ✓ ${line}`);
      } else {
        fail(`${line}: over budget`);
      }
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}

console.log(failures ? `\ncheck-packages: ${failures} problem(s)` : '\ncheck-packages: every check passed');
process.exit(failures ? 1 : 0);
