// Checks of a packed package: its manifest (what npm users and provenance need), publint and
// arethetypeswrong, all on the tarball that would be published, not on the workspace folder.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { problemKindInfo } from '@arethetypeswrong/core/problems';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { repoRoot, workspacePackages } from './workspace.mjs';

/** @typedef {import('./pack.mjs').PackedPackage} PackedPackage */

const CODE = /\.(c|m)?js$/;

/**
 * Whether the package ships JavaScript (and so needs ESM + CJS entry points with types for each).
 * @param {Record<string, any>} manifest
 */
export function shipsCode(manifest) {
  const targets = JSON.stringify(manifest.exports ?? {}) + String(manifest.main ?? '');
  return /\.(c|m)?js"/.test(targets) || CODE.test(String(manifest.main ?? ''));
}

/**
 * Manifest rules every published package follows. Returns problems; empty means fine.
 * @param {PackedPackage} pkg
 * @param {Record<string, any>} [rootManifest]
 * @returns {string[]}
 */
export function checkManifest(pkg, rootManifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'))) {
  const m = pkg.manifest;
  const problems = [];
  const has = (/** @type {string} */ path) => pkg.files.some((f) => f.path === path.replace(/^\.\//, ''));

  for (const field of ['description', 'license', 'files']) {
    if (!m[field]) {
      problems.push(`package.json has no "${field}"`);
    }
  }
  if (!m.engines?.node) {
    problems.push('package.json has no "engines.node"');
  }
  if (m.license && m.license !== rootManifest.license) {
    problems.push(`license is ${m.license}, the repository's is ${rootManifest.license}`);
  }
  const repo = m.repository;
  const expectedDir = relative(repoRoot, pkg.dir);
  if (!repo || typeof repo !== 'object' || !repo.url) {
    problems.push('package.json has no "repository" { type, url, directory } (npm provenance checks it)');
  } else {
    if (rootManifest.repository?.url && repo.url !== rootManifest.repository.url) {
      problems.push(`repository.url is ${repo.url}, the root package.json says ${rootManifest.repository.url}`);
    }
    if (repo.directory !== expectedDir) {
      problems.push(`repository.directory is ${repo.directory ?? '(none)'}, expected ${expectedDir}`);
    }
  }
  if (!pkg.files.some((f) => /^readme(\.md)?$/i.test(f.path))) {
    problems.push('the tarball has no README.md');
  }
  if (JSON.stringify(m).includes('workspace:')) {
    problems.push('the packed package.json still has a workspace: range');
  }

  if (shipsCode(m)) {
    // Every code entry point (".", and subpaths such as "./webhooks"), not only the root.
    const subpaths = ['.', ...Object.keys(m.exports ?? {}).filter((key) => key !== '.' && !key.endsWith('.json'))];
    for (const subpath of subpaths) {
      for (const condition of ['import', 'require']) {
        const entry = m.exports?.[subpath]?.[condition];
        if (!entry?.types || !entry?.default) {
          problems.push(`exports["${subpath}"].${condition} needs both "types" and "default"`);
          continue;
        }
        for (const file of [entry.types, entry.default]) {
          if (!has(file)) {
            problems.push(`exports["${subpath}"].${condition} points to ${file}, which is not in the tarball`);
          }
        }
      }
    }
    if (!m.types || !has(m.types)) {
      problems.push('"types" (for TypeScript without exports support) is missing or not in the tarball');
    }
  }
  for (const [name, file] of Object.entries(typeof m.bin === 'string' ? { [m.name]: m.bin } : (m.bin ?? {}))) {
    const entry = pkg.files.find((f) => f.path === String(file).replace(/^\.\//, ''));
    if (!entry) {
      problems.push(`bin ${name} points to ${file}, which is not in the tarball`);
    }
  }
  return problems;
}

/**
 * A published package must not need a private workspace package (e.g. the spec reader, which the mock and the
 * contract tests bundle): not as a dependency, and not as an import or `require` in a shipped file, types
 * included. Source maps are left out (their `sourcesContent` quotes the source as written).
 * @param {PackedPackage} pkg
 * @param {string[]} [privateNames]
 * @returns {string[]}
 */
export function checkPrivateImports(
  pkg,
  privateNames = workspacePackages()
    .filter((p) => p.private)
    .map((p) => p.name),
) {
  const problems = [];
  const m = pkg.manifest;
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const name of Object.keys(m[field] ?? {}).filter((dep) => privateNames.includes(dep))) {
      problems.push(`${field} names ${name}, a private package npm users cannot install`);
    }
  }
  const shipped = pkg.files
    .map((f) => f.path)
    .filter((path) => /\.(c|m)?(js|ts)$/.test(path))
    .sort();
  for (const path of shipped) {
    const text = execFileSync('tar', ['-xzOf', pkg.tarball, `package/${path}`], { encoding: 'utf8' });
    for (const name of privateNames) {
      const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      if (new RegExp(`(from\\s*|require\\(\\s*|import\\(\\s*)['"]${escaped}(/[^'"]*)?['"]`).test(text)) {
        problems.push(`${path} imports ${name}, a private package npm users cannot install`);
      }
    }
  }
  return problems;
}

/**
 * publint on the tarball; warnings count as errors (strict), suggestions are reported but pass.
 * @param {PackedPackage} pkg
 * @returns {Promise<{ problems: string[], suggestions: string[] }>}
 */
export async function runPublint(pkg) {
  const data = readFileSync(pkg.tarball);
  const tarball = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  const { messages, pkg: manifest } = await publint({ pack: { tarball }, strict: true, level: 'suggestion' });
  const text = (/** @type {import('publint').Message} */ m) =>
    `${m.code}: ${formatMessage(m, manifest, { color: false })}`;
  return {
    problems: messages.filter((m) => m.type !== 'suggestion').map(text),
    suggestions: messages.filter((m) => m.type === 'suggestion').map(text),
  };
}

/**
 * arethetypeswrong on the tarball, for every entry point under node10, node16 (CJS and ESM) and bundler
 * resolution. A package that ships no code (the spec files) has no types to check.
 * @param {PackedPackage} pkg
 * @returns {Promise<string[]>}
 */
export async function runAttw(pkg) {
  if (!shipsCode(pkg.manifest)) {
    return [];
  }
  const result = await checkPackage(createPackageFromTarballData(new Uint8Array(readFileSync(pkg.tarball))));
  if (!result.types) {
    return ['ships JavaScript without types'];
  }
  return result.problems.map((problem) => {
    const info = problemKindInfo[problem.kind];
    const at = [
      'entrypoint' in problem ? problem.entrypoint : undefined,
      'resolutionKind' in problem ? problem.resolutionKind : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    return `${problem.kind} ${info.title}${at ? ` (${at})` : ''}: ${info.description}`;
  });
}
