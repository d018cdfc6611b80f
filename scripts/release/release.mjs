#!/usr/bin/env node
// `pnpm release [--dry-run]`: build everything, run the release checks, then publish.
//
//   1. `turbo run build` (spec lint + bundle, generated files, every package);
//   2. checks: generated files up to date, the breaking-change gate, the package checks (manifest, publint,
//      arethetypeswrong, consumer smoke tests on Node 20/22/24, size budget);
//   3. `changeset publish`: publishes each public package whose version is not on npm yet and tags it
//      `<name>@<version>`. With --dry-run it publishes nothing and lists what would be published instead.
//
// On GitHub Actions it publishes through npm trusted publishing (OIDC, provenance): it refuses to start
// without the workflow's id-token or with an npm too old for it, rather than fail halfway.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pendingBumps } from './lib/changesets.mjs';
import { formatBytes, packAll } from './lib/pack.mjs';
import { repoRoot } from './lib/workspace.mjs';

const { values } = parseArgs({
  options: { 'dry-run': { type: 'boolean', default: false }, 'skip-checks': { type: 'boolean', default: false } },
});
const dryRun = values['dry-run'] === true;
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
};

/**
 * @param {string} title
 * @param {string} cmd
 * @param {string[]} args
 */
function step(title, cmd, args) {
  console.log(`\n=== release: ${title}`);
  const { status } = spawnSync(cmd, args, { cwd: repoRoot, env, stdio: 'inherit' });
  if (status !== 0) {
    console.error(`\nrelease: "${title}" failed; nothing was published.`);
    process.exit(1);
  }
}

/** Trusted publishing needs the workflow's OIDC token and npm >= 11.5.1; say so before building. */
function checkPublishCredentials() {
  if (process.env.GITHUB_ACTIONS !== 'true') {
    console.log('release: not on GitHub Actions: publishing with your own npm login, without provenance.');
    return;
  }
  if (process.env.NODE_AUTH_TOKEN || process.env.NPM_TOKEN) {
    console.error('release: an npm token is set; this repository publishes with OIDC only. Remove the token.');
    process.exit(1);
  }
  if (!process.env.ACTIONS_ID_TOKEN_REQUEST_URL) {
    console.error('release: no OIDC token: the workflow needs `permissions: id-token: write`.');
    process.exit(1);
  }
  const version = execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim();
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  if (major < 11 || (major === 11 && (minor < 5 || (minor === 5 && patch < 1)))) {
    console.error(`release: npm ${version} cannot publish with OIDC; trusted publishing needs npm 11.5.1 or later.`);
    process.exit(1);
  }
}

/**
 * Whether name@version is on the registry: true, false, or undefined when the registry did not answer.
 * @param {string} name
 * @param {string} version
 */
function onRegistry(name, version) {
  const r = spawnSync('npm', ['view', `${name}@${version}`, 'version', '--json'], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (r.status === 0) {
    return r.stdout.trim() !== '';
  }
  return /E404|404 Not Found/.test(`${r.stdout}${r.stderr}`) ? false : undefined;
}

/** What `changeset publish` would do, without doing it. */
async function describePublish() {
  const out = mkdtempSync(join(tmpdir(), 'nox-release-'));
  try {
    const packs = packAll(out);
    console.log('\n=== release: dry run: what `changeset publish` would publish (tag latest, access public)');
    let count = 0;
    for (const pkg of packs) {
      const published = onRegistry(pkg.name, pkg.version);
      const verdict =
        published === true
          ? 'already on npm: skipped'
          : published === false
            ? 'would be published'
            : 'would be published if not on npm yet (the registry did not answer)';
      if (published !== true) {
        count++;
      }
      console.log(
        `  ${pkg.name}@${pkg.version}: ${verdict}; ${pkg.files.length} files, ${formatBytes(pkg.size)} packed, ${formatBytes(pkg.unpackedSize)} unpacked`,
      );
      for (const file of pkg.files) {
        console.log(`      ${formatBytes(file.size).padStart(9)}  ${file.path}`);
      }
    }
    const { bumps, files } = await pendingBumps(repoRoot);
    console.log(
      `\n${count} package(s) would be published, each tagged <name>@<version> in git.` +
        (files.length
          ? ` ${files.length} pending changeset(s) (${[...bumps].map(([n, b]) => `${n}: ${b}`).join(', ')}) are not part of this release: \`pnpm version-packages\` turns them into versions first.`
          : ''),
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (!dryRun) {
  checkPublishCredentials();
}
step('build', 'pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
if (!values['skip-checks']) {
  step('generated files are up to date', 'node', ['scripts/check-generated.mjs']);
  step('no breaking spec change without a major changeset', 'node', ['scripts/release/check-breaking.mjs']);
  step('package checks', 'node', ['scripts/release/check-packages.mjs']);
}
if (dryRun) {
  await describePublish();
  step('pnpm publish --dry-run (the registry decides what is new)', 'pnpm', [
    'publish',
    '-r',
    '--dry-run',
    '--no-git-checks',
  ]);
  console.log('\nrelease: dry run done; nothing was published.');
} else {
  step('changeset publish', 'pnpm', ['exec', 'changeset', 'publish']);
  if (process.env.GITHUB_ACTIONS !== 'true') {
    console.log('\nrelease: published. Push the new tags: git push --follow-tags');
  }
}
