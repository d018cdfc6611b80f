#!/usr/bin/env node
// `pnpm version-packages`: turns the pending changesets into versions and changelogs (`changeset version`),
// then regenerates every generated file (`turbo run generate`), so that whatever embeds a version or is
// derived from a package.json is committed in step with the new versions. The release workflow runs it to
// open the "Version packages" pull request; run it by hand to see what that pull request would contain.
import { execFileSync, spawnSync } from 'node:child_process';
import { repoRoot } from './lib/workspace.mjs';

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', REDOCLY_TELEMETRY: 'off' };

/**
 * @param {string} title
 * @param {string[]} args
 */
function pnpm(title, args) {
  console.log(`\n=== version-packages: ${title}`);
  const { status } = spawnSync('pnpm', args, { cwd: repoRoot, env, stdio: 'inherit' });
  if (status !== 0) {
    console.error(`version-packages: "${title}" failed`);
    process.exit(1);
  }
}

pnpm('changeset version', ['exec', 'changeset', 'version']);
pnpm('regenerate generated files', ['exec', 'turbo', 'run', 'generate', '--output-logs=errors-only']);
const changed = execFileSync('git', ['status', '--short'], { cwd: repoRoot, encoding: 'utf8' }).trim();
console.log(`\nversion-packages: changed files:\n${changed || '(none)'}`);
