// The workspace's packages, as pnpm-workspace.yaml lists them.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

/** The repository root (this file is scripts/release/lib/workspace.mjs). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * @typedef {object} WorkspacePackage
 * @property {string} name
 * @property {string} version
 * @property {string} dir absolute
 * @property {boolean} private
 * @property {Record<string, any>} manifest
 */

/**
 * @param {string} [root]
 * @returns {WorkspacePackage[]}
 */
export function workspacePackages(root = repoRoot) {
  const config = join(root, 'pnpm-workspace.yaml');
  /** @type {string[]} */
  const patterns = existsSync(config) ? (parseYaml(readFileSync(config, 'utf8'))?.packages ?? []) : ['packages/*'];
  /** @type {string[]} */
  const dirs = [];
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      continue;
    }
    if (pattern.endsWith('/*')) {
      const parent = join(root, pattern.slice(0, -2));
      if (existsSync(parent)) {
        for (const name of readdirSync(parent).sort()) {
          dirs.push(join(parent, name));
        }
      }
    } else {
      dirs.push(join(root, pattern));
    }
  }
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')) && statSync(dir).isDirectory())
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      return { name: manifest.name, version: manifest.version, dir, private: manifest.private === true, manifest };
    });
}

/**
 * The packages that get published to npm.
 * @param {string} [root]
 */
export function publishedPackages(root = repoRoot) {
  return workspacePackages(root).filter((p) => !p.private);
}

/** The packages whose versions follow the spec: a breaking spec change is a major bump of these. */
export const SPEC_PACKAGES = ['@nox-energy/types', '@nox-energy/client'];

/** Release tags are `<package>@<version>` (changesets' format); this package's tags mark a spec release. */
export const RELEASE_TAG_PACKAGE = '@nox-energy/types';
