// Builds everything this package publishes, from spec/ (the single source):
//   1. `redocly lint` under the strict configuration (redocly.yaml): any finding fails the build;
//   2. the bundled spec with curl and TypeScript samples on every operation (x-codeSamples):
//      dist/openapi.json and dist/openapi.yaml;
//   3. the static site dist/site/: index.html (Redoc, self-contained), the two spec files beside it and
//      the license notices of the inlined Redoc bundle.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { readTypeScriptSamples, withCodeSamples } from './lib/code-samples.mjs';
import { runRedocly } from './lib/redocly.mjs';
import { downloadFiles, readRedocBundle, readRedocLicenses, redocLicenseFile, renderIndexHtml } from './lib/site.mjs';

// --root: the folder holding spec/ and redocly.yaml (default: the repository); --out: where dist goes.
const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({ options: { root: { type: 'string' }, out: { type: 'string' } } });
const root = resolve(args.root ?? join(pkg, '../..'));
const dist = resolve(args.out ?? join(pkg, 'dist'));
const site = join(dist, 'site');
const typeScriptSamplesDir = join(root, 'spec/code-samples/typescript');
const started = performance.now();

const fail = (/** @type {string} */ message) => {
  console.error(`docs build failed: ${message}`);
  process.exit(1);
};

// Lint and bundle read the same files; they run side by side and the build uses the bundle only if lint is clean.
const [lint, bundle] = await Promise.all([
  runRedocly(['lint', '--config', 'redocly.yaml', '--max-problems', '1000', '--format', 'stylish'], { cwd: root }),
  runRedocly(['bundle', 'nox', '--config', 'redocly.yaml', '--ext', 'json'], { cwd: root }),
]);
if (lint.code !== 0) {
  process.stderr.write(lint.stdout + lint.stderr);
  fail('redocly lint found problems in spec/ (strict configuration: every finding is an error)');
}
if (bundle.code !== 0) {
  process.stderr.write(bundle.stderr);
  fail('redocly bundle failed');
}

/** @type {any} */
let spec;
try {
  spec = withCodeSamples(JSON.parse(bundle.stdout), readTypeScriptSamples(typeScriptSamplesDir));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

/** @type {Record<string, string>} */
const specFiles = {
  'openapi.json': `${JSON.stringify(spec, null, 2)}\n`,
  'openapi.yaml': stringify(spec, { lineWidth: 0, aliasDuplicateObjects: false }),
};
rmSync(site, { recursive: true, force: true });
mkdirSync(site, { recursive: true });
for (const [file, text] of Object.entries(specFiles)) {
  writeFileSync(join(dist, file), text);
}
for (const file of downloadFiles) {
  writeFileSync(join(site, file), specFiles[file] ?? fail(`no content for ${file}`));
}
writeFileSync(join(site, 'index.html'), renderIndexHtml(spec, readRedocBundle()));
writeFileSync(join(site, redocLicenseFile), readRedocLicenses());

const ms = Math.round(performance.now() - started);
const shown = (/** @type {string} */ path) => relative(process.cwd(), path) || '.';
console.log(`docs: lint clean; wrote ${shown(dist)}/openapi.{json,yaml} and ${shown(site)}/ in ${ms} ms`);
