// The released API versions: the git tags `@nox-energy/types@<x.y.z>` that changesets pushes when it
// publishes. The types package is the API's version (the client shares it: they are one fixed group), and it
// is the tag the breaking-change gate compares with. Prereleases (`-next.0`) are left out: they are not a
// version a reader should pick from a list.
import { execFileSync } from 'node:child_process';

/** The package whose release tags mark an API version. */
export const RELEASE_TAG_PACKAGE = '@nox-energy/types';

/**
 * @typedef {object} Release
 * @property {string} version e.g. `1.2.0`
 * @property {string} tag e.g. `@nox-energy/types@1.2.0`
 * @property {string} date the tag's date (the tagger's, or the commit's for a lightweight tag), `YYYY-MM-DD`
 * @property {string} commit the commit the tag points to
 */

/**
 * @param {string} text
 * @returns {[number, number, number] | undefined}
 */
export function parseStableVersion(text) {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/**
 * Newest first.
 * @param {string} a
 * @param {string} b
 */
export function newestFirst(a, b) {
  const x = parseStableVersion(a) ?? [0, 0, 0];
  const y = parseStableVersion(b) ?? [0, 0, 0];
  return y[0] - x[0] || y[1] - x[1] || y[2] - x[2];
}

/**
 * Every release reachable from HEAD, newest first.
 * @param {string} root a git checkout
 * @returns {Release[]}
 */
export function listReleases(root) {
  const out = execFileSync(
    'git',
    [
      'for-each-ref',
      '--merged',
      'HEAD',
      '--format=%(refname:strip=2)%09%(creatordate:short)%09%(objectname)%09%(*objectname)',
      `refs/tags/${RELEASE_TAG_PACKAGE}@*`,
    ],
    { cwd: root, encoding: 'utf8' },
  );
  /** @type {Release[]} */
  const releases = [];
  for (const line of out.split('\n').filter(Boolean)) {
    const [tag = '', date = '', object = '', peeled = ''] = line.split('\t');
    const version = tag.slice(RELEASE_TAG_PACKAGE.length + 1);
    if (parseStableVersion(version)) {
      releases.push({ version, tag, date, commit: peeled || object });
    }
  }
  return releases.sort((a, b) => newestFirst(a.version, b.version));
}

/**
 * The release tag before `tag` (the previous version), if any.
 * @param {Release[]} releases newest first
 * @param {string} tag
 */
export function previousRelease(releases, tag) {
  const i = releases.findIndex((r) => r.tag === tag);
  return i === -1 ? undefined : releases[i + 1];
}
