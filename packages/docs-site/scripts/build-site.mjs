#!/usr/bin/env node
// `pnpm docs:site`: assembles the versioned docs site (see lib/assemble.mjs) and says what it built.
//
//   node packages/docs-site/scripts/build-site.mjs [--out <dir>] [--root <repo>]
//        [--install offline|prefer-offline|online] [--next-only]
//
// Exit codes: 0 built (a release whose tag could not be built is reported and left out), 1 the working tree's
// reference could not be built or a link is broken, 2 usage.
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { assembleSite } from './lib/assemble.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** @type {ReturnType<typeof parseArgs>['values']} */
let args;
try {
  args = parseArgs({
    options: {
      out: { type: 'string' },
      root: { type: 'string' },
      install: { type: 'string', default: 'prefer-offline' },
      'next-only': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  console.error(`docs:site: ${/** @type {Error} */ (error).message}`);
  process.exit(2);
}
if (args.help) {
  console.log(
    'Usage: pnpm docs:site [--out <dir>] [--root <repo>] [--install offline|prefer-offline|online] [--next-only]',
  );
  process.exit(0);
}
const install = String(args.install);
if (!['offline', 'prefer-offline', 'online'].includes(install)) {
  console.error(`docs:site: --install must be offline, prefer-offline or online, not "${install}"`);
  process.exit(2);
}
const root = resolve(typeof args.root === 'string' ? args.root : repo);
const out = resolve(typeof args.out === 'string' ? args.out : join(repo, 'packages/docs-site/dist/site'));

try {
  const site = await assembleSite({
    root,
    out,
    install: /** @type {'offline' | 'prefer-offline' | 'online'} */ (install),
    releases: !args['next-only'],
    log: (line) => console.log(line),
  });
  const built = site.releases.filter((v) => v.built).length;
  const left = site.releases.filter((v) => !v.built);
  console.log(
    `docs site: ${relative(process.cwd(), out) || '.'}/: ${built} release(s) + next${site.latest ? `, latest = ${site.latest.version}` : ', no release yet (no latest/)'}; ${(site.bytes / 1024 / 1024).toFixed(1)} MiB in ${(site.ms / 1000).toFixed(1)} s`,
  );
  if (left.length) {
    console.log(`docs site: left out (their tags could not be built): ${left.map((v) => v.version).join(', ')}`);
  }
} catch (error) {
  console.error(`docs:site: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
