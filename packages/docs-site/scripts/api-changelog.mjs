#!/usr/bin/env node
// `pnpm api:changelog`: the API changes between two versions as Markdown, the text of the changelog page.
// The release workflow adds it to the GitHub release notes of @nox-energy/types and @nox-energy/client; the
// docs workflow writes it to a pull request's job summary.
//
//   node packages/docs-site/scripts/api-changelog.mjs [--to <release tag | git ref>] [--from <git ref>]
//        [--site-url <url of the hosted site>] [--root <repo>] [--include-fixes]
//
// --to: a release tag (default: the working tree). --from: default the release before --to (for a tag), or
// the newest release (for the working tree). With --site-url, each operation links to its reference there.
// Exit codes: 0 printed (also "nothing to compare with"), 2 usage or a ref that does not exist.
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleAtRef, bundleWorkingTree, changelogMarkdown, diffSpecs } from '@nox-energy/spec-diff';
import { redocAnchor } from './lib/pages.mjs';
import { listReleases, RELEASE_TAG_PACKAGE } from './lib/releases.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** @type {ReturnType<typeof parseArgs>['values']} */
let args;
try {
  args = parseArgs({
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      'site-url': { type: 'string' },
      root: { type: 'string' },
      'include-fixes': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  console.error(`api:changelog: ${/** @type {Error} */ (error).message}`);
  process.exit(2);
}
if (args.help) {
  console.log('Usage: pnpm api:changelog [--to <release tag>] [--from <git ref>] [--site-url <url>] [--include-fixes]');
  process.exit(0);
}

const root = resolve(typeof args.root === 'string' ? args.root : repo);
const releases = listReleases(root);
const to = typeof args.to === 'string' ? args.to : undefined;
/** @param {string} ref */
const exists = (ref) => {
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: root, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
for (const ref of [to, args.from]) {
  if (typeof ref === 'string' && !exists(ref)) {
    console.error(`api:changelog: ${ref} is not a git ref in ${root}`);
    process.exit(2);
  }
}
/** The version a release tag names, else the ref itself. */
const versionOf = (/** @type {string} */ ref) =>
  ref.startsWith(`${RELEASE_TAG_PACKAGE}@`) ? ref.slice(RELEASE_TAG_PACKAGE.length + 1) : ref;

let from = typeof args.from === 'string' ? args.from : undefined;
if (!from) {
  const i = to ? releases.findIndex((r) => r.tag === to) : -1;
  from = to ? releases[i + 1]?.tag : releases[0]?.tag;
  if (to && i === -1) {
    console.error(`api:changelog: ${to} is not a release tag (${RELEASE_TAG_PACKAGE}@x.y.z): give --from`);
    process.exit(2);
  }
}
const toLabel = to ? versionOf(to) : 'the working tree';
if (!from) {
  console.log(
    to
      ? `## API changes in ${toLabel}\n\nThe first release: no earlier version to compare with.`
      : '## API changes in the working tree\n\nNo release yet: nothing to compare the working tree with.',
  );
  process.exit(0);
}

const changes = diffSpecs(await bundleAtRef(root, from), await (to ? bundleAtRef(root, to) : bundleWorkingTree(root)));
const siteUrl = typeof args['site-url'] === 'string' ? args['site-url'].replace(/\/?$/, '/') : undefined;
/** The folder of a version in the hosted site, when it has one. */
const dirOf = (/** @type {string | undefined} */ ref) => {
  if (!ref) {
    return 'next';
  }
  return releases.some((r) => r.tag === ref) ? versionOf(ref) : undefined;
};
process.stdout.write(
  changelogMarkdown(changes, {
    from: versionOf(from),
    to: toLabel,
    includeFixes: args['include-fixes'] === true,
    link: (operation, side) => {
      const dir = dirOf(side === 'from' ? from : to);
      const anchor = redocAnchor(operation);
      return siteUrl && dir && anchor ? `${siteUrl}${dir}/index.html#${anchor}` : undefined;
    },
  }),
);
