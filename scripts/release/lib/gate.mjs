// The breaking-change gate: compare the spec with the last released one and demand a major changeset for
// the spec packages when something breaks.
import { execFileSync } from 'node:child_process';
import {
  bundleAtRef,
  bundleFile,
  bundleWorkingTree,
  diffSpecs,
  formatReport,
  requiredBump,
} from '@nox-energy/spec-diff';
import { bumpCovers, maxBump, pendingBumps } from './changesets.mjs';
import { RELEASE_TAG_PACKAGE, SPEC_PACKAGES, workspacePackages } from './workspace.mjs';

/** @typedef {import('./changesets.mjs').Bump} Bump */
/** @typedef {import('@nox-energy/spec-diff').SpecChange} SpecChange */
/**
 * @typedef {object} GateOptions
 * @property {string} root repository root
 * @property {string} [base] a git ref to compare with
 * @property {string} [baseFile] a spec file to compare with
 * @property {string} [headFile] compare this file instead of the working tree's spec
 */
/**
 * @typedef {object} GateResult
 * @property {boolean} ok
 * @property {string} baseLabel
 * @property {SpecChange[]} changes
 * @property {Bump} needed
 * @property {Map<string, Bump>} planned bump each spec package gets (pending changesets + versions already bumped)
 * @property {string[]} messages readable lines, the verdict last
 * @property {boolean} compared false when there was nothing to compare with (no release yet): then the only
 *   message explains why, and it is no verdict on changes
 */

/**
 * @param {string} text
 * @returns {[number, number, number, string] | undefined}
 */
export function parseVersion(text) {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] ?? ''] : undefined;
}

/**
 * @param {string} a
 * @param {string} b
 */
export function compareVersions(a, b) {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) {
    return 0;
  }
  for (let i = 0; i < 3; i++) {
    const d = /** @type {number} */ (x[i]) - /** @type {number} */ (y[i]);
    if (d) {
      return d;
    }
  }
  if (x[3] === y[3]) {
    return 0;
  }
  return x[3] === '' ? 1 : y[3] === '' ? -1 : x[3] < y[3] ? -1 : 1;
}

/**
 * The bump from one version to another (what `changeset version` already applied).
 * @param {string} from
 * @param {string} to
 * @returns {Bump}
 */
export function bumpBetween(from, to) {
  const x = parseVersion(from);
  const y = parseVersion(to);
  if (!x || !y || compareVersions(to, from) <= 0) {
    return 'none';
  }
  if (y[0] > x[0]) {
    return 'major';
  }
  return y[1] > x[1] ? 'minor' : 'patch';
}

/**
 * The newest release tag reachable from HEAD (`@nox-energy/types@<version>`).
 * @param {string} root
 * @returns {{ tag: string, version: string } | undefined}
 */
export function latestReleaseTag(root) {
  const out = execFileSync('git', ['tag', '--merged', 'HEAD', '--list', `${RELEASE_TAG_PACKAGE}@*`], {
    cwd: root,
    encoding: 'utf8',
  });
  const tags = out
    .split('\n')
    .map((tag) => tag.trim())
    .filter((tag) => parseVersion(tag.slice(RELEASE_TAG_PACKAGE.length + 1)))
    .map((tag) => ({ tag, version: tag.slice(RELEASE_TAG_PACKAGE.length + 1) }))
    .sort((a, b) => compareVersions(b.version, a.version));
  return tags[0];
}

/** @param {string} root */
function isShallow(root) {
  try {
    return (
      execFileSync('git', ['rev-parse', '--is-shallow-repository'], { cwd: root, encoding: 'utf8' }).trim() === 'true'
    );
  } catch {
    return false;
  }
}

/**
 * @param {GateOptions} options
 * @returns {Promise<GateResult>}
 */
export async function runGate(options) {
  const { root } = options;
  /** @type {string[]} */
  const messages = [];
  /** @type {Record<string, any>} */
  let base;
  let baseLabel;
  /** @type {string | undefined} */
  let baseVersion;

  if (options.baseFile) {
    base = await bundleFile(options.baseFile);
    baseLabel = `the file ${options.baseFile}`;
  } else {
    let ref = options.base;
    if (!ref) {
      const latest = latestReleaseTag(root);
      if (!latest) {
        const hint = isShallow(root)
          ? ' This is a shallow clone: fetch the tags (git fetch --tags --unshallow) first.'
          : '';
        messages.push(
          `No previous release: no git tag matches ${RELEASE_TAG_PACKAGE}@*, so there is nothing to compare the spec with. The gate passes.${hint}`,
        );
        return {
          ok: true,
          compared: false,
          baseLabel: 'nothing',
          changes: [],
          needed: 'none',
          planned: new Map(),
          messages,
        };
      }
      ref = latest.tag;
    }
    try {
      execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: root, stdio: 'ignore' });
    } catch {
      throw new Error(`--base ${ref} is not a git ref in ${root}`);
    }
    base = await bundleAtRef(root, ref);
    baseLabel = ref;
    if (ref.startsWith(`${RELEASE_TAG_PACKAGE}@`)) {
      baseVersion = ref.slice(RELEASE_TAG_PACKAGE.length + 1);
    }
  }
  const head = await (options.headFile ? bundleFile(options.headFile) : bundleWorkingTree(root));
  const changes = diffSpecs(base, head);
  const needed = requiredBump(changes);

  messages.push(
    `Spec changes since ${baseLabel}: ${changes.length ? `${changes.length}, needing a ${needed} bump` : 'none'}.`,
  );
  if (changes.length) {
    messages.push(formatReport(changes));
  }

  const { bumps } = await pendingBumps(root);
  const packages = new Map(workspacePackages(root).map((p) => [p.name, p]));
  /** @type {Map<string, Bump>} */
  const planned = new Map();
  for (const name of SPEC_PACKAGES) {
    const current = packages.get(name)?.version;
    const applied = baseVersion && current ? bumpBetween(baseVersion, current) : 'none';
    planned.set(name, maxBump(bumps.get(name) ?? 'none', applied));
  }
  const short = [...planned].map(([name, bump]) => `${name}: ${bump}`).join(', ');
  const missing = SPEC_PACKAGES.filter((name) => !bumpCovers(planned.get(name) ?? 'none', needed));

  if (needed === 'major' && missing.length) {
    messages.push(
      [
        `FAIL: the spec has breaking changes since ${baseLabel}, and no pending changeset asks for a major bump of ${missing.join(' and ')} (planned: ${short}).`,
        `Either undo the breaking change, or run \`pnpm changeset\`, select ${SPEC_PACKAGES.join(' and ')}, choose "major" and describe what breaks for users.`,
      ].join('\n'),
    );
    return { ok: false, compared: true, baseLabel, changes, needed, planned, messages };
  }
  if (missing.length && needed !== 'none') {
    messages.push(
      `Note: the spec changes ask for a ${needed} bump of ${missing.join(' and ')}; no pending changeset asks for one yet (planned: ${short}). Run \`pnpm changeset\` before releasing.`,
    );
  }
  messages.push(
    needed === 'major'
      ? `OK: the breaking changes come with a major bump (${short}).`
      : 'OK: no breaking change in the spec.',
  );
  return { ok: true, compared: true, baseLabel, changes, needed, planned, messages };
}
