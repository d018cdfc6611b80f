#!/usr/bin/env node
// The breaking-change gate (root: `pnpm check:breaking`; report only: `pnpm spec:diff`).
//
//   node scripts/release/check-breaking.mjs [--base <git-ref> | --base-file <spec>] [--head-file <spec>]
//                                           [--report-only] [--json] [--root <repo>]
//
// Compares the bundled spec with the last release (the newest `@nox-energy/types@*` tag reachable from HEAD,
// or --base / --base-file), prints every difference as breaking, feature or fix, and exits 1 when something
// breaks and no pending changeset asks for a major bump of @nox-energy/types and @nox-energy/client.
// Exit codes: 0 pass, 1 breaking change without a major changeset, 2 could not compare.
// --report-only (`pnpm spec:diff`) prints the differences without the verdict and exits 0 (2 on an error); with
// no release tag yet it prints the same explanation as the gate and exits 0: there is nothing to compare.
import { parseArgs } from 'node:util';
import { runGate } from './lib/gate.mjs';
import { repoRoot } from './lib/workspace.mjs';

/** @type {ReturnType<typeof parseArgs>['values']} */
let args;
try {
  args = parseArgs({
    options: {
      base: { type: 'string' },
      'base-file': { type: 'string' },
      'head-file': { type: 'string' },
      'report-only': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      root: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  console.error(`check-breaking: ${/** @type {Error} */ (error).message}`);
  process.exit(2);
}

if (args.help) {
  console.log(
    'Usage: check-breaking [--base <git-ref> | --base-file <openapi.(json|yaml)>] [--head-file <spec>] [--report-only] [--json]',
  );
  process.exit(0);
}
if (args.base && args['base-file']) {
  console.error('check-breaking: give --base or --base-file, not both');
  process.exit(2);
}

try {
  const result = await runGate({
    root: typeof args.root === 'string' ? args.root : repoRoot,
    base: typeof args.base === 'string' ? args.base : undefined,
    baseFile: typeof args['base-file'] === 'string' ? args['base-file'] : undefined,
    headFile: typeof args['head-file'] === 'string' ? args['head-file'] : undefined,
  });
  if (args.json) {
    console.log(
      JSON.stringify(
        {
          ok: result.ok,
          base: result.baseLabel,
          needed: result.needed,
          planned: Object.fromEntries(result.planned),
          changes: result.changes,
        },
        null,
        2,
      ),
    );
  } else {
    // The report leaves out the gate's verdict; without a release to compare with, the explanation is all there is.
    const lines = args['report-only'] && result.compared ? result.messages.slice(0, -1) : result.messages;
    console.log(lines.join('\n'));
  }
  process.exit(result.ok || args['report-only'] ? 0 : 1);
} catch (error) {
  console.error(`check-breaking: ${/** @type {Error} */ (error).message}`);
  process.exit(2);
}
