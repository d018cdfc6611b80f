// What the pending changesets ask for, read the way `changeset version` will apply them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import readChangesets from '@changesets/read';

/** @typedef {'major' | 'minor' | 'patch' | 'none'} Bump */

const RANK = { none: 0, patch: 1, minor: 2, major: 3 };

/**
 * @param {Bump} a
 * @param {Bump} b
 * @returns {Bump}
 */
export function maxBump(a, b) {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * @param {Bump} have
 * @param {Bump} need
 */
export function bumpCovers(have, need) {
  return RANK[have] >= RANK[need];
}

/**
 * The `fixed` groups of .changeset/config.json (packages that always share one version).
 * @param {string} root
 * @returns {string[][]}
 */
export function fixedGroups(root) {
  const file = join(root, '.changeset/config.json');
  if (!existsSync(file)) {
    return [];
  }
  return JSON.parse(readFileSync(file, 'utf8')).fixed ?? [];
}

/**
 * The bump each package will get from the changesets in .changeset/, with fixed groups applied
 * (a major for one package of a fixed group is a major for all of them).
 * @param {string} root
 * @returns {Promise<{ bumps: Map<string, Bump>, files: string[] }>}
 */
export async function pendingBumps(root) {
  /** @type {Map<string, Bump>} */
  const bumps = new Map();
  if (!existsSync(join(root, '.changeset'))) {
    return { bumps, files: [] };
  }
  const changesets = await readChangesets(root);
  for (const changeset of changesets) {
    for (const release of changeset.releases) {
      bumps.set(release.name, maxBump(bumps.get(release.name) ?? 'none', release.type));
    }
  }
  for (const group of fixedGroups(root)) {
    const top = group.reduce((/** @type {Bump} */ acc, name) => maxBump(acc, bumps.get(name) ?? 'none'), 'none');
    if (top !== 'none') {
      for (const name of group) {
        bumps.set(name, top);
      }
    }
  }
  const files = readdirSync(join(root, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
  return { bumps, files };
}
